import type { ProcessRunner } from '../adapters/exec/process-runner.js';
import type { CtestClient } from './ctest-client.js';
import type { TestCounts } from './junit-report.js';
import { runTestCommand } from './test-command.js';

/** What the tests gate records of one test run. */
export interface TestRun extends TestCounts {
  ok: boolean;
  durationMs: number;
  runner: 'ctest' | 'command';
}

/** Runs the project's tests against a built fix. */
export interface TestRunner {
  run(target: { worktreeDir: string; buildDir: string }): Promise<TestRun>;
}

export interface CtestRunnerOptions {
  ctest: () => Promise<Pick<CtestClient, 'run'>>;
  /** `test-regex`: only tests whose name matches; all when null. */
  regex: string | null;
  /** `-C` for multi-config generators: the build's configuration. */
  config: string;
  parallel: number;
  timeoutMs: number;
}

/** CTest in the build folder, counting each test. */
export function ctestRunner(options: CtestRunnerOptions): TestRunner {
  return {
    run: async ({ buildDir }) => {
      const ctest = await options.ctest();
      const r = await ctest.run({ buildDir, regex: options.regex ?? undefined, config: options.config, timeoutMs: options.timeoutMs, parallel: options.parallel });
      return { ok: r.ok, total: r.total, passed: r.passed, failed: r.failed, skipped: r.skipped, failedTests: r.failedTests, durationMs: r.durationMs, runner: 'ctest' };
    },
  };
}

export interface CommandTestRunnerOptions {
  /** The confined runner: the command is repository code. */
  runner: ProcessRunner;
  /** `test-command`, split; it runs in the work tree. */
  argv: readonly string[];
  timeoutMs: number;
}

/** The user's own test command: its exit code is the only result, counted as one test named `test-command`. */
export function commandTestRunner(options: CommandTestRunnerOptions): TestRunner {
  return {
    run: async ({ worktreeDir }) => {
      const r = await runTestCommand(options.runner, { argv: options.argv, cwd: worktreeDir, timeoutMs: options.timeoutMs });
      return { ok: r.ok, total: 1, passed: r.ok ? 1 : 0, failed: r.ok ? 0 : 1, skipped: 0, failedTests: r.ok ? [] : ['test-command'], durationMs: r.durationMs, runner: 'command' };
    },
  };
}
