import type { Settings } from '../settings/build-settings.js';
import { cmakeFixBuilder, commandFixBuilder, type FixBuilder } from '../toolchain/fix-builder.js';
import { pathLookup } from '../toolchain/path-lookup.js';
import { preflight } from '../toolchain/preflight.js';
import { createReproducer, type Reproducer } from '../toolchain/reproducer.js';
import { staticAnalyzer, type StaticAnalyzer } from '../toolchain/static-analysis.js';
import { commandTestRunner, ctestRunner, type TestRunner } from '../toolchain/test-runner.js';
import { workspaceFolders, type Workspace } from '../toolchain/workspace.js';
import type { JobFiles } from './analyze-route.js';
import type { PipelineAdapters } from './pipeline-adapters.js';

/** The build, reproduction, test and analysis tools of a fix, as the settings choose them. */
export interface FixToolchain {
  builder: FixBuilder;
  /** Null without `repro-command`. */
  reproducer: Reproducer | null;
  tests: TestRunner;
  analyzer: StaticAnalyzer;
  /** Checks the tools and the checkout before the paid model call. */
  preflight: () => Promise<void>;
}

/**
 * Settings → toolchain adapters. Everything that builds or runs repository
 * code gets the confined runner; asking for a workspace folder locks it.
 */
export function fixToolchain(
  settings: Settings,
  adapters: Pick<PipelineAdapters, 'codeRunner' | 'cmake' | 'ctest' | 'git'>,
  workspace: () => Promise<Workspace>,
  job: Pick<JobFiles, 'dir' | 'writeFile'>,
): FixToolchain {
  const runner = adapters.codeRunner;
  const which = pathLookup(settings.toolEnv.PATH, settings.platform);
  const builder =
    settings.buildCommand !== null
      ? commandFixBuilder({ runner, argv: settings.buildCommand, timeoutMs: settings.buildTimeoutMs })
      : cmakeFixBuilder({
          cmake: adapters.cmake,
          buildDir: async () => (await workspace()).buildDir,
          config: settings.buildConfig,
          launcher: settings.compilerLauncher,
          configureArgs: settings.configureArgs,
          target: settings.buildTarget,
          parallel: settings.parallel,
          timeoutMs: settings.buildTimeoutMs,
        });
  const reproducer =
    settings.reproCommand === null
      ? null
      : createReproducer({
          command: settings.reproCommand,
          timeoutMs: settings.reproTimeoutMs,
          platform: settings.platform,
          runner,
          builder,
          runDir: async () => (await workspace()).runDir,
          job,
        });
  const tests =
    settings.testCommand !== null
      ? commandTestRunner({ runner, argv: settings.testCommand, timeoutMs: settings.testTimeoutMs })
      : ctestRunner({ ctest: adapters.ctest, regex: settings.testRegex, config: settings.buildConfig, parallel: settings.parallel, timeoutMs: settings.testTimeoutMs });
  const checked = {
    buildCommand: settings.buildCommand,
    testCommand: settings.testCommand,
    configureArgs: settings.configureArgs,
    platform: settings.platform,
    cxx: settings.toolEnv.CXX ?? null,
    buildDir: workspaceFolders(settings.workDir).buildDir,
  };
  return {
    builder,
    reproducer,
    tests,
    analyzer: staticAnalyzer({ runner, which, timeoutMs: settings.testTimeoutMs }),
    preflight: () => preflight(checked, { which, cmake: adapters.cmake, ctest: adapters.ctest, git: adapters.git }),
  };
}
