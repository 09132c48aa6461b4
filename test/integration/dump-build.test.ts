import { copyFile, mkdir, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readExecutableBuildId } from '../../src/adapters/elf/elf-build-id.js';
import { buildFixture, expectedCrashSite, produceCore, type BuiltFixture } from '../fixtures/crash-fixture.js';
import { makeTempDir } from '../fixtures/git-repo.js';
import { errorLines, runCli } from '../fixtures/run-cli.js';

/**
 * Every dump gets its own build from `symbols`: two real builds of the
 * mini-server (the second compiled from shifted sources, so each line number
 * differs), one in a folder of builds and one in a `.build-id` tree, and a real
 * core of each. A wrong executable would give the other build's lines.
 */
let base: BuiltFixture;
let shifted: BuiltFixture;
let baseId: string;
let shiftedId: string;
let baseCore: string;
let shiftedCore: string;
let builds: string;
let debug: string;

beforeAll(async () => {
  [base, shifted] = await Promise.all([buildFixture(), buildFixture({ shift: true })]);
  const work = await makeTempDir('dump-build-');
  [baseCore, shiftedCore] = await Promise.all([produceCore(base.executable, 'null-read', { workDir: work }), produceCore(shifted.executable, 'divide-by-zero', { workDir: work })]);
  baseId = (await readExecutableBuildId(base.executable)) ?? '';
  shiftedId = (await readExecutableBuildId(shifted.executable)) ?? '';
  // A folder of builds holding the base build, and a .build-id tree holding the shifted one.
  builds = path.join(work, 'builds');
  await mkdir(path.join(builds, 'r1'), { recursive: true });
  await copyFile(base.executable, path.join(builds, 'r1', 'worldserver'));
  debug = path.join(work, 'debug');
  await mkdir(path.join(debug, '.build-id', shiftedId.slice(0, 2)), { recursive: true });
  await copyFile(shifted.executable, path.join(debug, '.build-id', shiftedId.slice(0, 2), shiftedId.slice(2)));
});

async function culprits(state: string): Promise<Map<string, number | undefined>> {
  const out = new Map<string, number | undefined>();
  for (const job of await readdir(path.join(state, 'jobs'))) {
    const record = JSON.parse(await readFile(path.join(state, 'jobs', job, 'job.json'), 'utf8')) as { state: { dump: { path: string }; report: { culprit: { line: number } | null } } };
    out.set(path.basename(record.state.dump.path), record.state.report.culprit?.line);
  }
  return out;
}

const site = (fixture: BuiltFixture, mode: 'null-read' | 'divide-by-zero'): number => expectedCrashSite(fixture.sourceDir, mode).line;

describe('each dump gets its own build from symbols', () => {
  it('watch --once with only --symbols: each core is read with its own build, also after a restart', async () => {
    expect(baseId).not.toBe(shiftedId);
    expect(site(shifted, 'null-read')).not.toBe(site(base, 'null-read'));
    const dir = await makeTempDir('dumps-');
    const state = await makeTempDir('watch-state-');
    await copyFile(baseCore, path.join(dir, 'base.core'));
    await copyFile(shiftedCore, path.join(dir, 'shifted.core'));
    const watch = () => runCli(['watch', dir, '--once', '--symbols', builds, '--symbols', debug, '--source-root', base.sourceDir, '--state-dir', state]);

    const first = await watch();
    expect(errorLines(first.stderr)).toEqual([]);
    expect(first.stderr).toContain('watch: 2 dump(s) handled, 0 already handled, 0 failed');
    expect(first.stderr).toContain(`base.core was written by worldserver (build id ${baseId}): found ${path.join(builds, 'r1', 'worldserver')} in 'symbols'`);
    expect(first.stderr).toContain(`shifted.core was written by worldserver (build id ${shiftedId}): found ${path.join(debug, '.build-id', shiftedId.slice(0, 2), shiftedId.slice(2))} in 'symbols'`);
    expect(await culprits(state)).toEqual(new Map([['base.core', site(base, 'null-read')], ['shifted.core', site(shifted, 'divide-by-zero')]]));

    // The job records name the executable each used: a restart finds nothing changed.
    const again = await watch();
    expect(again.stderr).toContain('watch: 0 dump(s) handled, 2 already handled, 0 failed');
  });

  it('analyze with the executable of another build: a warning naming both, and the right build from symbols', async () => {
    const state = await makeTempDir('analyze-state-');
    const run = await runCli(['analyze', '--dump', shiftedCore, '--exe', base.executable, '--symbols', builds, '--symbols', debug, '--source-root', base.sourceDir, '--state-dir', state, '--json']);
    expect(errorLines(run.stderr)).toEqual([]);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(
      `warning: Executable ${base.executable} is another build (build id ${baseId}) than the one ${shiftedCore} was written by, worldserver (build id ${shiftedId}); using ${path.join(debug, '.build-id', shiftedId.slice(0, 2), shiftedId.slice(2))} from 'symbols' instead`,
    );
    const report = JSON.parse(run.stdout) as { culprit: { line: number }; dump: { executable: string } };
    expect(report.culprit.line).toBe(site(shifted, 'divide-by-zero'));
    expect(report.dump.executable).toBe(path.join(debug, '.build-id', shiftedId.slice(0, 2), shiftedId.slice(2)));
  });

  it.each([
    { what: 'the executable of another build', exe: true },
    { what: 'no executable', exe: false },
  ])('analyze with $what and no build of the core in symbols: one line naming the build ids and where it looked', async ({ exe }) => {
    const state = await makeTempDir('analyze-state-');
    const run = await runCli(['analyze', '--dump', shiftedCore, ...(exe ? ['--exe', base.executable] : []), '--symbols', builds, '--source-root', base.sourceDir, '--state-dir', state]);
    expect(run.code).not.toBe(0);
    const [line, ...more] = errorLines(run.stderr);
    expect(more).toEqual([]);
    expect(line).toContain(`wanted worldserver (build id ${shiftedId}); looked in ${builds} (`);
    if (exe) expect(line).toMatch(new RegExp(`^error: Executable ${base.executable} is another build \\(build id ${baseId}\\) than the one ${shiftedCore} was written by`));
    else expect(line).toMatch(/^error: No worldserver of the build .* names was found/);
    // Nothing was started for it.
    expect(await readdir(path.join(state, 'jobs')).catch(() => [])).toEqual([]);
  });
});
