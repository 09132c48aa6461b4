import { describe, expect, it } from 'vitest';
import { ExecCtestClient } from '../../../src/toolchain/ctest-client.js';
import { FakeProcessRunner } from '../../fakes/fake-process-runner.js';

describe('ExecCtestClient (scripted ctest)', () => {
  it('falls back to the summary text on CTest older than 3.21', async () => {
    const runner = new FakeProcessRunner()
      .on({ args: ['--version'] }, { stdout: 'ctest version 3.18.4\n' })
      .on({ command: 'ctest' }, { exitCode: 8, stdout: '50% tests passed, 1 tests failed out of 2\n\nThe following tests FAILED:\n\t  2 - world.latency (Failed)\nErrors while running CTest\n' });
    const ctest = await ExecCtestClient.create({ runner });
    expect(ctest.writesJunit).toBe(false);
    const result = await ctest.run({ buildDir: '/b', timeoutMs: 1000, regex: 'world', parallel: 2 });
    expect(result).toMatchObject({ ok: false, total: 2, passed: 1, failed: 1, skipped: 0, failedTests: ['world.latency'], junitFile: null, exitCode: 8 });
    expect(runner.calls.at(-1)?.args).toEqual(['--output-on-failure', '--no-tests=error', '-R', 'world', '-j', '2']);
    expect(runner.calls.at(-1)?.options?.cwd).toBe('/b');
  });

  it('is not ok when no test ran', async () => {
    const runner = new FakeProcessRunner()
      .on({ args: ['--version'] }, { stdout: 'ctest version 3.16.3\n' })
      .on({ command: 'ctest' }, { exitCode: 0, stdout: 'Test project /b\nNo tests were found!!!\n' });
    const result = await (await ExecCtestClient.create({ runner })).run({ buildDir: '/b', timeoutMs: 1000 });
    expect(result).toMatchObject({ ok: false, total: 0 });
    expect(runner.calls.at(-1)?.args).toEqual(['--output-on-failure']);
  });

  it('refuses ctest older than 3.16', async () => {
    const runner = new FakeProcessRunner().on({ args: ['--version'] }, { stdout: 'ctest version 3.5.1\n' });
    await expect(ExecCtestClient.create({ runner })).rejects.toThrow("ctest 3.5.1 at 'ctest' is too old; crash-autofix needs ctest 3.16 or newer");
  });
});
