/**
 * The fix benchmark's scenarios: one JSON file each, in a folder (by default
 * bench/fix-scenarios). A scenario is the mini-server fixture crashing in one
 * of its modes, or a team's own repository, dump and ground truth.
 */
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { CrashAutofixError, describeError } from '../../src/base/errors.js';
import { DEFINITIONS, type SettingKey } from '../../src/settings/definitions.js';
import { CRASH_MODES, type CrashMode } from '../../test/fixtures/crash-fixture.js';

/** Repository-relative, with `/`; lines of the crashed commit, 1-based and inclusive. */
const LineRangeSchema = z
  .strictObject({ file: z.string().min(1), startLine: z.number().int().positive(), endLine: z.number().int().positive() })
  .refine((r) => r.endLine >= r.startLine, { message: 'endLine must not be before startLine' });
export type LineRange = z.infer<typeof LineRangeSchema>;

const SettingValueSchema = z.union([z.string(), z.number(), z.boolean(), z.array(z.string())]);

const ScenarioSchema = z.strictObject({
  description: z.string().min(1),
  /** The fixture's crash mode; or `repository` + `dump` for a scenario of your own. */
  fixture: z.enum(CRASH_MODES).optional(),
  /** A git repository (folder or URL), cloned at `commit` (default: its HEAD). */
  repository: z.string().min(1).optional(),
  commit: z.string().min(1).optional(),
  dump: z.string().min(1).optional(),
  executable: z.string().min(1).optional(),
  /** Where the report should blame; the fixture's comes from its `// CRASH:` marker. Without it, any ground-truth line counts. */
  culprit: z.strictObject({ file: z.string().min(1), line: z.number().int().positive() }).optional(),
  /** crash-autofix settings for this scenario, as on the command line: `{ "build-target": "worldserver" }`. */
  settings: z.record(z.string(), SettingValueSchema).default({}),
  /** The lines a correct fix changes; a patch that touches any one range counts. */
  groundTruth: z.array(LineRangeSchema).min(1),
});

export type ScenarioSource = { kind: 'fixture'; mode: CrashMode } | { kind: 'repository'; repository: string; commit: string | null; dump: string; executable: string | null };

export interface Scenario {
  /** The file's name without `.json`. */
  name: string;
  file: string;
  description: string;
  source: ScenarioSource;
  culprit: { file: string; line: number } | null;
  settings: Record<string, string | number | boolean | string[]>;
  groundTruth: LineRange[];
}

/** Set by the bench for every scenario; a scenario cannot change them. */
const BENCH_OWNED: readonly string[] = ['dump', 'dump-url', 'from-output', 'report', 'executable', 'source-root', 'state-dir', 'work-dir', 'model', 'json', 'fresh'];

/** Parses one scenario file's JSON; paths in it are relative to the file's folder. */
export function parseScenario(file: string, text: string): Scenario {
  const fail = (what: string): never => {
    throw new CrashAutofixError('config', `Scenario ${file}: ${what}; see "Measuring the fix rate" in README.md`);
  };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return fail(`not valid JSON (${describeError(e)})`);
  }
  const parsed = ScenarioSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return fail(`${issue?.path.length ? issue.path.join('.') : '(root)'}: ${issue?.message ?? 'invalid'}`);
  }
  const s = parsed.data;
  const dir = path.dirname(file);
  let source: ScenarioSource;
  if (s.fixture !== undefined) {
    if (s.repository !== undefined || s.dump !== undefined || s.executable !== undefined || s.commit !== undefined) fail("give either 'fixture' or 'repository' and 'dump', not both");
    source = { kind: 'fixture', mode: s.fixture };
  } else {
    if (s.repository === undefined || s.dump === undefined) return fail("needs 'fixture' (a mini-server crash mode), or 'repository' and 'dump'");
    source = {
      kind: 'repository',
      repository: /^[a-z]+:\/\/|^git@/.test(s.repository) ? s.repository : path.resolve(dir, s.repository),
      commit: s.commit ?? null,
      dump: path.resolve(dir, s.dump),
      executable: s.executable === undefined ? null : path.resolve(dir, s.executable),
    };
  }
  for (const key of Object.keys(s.settings)) {
    if (!(key in DEFINITIONS)) fail(`settings: '${key}' is not a crash-autofix setting`);
    if (BENCH_OWNED.includes(key)) fail(`settings: '${key}' is set by the bench itself (${scenarioField(key)})`);
    const definition = DEFINITIONS[key as SettingKey];
    if (!definition.commands.includes('fix') || !definition.sources.includes('cli')) fail(`settings: '${key}' is not an option of 'crash-autofix fix'`);
  }
  return {
    name: path.basename(file, '.json'),
    file,
    description: s.description,
    source,
    culprit: s.culprit ?? null,
    settings: s.settings,
    groundTruth: s.groundTruth,
  };
}

function scenarioField(key: string): string {
  if (key === 'dump' || key === 'executable') return `use the scenario's '${key}'`;
  if (key === 'model') return 'use --model';
  return 'the bench chooses it';
}

/**
 * The scenarios in `dir`, by name; `names` picks some (each must exist),
 * `max` keeps the first few.
 */
export async function loadScenarios(dir: string, names: readonly string[] = [], max: number | null = null): Promise<Scenario[]> {
  let entries: string[];
  try {
    entries = (await readdir(dir)).filter((f) => f.endsWith('.json')).sort();
  } catch (e) {
    throw new CrashAutofixError('config', `Cannot read the scenario folder ${dir} (${describeError(e)}); give an existing folder with --scenarios`);
  }
  const available = entries.map((f) => path.basename(f, '.json'));
  const unknown = names.filter((n) => !available.includes(n));
  if (unknown.length > 0) {
    throw new CrashAutofixError('config', `No scenario ${unknown.map((n) => `'${n}'`).join(', ')} in ${dir}; the scenarios are: ${available.join(', ') || '(none)'}`);
  }
  const chosen = names.length > 0 ? available.filter((n) => names.includes(n)) : available;
  if (chosen.length === 0) throw new CrashAutofixError('config', `No scenario files (*.json) in ${dir}; add one (see "Measuring the fix rate" in README.md)`);
  const picked = max === null ? chosen : chosen.slice(0, max);
  const scenarios: Scenario[] = [];
  for (const name of picked) {
    const file = path.join(dir, `${name}.json`);
    scenarios.push(parseScenario(file, await readFile(file, 'utf8')));
  }
  return scenarios;
}
