import type { ProcessRunner } from '../adapters/exec/process-runner.js';
import { combinedOutput, tail } from './build-result.js';

export interface CustomTestInput {
  /** From `splitCommandLine(settings['test-command'])`: run directly, never through a shell. */
  argv: readonly string[];
  cwd: string;
  timeoutMs: number;
  env?: Record<string, string>;
}

export interface CustomTestResult {
  /** Exit code 0 within the time limit. */
  ok: boolean;
  exitCode: number | null;
  timedOut: boolean;
  durationMs: number;
  /** Its output, cut to the last 64 KiB. */
  output: string;
}

/** Runs the user's own test command instead of CTest; only its exit code says whether the tests passed. */
export async function runTestCommand(runner: ProcessRunner, input: CustomTestInput): Promise<CustomTestResult> {
  const [command, ...args] = input.argv;
  if (command === undefined) throw new TypeError('runTestCommand needs a command');
  const run = await runner.run(command, args, { cwd: input.cwd, timeoutMs: input.timeoutMs, ...(input.env ? { env: input.env } : {}) });
  return {
    ok: run.exitCode === 0 && !run.timedOut,
    exitCode: run.timedOut ? null : run.exitCode,
    timedOut: run.timedOut,
    durationMs: Math.round(run.durationMs),
    output: tail(combinedOutput(run), 64 * 1024),
  };
}
