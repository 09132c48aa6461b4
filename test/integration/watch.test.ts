import { copyFile, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildFixture, produceCore, type BuiltFixture } from '../fixtures/crash-fixture.js';
import { makeTempDir } from '../fixtures/git-repo.js';
import { runCli, type CliRun } from '../fixtures/run-cli.js';

let fixture: BuiltFixture;
let cores: string[];

beforeAll(async () => {
  fixture = await buildFixture();
  const work = await makeTempDir('watch-cores-');
  cores = [await produceCore(fixture.executable, 'null-read', { workDir: work }), await produceCore(fixture.executable, 'divide-by-zero', { workDir: work }), await produceCore(fixture.executable, 'libc', { workDir: work })];
});

function watchOnce(dir: string, state: string): Promise<CliRun> {
  return runCli(['watch', dir, '--once', '--exe', fixture.executable, '--source-root', fixture.sourceDir, '--state-dir', state]);
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

  it('takes up a dump again when its job can go further, and says when only --fresh would help', async () => {
    const dir = await makeTempDir('dumps-');
    const state = await makeTempDir('watch-state-');
    await copyFile(cores[0] ?? '', path.join(dir, 'worldserver-1.core'));
    await writeFile(path.join(dir, 'broken.core'), 'not an ELF core at all');
    const first = await watchOnce(dir, state);
    expect(first.stderr).toContain('watch: 1 dump(s) handled, 0 already handled, 1 failed');

    // The same settings: nothing can go further; the failed one says what would.
    const same = await watchOnce(dir, state);
    expect(same.stderr).toContain('watch: 0 dump(s) handled, 2 already handled, 0 failed');
    expect(same.stderr).toMatch(/broken\.core: skipped, its job failed for good \(.*\); run 'crash-autofix fix --dump .*broken\.core --fresh' to start it again/);

    // A setting that shapes the report changed: the report is made again.
    const changed = await runCli(['watch', dir, '--once', '--exe', fixture.executable, '--source-root', fixture.sourceDir, '--state-dir', state, '--culprit-ignore', 'WorldSession::*']);
    expect(changed.stderr).toMatch(/Again \(settings changed \(culprit-ignore\)\): .*worldserver-1\.core/);
    expect(changed.stderr).toContain('watch: 1 dump(s) handled, 1 already handled, 0 failed');
  });

  it('keeps watching until stopped, picking up a dump once its size has settled', async () => {
    const dir = await makeTempDir('dumps-');
    const state = await makeTempDir('watch-state-');
    // In this process, so a real SIGTERM to it is what stops the watch (its handler keeps the process alive).
    const watching = runCli(['watch', dir, '--poll-interval', '1', '--exe', fixture.executable, '--source-root', fixture.sourceDir, '--state-dir', state]);
    await copyFile(cores[0] ?? '', path.join(dir, 'late.core'));
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline && !(await jobStates(state)).includes('ANALYSIS_SKIPPED')) await new Promise((r) => setTimeout(r, 250));
    process.kill(process.pid, 'SIGTERM');
    const run = await watching;
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('late.core: ANALYSIS_SKIPPED');
    expect(run.stderr).toContain('watch: 1 dump(s) handled');
    // The watch let go of the signals it handled.
    expect(process.listenerCount('SIGTERM') + process.listenerCount('SIGINT')).toBe(0);
  });

  it('refuses a folder that does not exist', async () => {
    const missing = await watchOnce('/nonexistent/dumps', await makeTempDir('watch-state-'));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/error: \/nonexistent\/dumps is not a folder/);
  });
});
