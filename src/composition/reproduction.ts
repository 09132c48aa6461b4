import { buildFailure } from '../toolchain/build-result.js';
import { expandReproCommand, reproduce } from '../toolchain/reproduce.js';
import { CrashAutofixError } from '../base/errors.js';
import type { ProcessRunner } from '../adapters/exec/process-runner.js';
import type { ReproRun } from '../domain/job-state.js';
import type { Settings } from '../settings/build-settings.js';
import type { FixBuilder } from './build-fix.js';

export interface Reproducer {
  /** Builds the work tree as it is (the base commit) and runs `repro-command` against it. */
  unfixed: (worktreeDir: string) => Promise<ReproRun>;
  /** Runs `repro-command` against the fixed build that the compile stage made. */
  fixed: (worktreeDir: string, buildDir: string) => Promise<ReproRun>;
}

interface ReproducerDeps {
  build: FixBuilder;
  /** The working folder of each run, outside the work tree (core files land there, never in the fix). */
  runDir: () => Promise<string>;
  runner: ProcessRunner;
  writeJobFile: (name: string, content: string) => Promise<string>;
  jobFile: (name: string) => string;
}

/** The reproduction gate's two runs, or null without `repro-command`. */
export function createReproducer(settings: Settings, deps: ReproducerDeps): Reproducer | null {
  const command = settings.reproCommand;
  if (command === null) return null;
  const run = async (which: 'unfixed' | 'fixed', workTree: string, buildDir: string): Promise<ReproRun> => {
    const { argv, env } = expandReproCommand(command, { buildDir, workTree });
    let result;
    try {
      result = await reproduce({ command: argv, cwd: await deps.runDir(), timeoutMs: settings.reproTimeoutMs, runner: deps.runner, env, platform: settings.platform });
    } catch (e) {
      if (e instanceof CrashAutofixError && e.kind === 'tool-missing') {
        throw new CrashAutofixError('config', `'repro-command' cannot start ${JSON.stringify(argv[0])} on the ${which} build: not found; point it at the built program, e.g. "{build-dir}/worldserver"`, { cause: e });
      }
      throw e;
    }
    const logFile = await deps.writeJobFile(`repro-${which}.log`, `$ ${argv.join(' ')}\n${result.output}`);
    const { crashed, signal, exitCode, timedOut, durationMs } = result;
    return { crashed, signal, exitCode, timedOut, durationMs, logFile };
  };
  return {
    unfixed: async (worktreeDir) => {
      const logFile = deps.jobFile('build-unfixed.log');
      const { result, buildDir } = await deps.build(worktreeDir, logFile);
      if (!result.ok) {
        throw new CrashAutofixError('tool-failed', `The base commit does not build (${buildFailure(result)}), so the crash cannot be reproduced on it; build log: ${logFile}. Fix the build, or remove 'repro-command'`);
      }
      return run('unfixed', worktreeDir, buildDir);
    },
    fixed: (worktreeDir, buildDir) => run('fixed', worktreeDir, buildDir),
  };
}
