import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareBuildDirs, safeName } from '../../../src/build/build-dirs.js';

describe('prepareBuildDirs', () => {
  let workDir: string;
  beforeAll(async () => {
    workDir = await mkdtemp(path.join(os.tmpdir(), 'caf-dirs-'));
  });
  afterAll(() => rm(workDir, { recursive: true, force: true }));

  it('gives the same folders for the same repository on every job', async () => {
    const first = await prepareBuildDirs({ workDir, repoId: 'acme/server' });
    expect(first.buildDir).toBe(path.join(workDir, 'builds', safeName('acme/server'), 'build'));
    expect(existsSync(first.buildDir) && existsSync(first.logDir)).toBe(true);
    await first.release();
    const second = await prepareBuildDirs({ workDir, repoId: 'acme/server' });
    expect(second.buildDir).toBe(first.buildDir);
    await second.release();
  });

  it('makes a second job wait for the first and times out with one line', async () => {
    const held = await prepareBuildDirs({ workDir, repoId: 'acme/locked' });
    await expect(prepareBuildDirs({ workDir, repoId: 'acme/locked', waitMs: 150, pollMs: 20 })).rejects.toThrow(/^Another job holds the build folder lock .*build\.lock \(\d+@.+\); wait for it to finish/);
    const waiting = prepareBuildDirs({ workDir, repoId: 'acme/locked', waitMs: 5000, pollMs: 20 });
    setTimeout(() => void held.release(), 100);
    const next = await waiting;
    expect(next.buildDir).toBe(held.buildDir);
    await next.release();
  });

  it('takes over a lock whose process has died', async () => {
    const root = path.join(workDir, 'builds', safeName('acme/stale'));
    await mkdir(path.join(root, 'build.lock'), { recursive: true });
    await writeFile(path.join(root, 'build.lock', 'owner'), `999999999@${os.hostname()}`);
    const dirs = await prepareBuildDirs({ workDir, repoId: 'acme/stale', waitMs: 1000, pollMs: 20 });
    await dirs.release();
  });

  it('makes ids safe for folder names and keeps look-alikes apart', () => {
    expect(safeName('acme/server')).toMatch(/^acme__server-[0-9a-f]{8}$/);
    expect(safeName('../etc')).toMatch(/^___etc-[0-9a-f]{8}$/);
    expect(safeName('a/b')).not.toBe(safeName('a__b'));
    expect(() => safeName('  ')).toThrow('Repository id "  " cannot name a build folder');
  });
});
