import { execFile, spawn } from 'node:child_process';
import { copyFile, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildFixture, produceCore, type BuiltFixture } from '../fixtures/crash-fixture.js';
import { makeTempDir } from '../fixtures/git-repo.js';

const CLI = path.resolve('dist/cli/index.js');
let fixture: BuiltFixture;
let cores: string[];

beforeAll(async () => {
  fixture = await buildFixture();
  const work = await makeTempDir('watch-cores-');
  cores = [await produceCore(fixture.executable, 'null-read', { workDir: work }), await produceCore(fixture.executable, 'divide-by-zero', { workDir: work }), await produceCore(fixture.executable, 'libc', { workDir: work })];
});

async function watchOnce(dir: string, state: string): Promise<{ code: number; stderr: string }> {
  const args = [CLI, 'watch', dir, '--once', '--exe', fixture.executable, '--source-root', fixture.sourceDir, '--state-dir', state];
  try {
    const { stderr } = await promisify(execFile)(process.execPath, args, { env: { PATH: process.env.PATH, HOME: process.env.HOME } });
    return { code: 0, stderr };
  } catch (e) {
    const err = e as { code: number; stderr: string };
    return { code: err.code, stderr: err.stderr };
  }
}

async function jobStates(state: string): Promise<string[]> {
  const jobs = await readdir(path.join(state, 'jobs')).catch(() => [] as string[]);
  const states: string[] = [];
  for (const job of jobs) states.push((JSON.parse(await readFile(path.join(state, 'jobs', job, 'job.json'), 'utf8')) as { state: { status: string } }).state.status);
  return states.sort();
}

describe('crash-autofix watch', () => {
  it('handles each dump once, also across a restart, and ignores other files', async () => {
    const dir = await makeTempDir('dumps-');
    const state = await makeTempDir('watch-state-');
    await copyFile(cores[0] ?? '', path.join(dir, 'worldserver-1.core'));
    await copyFile(cores[1] ?? '', path.join(dir, 'core.4242'));
    await writeFile(path.join(dir, 'notes.txt'), 'not a dump');

    const first = await watchOnce(dir, state);
    expect(first.code).toBe(0);
    expect(first.stderr).toContain('watch: 2 dump(s) handled, 0 already handled, 0 failed');
    // No API key: each job writes its report and stops there.
    expect(await jobStates(state)).toEqual(['ANALYSIS_SKIPPED', 'ANALYSIS_SKIPPED']);

    const restart = await watchOnce(dir, state);
    expect(restart.stderr).toContain('watch: 0 dump(s) handled, 2 already handled, 0 failed');

    await copyFile(cores[2] ?? '', path.join(dir, 'worldserver-2.core'));
    const third = await watchOnce(dir, state);
    expect(third.stderr).toContain('watch: 1 dump(s) handled, 2 already handled, 0 failed');
    expect(await jobStates(state)).toHaveLength(3);
  });

  it('keeps watching until stopped, picking up a dump once its size has settled', async () => {
    const dir = await makeTempDir('dumps-');
    const state = await makeTempDir('watch-state-');
    const child = spawn(process.execPath, [CLI, 'watch', dir, '--poll-interval', '1', '--exe', fixture.executable, '--source-root', fixture.sourceDir, '--state-dir', state], {
      env: { PATH: process.env.PATH, HOME: process.env.HOME },
    });
    let stderr = '';
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    await copyFile(cores[0] ?? '', path.join(dir, 'late.core'));
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline && (await jobStates(state)).length === 0) await new Promise((r) => setTimeout(r, 250));
    while (Date.now() < deadline && !stderr.includes('late.core: ANALYSIS_SKIPPED')) await new Promise((r) => setTimeout(r, 250));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(stderr).toContain('late.core: ANALYSIS_SKIPPED');
    expect(stderr).toContain('watch: 1 dump(s) handled');
  });

  it('refuses a folder that does not exist', async () => {
    const missing = await watchOnce('/nonexistent/dumps', await makeTempDir('watch-state-'));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/error: \/nonexistent\/dumps is not a folder/);
  });
});
