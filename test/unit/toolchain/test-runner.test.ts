import { describe, expect, it } from 'vitest';
import type { TestResult, TestRunInput } from '../../../src/toolchain/ctest-client.js';
import { commandTestRunner, ctestRunner } from '../../../src/toolchain/test-runner.js';
import { FakeProcessRunner } from '../../fakes/fake-process-runner.js';

const TARGET = { worktreeDir: '/w/tree', buildDir: '/w/build' };

describe('ctestRunner', () => {
  it('runs CTest in the build folder with the selection, configuration, parallelism and time limit, keeping the counts', async () => {
    const asked: TestRunInput[] = [];
    const answer: TestResult = { ok: false, total: 4, passed: 2, failed: 1, skipped: 1, failedTests: ['queue_drains'], durationMs: 730, junitFile: '/w/build/crash-autofix-ctest.xml', exitCode: 8, timedOut: false, output: 'long output' };
    const runner = ctestRunner({ ctest: () => Promise.resolve({ run: (input) => (asked.push(input), Promise.resolve(answer)) }), regex: '^queue_', config: 'Debug', parallel: 3, timeoutMs: 120_000 });
    expect(await runner.run(TARGET)).toEqual({ ok: false, total: 4, passed: 2, failed: 1, skipped: 1, failedTests: ['queue_drains'], durationMs: 730, runner: 'ctest' });
    expect(asked).toEqual([{ buildDir: '/w/build', regex: '^queue_', config: 'Debug', parallel: 3, timeoutMs: 120_000 }]);
  });

  it('selects every test without a test-regex', async () => {
    const asked: TestRunInput[] = [];
    const answer: TestResult = { ok: true, total: 1, passed: 1, failed: 0, skipped: 0, failedTests: [], durationMs: 5, junitFile: null, exitCode: 0, timedOut: false, output: '' };
    await ctestRunner({ ctest: () => Promise.resolve({ run: (input) => (asked.push(input), Promise.resolve(answer)) }), regex: null, config: 'Release', parallel: 1, timeoutMs: 1000 }).run(TARGET);
    expect(asked[0]?.regex).toBeUndefined();
  });
});

describe('commandTestRunner', () => {
  it("runs 'test-command' in the work tree and counts it as one passed test when it exits 0", async () => {
    const runner = new FakeProcessRunner().on({ command: './run-tests.sh' }, { exitCode: 0, durationMs: 1500.6 });
    expect(await commandTestRunner({ runner, argv: ['./run-tests.sh', '--quick'], timeoutMs: 60_000 }).run(TARGET)).toEqual({
      ok: true,
      total: 1,
      passed: 1,
      failed: 0,
      skipped: 0,
      failedTests: [],
      durationMs: 1501,
      runner: 'command',
    });
    expect(runner.calls).toEqual([{ command: './run-tests.sh', args: ['--quick'], options: { cwd: '/w/tree', timeoutMs: 60_000 } }]);
  });

  it('counts a non-zero exit or the time limit as one failed test named test-command', async () => {
    const failing = new FakeProcessRunner().on({ command: 'make' }, { exitCode: 2 });
    expect(await commandTestRunner({ runner: failing, argv: ['make', 'check'], timeoutMs: 1000 }).run(TARGET)).toMatchObject({ ok: false, total: 1, passed: 0, failed: 1, failedTests: ['test-command'] });
    const slow = new FakeProcessRunner().on({ command: 'make' }, { exitCode: null, signal: 'SIGKILL', timedOut: true });
    expect(await commandTestRunner({ runner: slow, argv: ['make', 'check'], timeoutMs: 1000 }).run(TARGET)).toMatchObject({ ok: false, failed: 1 });
  });
});
