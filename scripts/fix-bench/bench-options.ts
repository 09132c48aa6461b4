/** `npm run bench:fix -- [options]`: what it reads from its arguments. */
import { parseArgs } from 'node:util';
import { CrashAutofixError } from '../../src/base/errors.js';

export interface BenchOptions {
  help: boolean;
  /** Scenario names (file names without `.json`); empty: all. */
  scenarios: string[];
  /** The folder of scenario files. */
  scenarioDir: string;
  /** Null: crash-autofix's default model. */
  model: string | null;
  maxScenarios: number | null;
  keep: boolean;
  json: boolean;
}

export const USAGE = `usage: npm run bench:fix -- [options]

Runs each crash scenario through 'crash-autofix fix' with the real model (ANTHROPIC_API_KEY)
and reports, per scenario and in total: culprit found, fix compiles, tests pass, reproduction
passes, patch touches the ground-truth lines, turns, tokens and cost.

  --scenario NAME      only this scenario (repeatable); default: every one
  --scenarios DIR      the folder of scenario files (default: bench/fix-scenarios)
  --model ID           Claude model (default: crash-autofix's 'model' default)
  --max-scenarios N    at most N scenarios
  --keep               keep the work folder (repositories, dumps, job records, work trees)
  --json               print the results as JSON instead of Markdown tables
`;

export function parseBenchOptions(argv: readonly string[], defaultScenarioDir: string): BenchOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      options: {
        help: { type: 'boolean' },
        scenario: { type: 'string', multiple: true },
        scenarios: { type: 'string' },
        model: { type: 'string' },
        'max-scenarios': { type: 'string' },
        keep: { type: 'boolean' },
        json: { type: 'boolean' },
      },
      strict: true,
      allowPositionals: false,
    });
  } catch (e) {
    throw new CrashAutofixError('config', `${(e as Error).message.replace(/\. To specify.*$/, '')}; run 'npm run bench:fix -- --help'`);
  }
  const v = parsed.values;
  let maxScenarios: number | null = null;
  if (v['max-scenarios'] !== undefined) {
    maxScenarios = Number(v['max-scenarios']);
    if (!/^\d+$/.test(v['max-scenarios']) || maxScenarios < 1) {
      throw new CrashAutofixError('config', `Option '--max-scenarios' must be a positive integer, got ${JSON.stringify(v['max-scenarios'])}`);
    }
  }
  if (v.model !== undefined && v.model.trim() === '') throw new CrashAutofixError('config', "Option '--model' must be a Claude model id, e.g. claude-sonnet-5-5, got an empty value");
  return {
    help: v.help ?? false,
    scenarios: v.scenario ?? [],
    scenarioDir: v.scenarios ?? defaultScenarioDir,
    model: v.model?.trim() ?? null,
    maxScenarios,
    keep: v.keep ?? false,
    json: v.json ?? false,
  };
}
