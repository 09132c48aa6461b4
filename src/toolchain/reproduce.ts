import type { ProcessRunner } from '../adapters/exec/process-runner.js';
import { combinedOutput, tail } from './build-result.js';
import { crashStatus } from './crash-status.js';

export interface ReproduceInput {
  /** Program and arguments, e.g. `[<build>/worldserver, 'null-read']`; never run through a shell. */
  command: readonly string[];
  cwd: string;
  timeoutMs: number;
  runner: ProcessRunner;
  env?: Record<string, string>;
  /** Defaults to the platform this runs on. */
  platform?: NodeJS.Platform;
}

export interface ReproduceResult {
  crashed: boolean;
  /** The signal that ended it (`SIGSEGV`), or on Windows the crash status name; null when it exited. */
  signal: string | null;
  exitCode: number | null;
  /** Killed at the time limit without crashing first. */
  timedOut: boolean;
  durationMs: number;
  /** Its output, cut to the last 16 KiB. */
  output: string;
}

/** Runs the reproduction command once and says whether it crashed. */
export async function reproduce(input: ReproduceInput): Promise<ReproduceResult> {
  const [command, ...args] = input.command;
  if (command === undefined) throw new TypeError('reproduce needs a command');
  const run = await input.runner.run(command, args, { cwd: input.cwd, timeoutMs: input.timeoutMs, ...(input.env ? { env: input.env } : {}) });
  // The kill at the time limit is ours, not the program's.
  const status = run.timedOut ? { crashed: false, reason: null } : crashStatus(run, input.platform ?? process.platform);
  return {
    crashed: status.crashed,
    signal: run.signal ?? status.reason,
    exitCode: run.exitCode,
    timedOut: run.timedOut,
    durationMs: Math.round(run.durationMs),
    output: tail(combinedOutput(run), 16 * 1024),
  };
}

export type ReproductionVerdict = 'passed' | 'failed' | 'not-reproduced';

/** What the verdict looks at; a recorded run without its output qualifies too. */
export type RunFacts = Pick<ReproduceResult, 'crashed' | 'signal' | 'exitCode' | 'timedOut'>;

export interface ReproductionGate<R extends RunFacts = ReproduceResult> {
  verdict: ReproductionVerdict;
  /** One line for the PR body and the job summary. */
  reason: string;
  unfixed: R;
  /** Absent when the unfixed build did not crash: there is nothing to compare against. */
  fixed?: R;
}

export const REPRO_PLACEHOLDERS = ['{build-dir}', '{work-tree}'] as const;

/**
 * `repro-command` for one build: `{build-dir}` and `{work-tree}` replaced in
 * every argument, and the same folders in the environment for scripts.
 */
export function expandReproCommand(command: readonly string[], dirs: { buildDir: string; workTree: string }): { argv: string[]; env: Record<string, string> } {
  const argv = command.map((arg) => arg.replaceAll('{build-dir}', dirs.buildDir).replaceAll('{work-tree}', dirs.workTree));
  return { argv, env: { CRASH_AUTOFIX_BUILD_DIR: dirs.buildDir, CRASH_AUTOFIX_WORK_TREE: dirs.workTree } };
}

/**
 * The verdict from the two runs: the unfixed build must crash (else
 * 'not-reproduced'), the fixed one must not crash; running until the time
 * limit or exiting with any code counts as surviving.
 */
export function judgeReproduction<R extends RunFacts>(unfixed: R, fixed: R | undefined): ReproductionGate<R> {
  if (!unfixed.crashed) {
    const how = unfixed.timedOut ? 'ran until the time limit' : `exited with code ${String(unfixed.exitCode)}`;
    return { verdict: 'not-reproduced', reason: `The unfixed build did not crash (${how}), so the reproduction proves nothing.`, unfixed };
  }
  if (!fixed) throw new TypeError('judgeReproduction needs the fixed run when the unfixed build crashed');
  if (fixed.crashed) {
    return { verdict: 'failed', reason: `The fixed build still crashes (${fixed.signal ?? 'crash'}; unfixed: ${unfixed.signal ?? 'crash'}).`, unfixed, fixed };
  }
  const how = fixed.timedOut ? 'ran until the time limit without crashing' : `exited with code ${String(fixed.exitCode)}`;
  return { verdict: 'passed', reason: `The unfixed build crashes (${unfixed.signal ?? 'crash'}); the fixed build ${how}.`, unfixed, fixed };
}

export interface ReproductionGateInput {
  unfixedCommand: readonly string[];
  fixedCommand: readonly string[];
  cwd: string;
  timeoutMs: number;
  runner: ProcessRunner;
  env?: Record<string, string>;
  platform?: NodeJS.Platform;
}

/** Runs the unfixed build, then (only if it crashed) the fixed build, and judges. */
export async function runReproductionGate(input: ReproductionGateInput): Promise<ReproductionGate> {
  const common = { cwd: input.cwd, timeoutMs: input.timeoutMs, runner: input.runner, ...(input.env ? { env: input.env } : {}), ...(input.platform ? { platform: input.platform } : {}) };
  const unfixed = await reproduce({ ...common, command: input.unfixedCommand });
  if (!unfixed.crashed) return judgeReproduction(unfixed, undefined);
  const fixed = await reproduce({ ...common, command: input.fixedCommand });
  return judgeReproduction(unfixed, fixed);
}
