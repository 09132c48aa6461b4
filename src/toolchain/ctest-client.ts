import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import type { ProcessRunner } from '../adapters/exec/process-runner.js';
import { combinedOutput, tail } from './build-result.js';
import { parseCtestSummary } from './ctest-summary.js';
import { parseJunit, type TestCounts } from './junit-report.js';
import { probeToolVersion, versionAtLeast, type ToolVersion } from '../adapters/exec/tool-version.js';

export interface TestRunInput {
  buildDir: string;
  /** `-R`: only tests whose name matches. */
  regex?: string;
  /** `-C` for multi-config generators. */
  config?: string;
  timeoutMs: number;
  parallel?: number;
  /** Where CTest writes its JUnit report; `<buildDir>/crash-autofix-ctest.xml` when absent. */
  junitFile?: string;
}

export interface TestResult extends TestCounts {
  /** Every selected test ran and passed, and there was at least one. */
  ok: boolean;
  durationMs: number;
  /** The JUnit report the counts came from, or null when they came from CTest's summary text (CTest < 3.21). */
  junitFile: string | null;
  exitCode: number | null;
  timedOut: boolean;
  /** CTest's output (failed tests' output included), cut to its last 64 KiB. */
  output: string;
}

export interface CtestClient {
  run(input: TestRunInput): Promise<TestResult>;
}

export interface ExecCtestClientOptions {
  /** ctest to run; `ctest` on PATH when absent. */
  ctestPath?: string;
  runner: ProcessRunner;
}

export const MIN_CTEST: [number, number] = [3, 16];
const INSTALL = "install CMake 3.16 or newer, which includes ctest, or set 'test-command' to your own test runner";
const OUTPUT_BYTES = 64 * 1024;

/** Runs CTest in a configured and built folder and counts the results, from JUnit when CTest can write it. */
export class ExecCtestClient implements CtestClient {
  private constructor(
    private readonly ctestPath: string,
    private readonly runner: ProcessRunner,
    readonly version: ToolVersion,
  ) {}

  static async create(options: ExecCtestClientOptions): Promise<ExecCtestClient> {
    const ctestPath = options.ctestPath ?? 'ctest';
    const version = await probeToolVersion(options.runner, { toolPath: ctestPath, name: 'ctest', min: MIN_CTEST, install: INSTALL });
    return new ExecCtestClient(ctestPath, options.runner, version);
  }

  /** `--output-junit` came with CTest 3.21. */
  get writesJunit(): boolean {
    return versionAtLeast(this.version, [3, 21]);
  }

  async run(input: TestRunInput): Promise<TestResult> {
    const junitFile = this.writesJunit ? path.resolve(input.junitFile ?? path.join(input.buildDir, 'crash-autofix-ctest.xml')) : null;
    const args = ['--output-on-failure'];
    if (versionAtLeast(this.version, [3, 17])) args.push('--no-tests=error');
    if (junitFile) {
      // A report left by an earlier run must not stand in for this one.
      await rm(junitFile, { force: true });
      args.push('--output-junit', junitFile);
    }
    if (input.regex !== undefined) args.push('-R', input.regex);
    if (input.config !== undefined) args.push('-C', input.config);
    if (input.parallel !== undefined) args.push('-j', String(input.parallel));
    const run = await this.runner.run(this.ctestPath, args, { cwd: input.buildDir, timeoutMs: input.timeoutMs });
    const output = combinedOutput(run);
    const fromJunit = junitFile ? parseJunit(await readFile(junitFile, 'utf8').catch(() => '')) : null;
    const counts = fromJunit ?? parseCtestSummary(output) ?? { total: 0, passed: 0, failed: 0, skipped: 0, failedTests: [] };
    return {
      total: counts.total,
      passed: counts.passed,
      failed: counts.failed,
      skipped: counts.skipped,
      failedTests: counts.failedTests,
      ok: run.exitCode === 0 && !run.timedOut && counts.failed === 0 && counts.total > 0,
      durationMs: Math.round(run.durationMs),
      junitFile: fromJunit ? junitFile : null,
      exitCode: run.timedOut ? null : run.exitCode,
      timedOut: run.timedOut,
      output: tail(output, OUTPUT_BYTES),
    };
  }
}
