import { runBuildCommand } from '../build/build-command.js';
import type { BuildResult } from '../build/build-result.js';
import { prepareBuildDirs } from '../build/build-dirs.js';
import type { CmakeClient } from '../build/cmake-client.js';
import type { ProcessRunner } from '../exec/process-runner.js';
import type { Settings } from '../settings/build-settings.js';

/**
 * Builds a fix's work tree: the user's build command, or cmake (configured on
 * first use). The build folder is kept per job under `work-dir`, so a revised
 * fix rebuilds only what changed, and locked so two jobs never share it.
 */
export function createFixBuilder(
  settings: Settings,
  cmake: () => Promise<CmakeClient>,
  runner: ProcessRunner,
  jobId: string,
): (worktreeDir: string, logFile: string) => Promise<{ result: BuildResult; buildDir: string }> {
  return async (worktreeDir, logFile) => {
    const dirs = await prepareBuildDirs({ workDir: settings.workDir, repoId: `job-${jobId}` });
    try {
      const timeoutMs = settings.buildTimeoutMs;
      if (settings.buildCommand !== null) {
        const result = await runBuildCommand(runner, { argv: [...settings.buildCommand], cwd: worktreeDir, timeoutMs, logFile });
        return { result, buildDir: worktreeDir };
      }
      const client = await cmake();
      if (!(await client.isConfigured({ sourceDir: worktreeDir, buildDir: dirs.buildDir }))) {
        const configured = await client.configure({
          sourceDir: worktreeDir,
          buildDir: dirs.buildDir,
          buildType: settings.buildConfig,
          extraArgs: settings.configureArgs,
          timeoutMs,
          logFile,
        });
        if (!configured.ok) return { result: configured, buildDir: dirs.buildDir };
      }
      const result = await client.build({
        buildDir: dirs.buildDir,
        target: settings.buildTarget ?? undefined,
        config: settings.buildConfig,
        parallel: settings.parallel,
        timeoutMs,
        logFile,
      });
      return { result, buildDir: dirs.buildDir };
    } finally {
      await dirs.release();
    }
  };
}
