import { describe, expect, it } from 'vitest';
import { CrashAutofixError } from '../../../src/base/errors.js';
import type { BuildResult } from '../../../src/toolchain/build-result.js';
import type { FixBuilder } from '../../../src/toolchain/fix-builder.js';
import { createReproducer, type ReproducerOptions } from '../../../src/toolchain/reproducer.js';
import { FakeProcessRunner } from '../../fakes/fake-process-runner.js';

const BUILT: BuildResult = { ok: true, durationMs: 40, diagnostics: [], exitCode: 0, timedOut: false, outputTail: '' };

interface Recorded {
  builds: string[];
  files: Map<string, string>;
}

function options(runner: FakeProcessRunner, rec: Recorded, result: BuildResult = BUILT, over: Partial<ReproducerOptions> = {}): ReproducerOptions {
  const builder: FixBuilder = { build: (dir, log) => (rec.builds.push(`${dir} > ${log}`), Promise.resolve({ result, buildDir: '/w/build' })), describe: () => 'cmake Debug' };
  return {
    command: ['{build-dir}/worldserver', '--crash', '{work-tree}/etc/crash.conf'],
    timeoutMs: 30_000,
    platform: 'linux',
    runner,
    builder,
    runDir: () => Promise.resolve('/w/run'),
    job: { dir: '/s', writeFile: (name, content) => (rec.files.set(name, content), Promise.resolve(`/s/${name}`)) },
    ...over,
  };
}

const recorder = (): Recorded => ({ builds: [], files: new Map() });

describe('createReproducer', () => {
  it('builds the base commit, then runs the command on it in the run folder, keeping its output in the job folder', async () => {
    const runner = new FakeProcessRunner().on({ command: '/w/build/worldserver' }, { exitCode: null, signal: 'SIGSEGV', stderr: 'Segmentation fault\n', durationMs: 812.4 });
    const rec = recorder();
    const run = await createReproducer(options(runner, rec)).unfixed('/w/tree');
    expect(rec.builds).toEqual(['/w/tree > /s/build-unfixed.log']);
    expect(runner.calls).toEqual([
      {
        command: '/w/build/worldserver',
        args: ['--crash', '/w/tree/etc/crash.conf'],
        options: { cwd: '/w/run', timeoutMs: 30_000, env: { CRASH_AUTOFIX_BUILD_DIR: '/w/build', CRASH_AUTOFIX_WORK_TREE: '/w/tree' } },
      },
    ]);
    expect(run).toEqual({ crashed: true, signal: 'SIGSEGV', exitCode: null, timedOut: false, durationMs: 812, logFile: '/s/repro-unfixed.log' });
    expect(rec.files.get('repro-unfixed.log')).toBe('$ /w/build/worldserver --crash /w/tree/etc/crash.conf\nSegmentation fault\n');
  });

  it('runs the fixed build the compile stage made, without building again', async () => {
    const runner = new FakeProcessRunner().on({ command: '/w/fixed/worldserver' }, { exitCode: 0, stdout: 'served 3 requests\n' });
    const rec = recorder();
    const run = await createReproducer(options(runner, rec)).fixed('/w/tree', '/w/fixed');
    expect(rec.builds).toEqual([]);
    expect(run).toEqual({ crashed: false, signal: null, exitCode: 0, timedOut: false, durationMs: 0, logFile: '/s/repro-fixed.log' });
    expect(rec.files.get('repro-fixed.log')).toBe('$ /w/fixed/worldserver --crash /w/tree/etc/crash.conf\nserved 3 requests\n');
  });

  it('refuses to reproduce on a base commit that does not build, naming its first error and log', async () => {
    const runner = new FakeProcessRunner();
    const broken: BuildResult = { ...BUILT, ok: false, exitCode: 2, diagnostics: [{ severity: 'error', file: 'src/a.cpp', line: 7, column: 1, code: null, message: "'x' was not declared", notes: [] }] };
    await expect(createReproducer(options(runner, recorder(), broken)).unfixed('/w/tree')).rejects.toMatchObject({
      kind: 'tool-failed',
      message: "The base commit does not build (src/a.cpp:7: 'x' was not declared), so the crash cannot be reproduced on it; build log: /s/build-unfixed.log. Fix the build, or remove 'repro-command'",
    });
    expect(runner.calls).toEqual([]);
  });

  it("says to fix 'repro-command' when its program does not exist", async () => {
    const runner = new FakeProcessRunner().on({ command: '/w/build/worldserver' }, { throws: new CrashAutofixError('tool-missing', '/w/build/worldserver was not found') });
    const error = await createReproducer(options(runner, recorder())).unfixed('/w/tree').catch((e: unknown) => e);
    expect(error).toMatchObject({
      kind: 'config',
      message: `'repro-command' cannot start "/w/build/worldserver" on the unfixed build: not found; point it at the built program, e.g. "{build-dir}/worldserver"`,
    });
    expect((error as Error).cause).toBeInstanceOf(CrashAutofixError);
  });

  it('reads a Windows crash status on a Windows runner', async () => {
    const runner = new FakeProcessRunner().on({ command: '/w/build/worldserver' }, { exitCode: 0xc0000005 });
    const run = await createReproducer(options(runner, recorder(), BUILT, { platform: 'win32' })).fixed('/w/tree', '/w/build');
    expect(run).toMatchObject({ crashed: true, signal: 'STATUS_ACCESS_VIOLATION' });
  });
});
