import { pathLookup } from '../toolchain/path-lookup.js';
import { runStaticAnalysis } from '../toolchain/static-analysis.js';
import { runTestCommand } from '../toolchain/test-command.js';
import type { Settings } from '../settings/build-settings.js';
import type { GateDeps } from '../toolchain/run-gates.js';
import type { PipelineAdapters } from './pipeline-adapters.js';
import type { Reproducer } from './reproduction.js';

/** The reproduction, test and static-analysis gates from the settings; all run through the confined runner. */
export function gateDeps(settings: Settings, adapters: PipelineAdapters, reproducer: Reproducer | null): GateDeps {
  const which = pathLookup(settings.toolEnv.PATH, settings.platform);
  return {
    testsBlock: settings.testsBlock,
    ...(reproducer ? { reproduceFixed: (state) => reproducer.fixed(state.worktree.dir, state.build.buildDir) } : {}),
    runTests: async (state) => {
      if (settings.testCommand !== null) {
        const r = await runTestCommand(adapters.codeRunner, { argv: [...settings.testCommand], cwd: state.worktree.dir, timeoutMs: settings.testTimeoutMs });
        return { ok: r.ok, total: 1, passed: r.ok ? 1 : 0, failed: r.ok ? 0 : 1, skipped: 0, failedTests: r.ok ? [] : ['test-command'], durationMs: r.durationMs, runner: 'command' };
      }
      const ctest = await adapters.ctest();
      const r = await ctest.run({ buildDir: state.build.buildDir, regex: settings.testRegex ?? undefined, config: settings.buildConfig, timeoutMs: settings.testTimeoutMs, parallel: settings.parallel });
      return { ...r, runner: 'ctest' };
    },
    staticAnalysis: (state, changed) =>
      runStaticAnalysis({
        repoRoot: state.worktree.dir,
        changedFiles: state.worktree.files.map((f) => f.path),
        changedRanges: changed,
        buildDir: state.build.buildDir,
        runner: adapters.codeRunner,
        which,
        timeoutMs: settings.testTimeoutMs,
      }),
    isolation: adapters.isolation,
  };
}
