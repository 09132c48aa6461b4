import path from 'node:path';
import { CrashAutofixError } from '../base/errors.js';
import type { ProcessRunner } from '../adapters/exec/process-runner.js';
import type { ReproRun } from '../domain/job-state.js';
import { buildFailure } from './build-result.js';
import type { FixBuilder } from './fix-builder.js';
import { expandReproCommand, reproduce } from './reproduce.js';

/** The reproduction gate's two runs of `repro-command`. */
export interface Reproducer {
  /** Builds the work tree as it is (the base commit) and runs the command against it. */
  unfixed: (worktreeDir: string) => Promise<ReproRun>;
  /** Runs the command against the fixed build that the compile stage made. */
  fixed: (worktreeDir: string, buildDir: string) => Promise<ReproRun>;
}

export interface ReproducerOptions {
  /** `repro-command`, split, with its `{build-dir}` and `{work-tree}` placeholders. */
  command: readonly string[];
  timeoutMs: number;
  platform: NodeJS.Platform;
  /** The confined runner: the command runs repository code. */
  runner: ProcessRunner;
  builder: FixBuilder;
  /** The working folder of each run, outside the work tree (core files land there, never in the fix). */
  runDir: () => Promise<string>;
  /** The job folder: the unfixed build's log and each run's output go there. */
  job: { dir: string; writeFile: (name: string, content: string) => Promise<string> };
}

/** Runs `repro-command` on the unfixed and the fixed build; each run's output is kept as `repro-<which>.log`. */
export function createReproducer(options: ReproducerOptions): Reproducer {
  const run = async (which: 'unfixed' | 'fixed', workTree: string, buildDir: string): Promise<ReproRun> => {
    const { argv, env } = expandReproCommand(options.command, { buildDir, workTree });
    let result;
    try {
      result = await reproduce({ command: argv, cwd: await options.runDir(), timeoutMs: options.timeoutMs, runner: options.runner, env, platform: options.platform });
    } catch (e) {
      if (e instanceof CrashAutofixError && e.kind === 'tool-missing') {
        throw new CrashAutofixError('config', `'repro-command' cannot start ${JSON.stringify(argv[0])} on the ${which} build: not found; point it at the built program, e.g. "{build-dir}/worldserver"`, { cause: e });
      }
      throw e;
    }
    const logFile = await options.job.writeFile(`repro-${which}.log`, `$ ${argv.join(' ')}\n${result.output}`);
    const { crashed, signal, exitCode, timedOut, durationMs } = result;
    return { crashed, signal, exitCode, timedOut, durationMs, logFile };
  };
  return {
    unfixed: async (worktreeDir) => {
      const logFile = path.join(options.job.dir, 'build-unfixed.log');
      const { result, buildDir } = await options.builder.build(worktreeDir, logFile);
      if (!result.ok) {
        throw new CrashAutofixError('tool-failed', `The base commit does not build (${buildFailure(result)}), so the crash cannot be reproduced on it; build log: ${logFile}. Fix the build, or remove 'repro-command'`);
      }
      return run('unfixed', worktreeDir, buildDir);
    },
    fixed: (worktreeDir, buildDir) => run('fixed', worktreeDir, buildDir),
  };
}
