import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workspaceLease } from '../../../src/toolchain/workspace.js';

describe('workspaceLease', () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'caf-ws-'));
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it('gives the same tree and build folders to every job and locks only while held', async () => {
    const workDir = path.join(root, 'server');
    const first = workspaceLease(workDir);
    const ws = await first.acquire();
    expect(ws).toEqual({ treeDir: path.join(workDir, 'tree'), buildDir: path.join(workDir, 'build'), runDir: path.join(workDir, 'run') });
    expect(existsSync(ws.runDir)).toBe(true);
    expect(existsSync(ws.buildDir)).toBe(true);
    expect(await first.acquire()).toBe(ws);
    expect(await readFile(path.join(workDir, 'workspace.lock', 'owner'), 'utf8')).toBe(`${process.pid}@${os.hostname()}`);
    await first.release();
    await first.release();
    expect(existsSync(path.join(workDir, 'workspace.lock'))).toBe(false);
    const second = workspaceLease(workDir);
    expect(await second.acquire()).toEqual(ws);
    await second.release();
  });

  it('makes a second job wait for the first, says so once, and times out with one line', async () => {
    const workDir = path.join(root, 'locked');
    const held = workspaceLease(workDir);
    await held.acquire();
    const waits: string[] = [];
    const loser = workspaceLease(workDir, { waitMs: 150, pollMs: 20, onWait: (o) => waits.push(o) });
    await expect(loser.acquire()).rejects.toThrow(/^Another job holds the work folder lock .*workspace\.lock \(\d+@.+\); wait for it to finish/);
    expect(waits).toEqual([`${process.pid}@${os.hostname()}`]);
    // A lease that never got the lock must not remove the holder's.
    await loser.release();
    expect(existsSync(path.join(workDir, 'workspace.lock'))).toBe(true);
    const waiting = workspaceLease(workDir, { waitMs: 5000, pollMs: 20 });
    setTimeout(() => void held.release(), 100);
    expect((await waiting.acquire()).treeDir).toBe(path.join(workDir, 'tree'));
    await waiting.release();
  });

  it('takes over a lock whose process has died', async () => {
    const workDir = path.join(root, 'stale');
    await mkdir(path.join(workDir, 'workspace.lock'), { recursive: true });
    await writeFile(path.join(workDir, 'workspace.lock', 'owner'), `999999999@${os.hostname()}`);
    const lease = workspaceLease(workDir, { waitMs: 1000, pollMs: 20 });
    await lease.acquire();
    expect(await readFile(path.join(workDir, 'workspace.lock', 'owner'), 'utf8')).toBe(`${process.pid}@${os.hostname()}`);
    await lease.release();
  });
});
