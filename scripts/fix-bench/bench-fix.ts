/**
 * `npm run bench:fix`: the fix rate on crash scenarios with known fixes.
 * Each scenario goes through `crash-autofix fix` with the real model; the
 * results are printed as tables (or JSON). Exits 0 when it measured, whatever
 * the fix rate; 2 for bad options or scenario files; 1 when the bench broke.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_MODEL } from '../../src/analysis/model-usage.js';
import { CrashAutofixError, describeError } from '../../src/base/errors.js';
import type { Environment } from '../../src/settings/environment.js';
import { USAGE, parseBenchOptions } from './bench-options.js';
import { ScenarioWorkshop } from './prepare-scenario.js';
import { renderJson, renderMarkdown } from './render-results.js';
import { runScenario } from './run-scenario.js';
import { loadScenarios } from './scenario-file.js';
import type { ScenarioResult } from './score.js';

export const DEFAULT_SCENARIO_DIR = fileURLToPath(new URL('../../bench/fix-scenarios', import.meta.url));

export const NO_KEY_LINE = 'bench:fix: ANTHROPIC_API_KEY is not set, so no scenario was run (the fix benchmark measures the real model); set it and run again';

export interface BenchIo {
  environment: Environment;
  stdout: (text: string) => void;
  /** Progress, one line per scenario. */
  stderr: (text: string) => void;
}

export async function benchFix(argv: readonly string[], io: BenchIo): Promise<number> {
  let options;
  let scenarios;
  try {
    options = parseBenchOptions(argv, DEFAULT_SCENARIO_DIR);
    if (options.help) {
      io.stdout(USAGE);
      return 0;
    }
    // Checked before the key: a broken scenario file shows up in a run without one too.
    scenarios = await loadScenarios(path.resolve(io.environment.cwd, options.scenarioDir), options.scenarios, options.maxScenarios);
  } catch (e) {
    io.stderr(`bench:fix: ${describeError(e)}\n`);
    return e instanceof CrashAutofixError && e.kind === 'config' ? 2 : 1;
  }
  if (io.environment.anthropicApiKey === null) {
    io.stdout(`${NO_KEY_LINE}\n`);
    return 0;
  }
  const model = options.model ?? DEFAULT_MODEL;
  const root = await mkdtemp(path.join(io.environment.runnerTemp ?? os.tmpdir(), 'crash-autofix-bench-fix-'));
  const workshop = new ScenarioWorkshop(root, io.environment.variables);
  const results: ScenarioResult[] = [];
  try {
    for (const [i, scenario] of scenarios.entries()) {
      io.stderr(`bench:fix: [${i + 1}/${scenarios.length}] ${scenario.name}: ${scenario.description}\n`);
      const dir = path.join(root, 'scenarios', scenario.name);
      const result = await runScenario(scenario, () => workshop.prepare(scenario), { variables: io.environment.variables, model, dir });
      results.push(result);
      io.stderr(`bench:fix: [${i + 1}/${scenarios.length}] ${scenario.name}: ${result.failure === null ? result.status : result.failure} (${(result.durationMs / 1000).toFixed(1)} s${options.keep ? `; log ${path.join(dir, 'fix.log')}` : ''})\n`);
    }
  } finally {
    if (options.keep) {
      const fixtureRepo = await workshop.fixtureRepoDir();
      io.stderr(`bench:fix: kept the work folder ${root}${fixtureRepo === null ? '' : ` and the fixture repository ${fixtureRepo}`}\n`);
    } else {
      await workshop.cleanUp();
      await rm(root, { recursive: true, force: true });
      if (results.some((r) => r.failure !== null)) io.stderr('bench:fix: the work folder is removed; run again with --keep to look at the job records and logs\n');
    }
  }
  io.stdout(options.json ? renderJson(results, model) : renderMarkdown(results, model));
  return 0;
}
