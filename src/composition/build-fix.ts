import { runBuildCommand } from '../toolchain/build-command.js';
import type { BuildResult } from '../toolchain/build-result.js';
import type { CmakeClient, CompilerLauncher } from '../toolchain/cmake-client.js';
import type { Workspace } from '../toolchain/workspace.js';
import type { ProcessRunner } from '../adapters/exec/process-runner.js';
import type { Settings } from '../settings/build-settings.js';

export type FixBuilder = (worktreeDir: string, logFile: string) => Promise<{ result: BuildResult; buildDir: string }>;

/**
 * Builds the work tree: the user's build command, or cmake into the
 * workspace's build folder (configured on first use). The folder outlives the
 * job, so a fix rebuilds only the files it and the new base commit changed.
 */
export function createFixBuilder(settings: Settings, cmake: () => Promise<CmakeClient>, runner: ProcessRunner, workspace: () => Promise<Workspace>): FixBuilder {
  return async (worktreeDir, logFile) => {
    const { buildDir } = await workspace();
    const timeoutMs = settings.buildTimeoutMs;
    if (settings.buildCommand !== null) {
      const result = await runBuildCommand(runner, { argv: [...settings.buildCommand], cwd: worktreeDir, timeoutMs, logFile });
      return { result, buildDir: worktreeDir };
    }
    const client = await cmake();
    if (!(await client.isConfigured({ sourceDir: worktreeDir, buildDir }))) {
      const configured = await client.configure({
        sourceDir: worktreeDir,
        buildDir,
        buildType: settings.buildConfig,
        ...launcherOption(settings.compilerLauncher),
        extraArgs: settings.configureArgs,
        timeoutMs,
        logFile,
      });
      if (!configured.ok) return { result: configured, buildDir };
    }
    const result = await client.build({
      buildDir,
      target: settings.buildTarget ?? undefined,
      config: settings.buildConfig,
      parallel: settings.parallel,
      timeoutMs,
      logFile,
    });
    return { result, buildDir };
  };
}

/** `auto` leaves the choice to the cmake adapter (ccache, else sccache, when on PATH). */
function launcherOption(setting: Settings['compilerLauncher']): { launcher?: CompilerLauncher | null } {
  if (setting === 'auto') return {};
  return { launcher: setting === 'none' ? null : setting };
}
