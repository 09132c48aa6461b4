import type { ProcessRunner } from '../adapters/exec/process-runner.js';
import { runBuildCommand } from './build-command.js';
import type { BuildResult } from './build-result.js';
import type { CmakeClient, CompilerLauncher } from './cmake-client.js';

/** A build of the work tree, and the folder its programs and compile_commands.json are in. */
export interface BuiltTree {
  result: BuildResult;
  buildDir: string;
}

/** Builds a work tree: cmake into the workspace's build folder, or the user's `build-command`. */
export interface FixBuilder {
  /** The build log goes to `logFile`. */
  build(worktreeDir: string, logFile: string): Promise<BuiltTree>;
  /** How it builds, for the build's identity: `cmake Release target=worldserver`, `command make -j8`. */
  describe(): string;
}

/** The `compiler-launcher` setting's words: `auto` leaves the choice to the cmake adapter (ccache, else sccache, when on PATH). */
export type LauncherChoice = CompilerLauncher | 'auto' | 'none';

export interface CmakeBuilderOptions {
  cmake: () => Promise<Pick<CmakeClient, 'isConfigured' | 'configure' | 'build'>>;
  /** The reusable build folder; asking for it locks the workspace for this job. */
  buildDir: () => Promise<string>;
  /** `CMAKE_BUILD_TYPE`, and `--config` for multi-config generators. */
  config: string;
  launcher: LauncherChoice;
  configureArgs: readonly string[];
  target: string | null;
  parallel: number;
  timeoutMs: number;
}

/**
 * cmake into the workspace's build folder, configured on first use. The
 * folder outlives the job, so a fix rebuilds only the files it and the new
 * base commit changed.
 */
export function cmakeFixBuilder(options: CmakeBuilderOptions): FixBuilder {
  return {
    build: async (worktreeDir, logFile) => {
      const buildDir = await options.buildDir();
      const timeoutMs = options.timeoutMs;
      const client = await options.cmake();
      if (!(await client.isConfigured({ sourceDir: worktreeDir, buildDir }))) {
        const configured = await client.configure({
          sourceDir: worktreeDir,
          buildDir,
          buildType: options.config,
          ...launcherOption(options.launcher),
          extraArgs: options.configureArgs,
          timeoutMs,
          logFile,
        });
        if (!configured.ok) return { result: configured, buildDir };
      }
      const result = await client.build({ buildDir, target: options.target ?? undefined, config: options.config, parallel: options.parallel, timeoutMs, logFile });
      return { result, buildDir };
    },
    describe: () => ['cmake', options.config, ...(options.target ? [`target=${options.target}`] : []), ...options.configureArgs].join(' '),
  };
}

export interface CommandBuilderOptions {
  /** The confined runner: the command is repository code. */
  runner: ProcessRunner;
  /** `build-command`, split; it runs in the work tree, which is also where its programs are looked for. */
  argv: readonly string[];
  timeoutMs: number;
}

/** The user's own build command instead of cmake; its "build folder" is the work tree. */
export function commandFixBuilder(options: CommandBuilderOptions): FixBuilder {
  return {
    build: async (worktreeDir, logFile) => {
      const result = await runBuildCommand(options.runner, { argv: options.argv, cwd: worktreeDir, timeoutMs: options.timeoutMs, logFile });
      return { result, buildDir: worktreeDir };
    },
    describe: () => ['command', ...options.argv].join(' '),
  };
}

function launcherOption(choice: LauncherChoice): { launcher?: CompilerLauncher | null } {
  if (choice === 'auto') return {};
  return { launcher: choice === 'none' ? null : choice };
}
