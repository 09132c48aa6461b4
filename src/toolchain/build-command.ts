import type { ProcessRunner } from '../adapters/exec/process-runner.js';
import { toBuildResult, type BuildResult } from './build-result.js';

export interface CustomBuildInput {
  /** From `splitCommandLine(settings['build-command'])`: run directly, never through a shell. */
  argv: readonly string[];
  cwd: string;
  timeoutMs: number;
  logFile?: string;
  env?: Record<string, string>;
}

/** Runs the user's own build command instead of `cmake --build`; diagnostics are parsed from its output all the same. */
export async function runBuildCommand(runner: ProcessRunner, input: CustomBuildInput): Promise<BuildResult> {
  const [command, ...args] = input.argv;
  if (command === undefined) throw new TypeError('runBuildCommand needs a command');
  const run = await runner.run(command, args, { cwd: input.cwd, timeoutMs: input.timeoutMs, ...(input.env ? { env: input.env } : {}) });
  return toBuildResult(run, input.logFile);
}
