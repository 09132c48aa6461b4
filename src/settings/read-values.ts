import path from 'node:path';
import { CrashAutofixError } from '../base/errors.js';
import type { Command } from './commands.js';
import { COMPUTED_DEFAULTS } from './computed-defaults.js';
import { DEFINITIONS, SETTING_KEYS, readersOf, reads, type SettingKey, type ValueOf } from './definitions.js';
import type { Environment } from './environment.js';
import type { RawValue } from './field-types.js';
import { loadConfig } from './load-config.js';

export interface ValuesInput {
  origin: 'action' | 'cli';
  command: Command;
  /** Values given on this invocation (action inputs or CLI flags); absent or '' means not given. */
  values: Partial<Record<SettingKey, RawValue>>;
  environment: Environment;
  /** Reads a file; null when it does not exist. */
  readTextFile: (file: string) => Promise<string | null>;
}

/** Every value given, on the invocation or in the config file, parsed once. */
export interface GivenValues {
  /** A value as given, or undefined when it was not. */
  get<K extends SettingKey>(key: K): ValueOf<K> | undefined;
  /** The folder a setting's relative paths resolve against: where it was given (the source root for the config file and defaults). */
  dirOf(key: SettingKey): string;
  /** A path setting, absolute; null when not given. */
  path(key: SettingKey): string | null;
  /** How errors name a setting on this invocation: `Input 'x'` or `Option '--x'`. */
  label: (key: string) => string;
  sourceRoot: string;
  /** The config file that was loaded, if any. */
  configFile: string | null;
}

/**
 * Checks what was given against the command, finds the config file and
 * parses every value once. A flag or input the command does not read is an
 * error; a config key is not, since one file serves every command.
 */
export async function readValues(input: ValuesInput): Promise<GivenValues> {
  const { origin, command, environment: env } = input;
  const label = (key: string): string => (origin === 'action' ? `Input '${key}'` : `Option '--${key}'`);
  const raw = dropEmpty(input.values);
  for (const key of Object.keys(raw)) checkGiven(key, origin, command, label);

  // Relative paths on this invocation resolve against the current folder (the action: the workspace);
  // those in the config file, which lives in the repository, against the source root.
  const baseDir = (origin === 'action' ? env.workspace : null) ?? env.cwd;
  const sourceRoot = path.resolve(baseDir, field('source-root', raw['source-root'], label) ?? COMPUTED_DEFAULTS['source-root'](env));
  const configName = field('config', raw.config, label);
  const configPath = configName === undefined ? COMPUTED_DEFAULTS.config(sourceRoot) : path.resolve(baseDir, configName);
  const fromConfig = await loadConfig(configPath, configName !== undefined, input.readTextFile);
  const configLabel = (key: string): string => `Key '${key}' in ${fromConfig.display}`;

  const parsed = new Map<SettingKey, { value: unknown; dir: string }>();
  for (const key of SETTING_KEYS) {
    if (raw[key] !== undefined) parsed.set(key, { value: field(key, raw[key], label), dir: baseDir });
    else if (fromConfig.values[key] !== undefined) {
      const value = field(key, fromConfig.values[key], configLabel);
      if (value !== undefined) parsed.set(key, { value, dir: sourceRoot });
    }
  }
  return {
    get: <K extends SettingKey>(key: K) => parsed.get(key)?.value as ValueOf<K> | undefined,
    dirOf: (key) => parsed.get(key)?.dir ?? sourceRoot,
    path: (key) => {
      const given = parsed.get(key);
      return given === undefined ? null : path.resolve(given.dir, given.value as string);
    },
    label,
    sourceRoot,
    configFile: fromConfig.loaded ? configPath : null,
  };
}

function checkGiven(key: string, origin: 'action' | 'cli', command: Command, label: (key: string) => string): void {
  if (!(SETTING_KEYS as string[]).includes(key)) throw new CrashAutofixError('config', `${label(key)} is not a known setting`);
  const d = DEFINITIONS[key as SettingKey];
  if (!(d.sources as readonly string[]).includes(origin)) {
    throw new CrashAutofixError('config', `${label(key)} cannot be set here; it belongs in ${d.sources.join(' or ')}`);
  }
  if (!reads(command, key as SettingKey)) {
    throw new CrashAutofixError('config', `${label(key)} is not read by '${command}', only by ${inWords(readersOf(key as SettingKey))}; drop it`);
  }
}

/** Parses one value; an error names the setting, what it must be and what it got. */
function field<K extends SettingKey>(key: K, raw: RawValue, label: (key: string) => string): ValueOf<K> | undefined {
  if (raw === undefined || raw === null || raw === '') return undefined;
  const type = DEFINITIONS[key].type;
  const result = type.schema.safeParse(raw);
  if (!result.success) {
    const got = JSON.stringify(raw);
    throw new CrashAutofixError('config', `${label(key)} must be ${type.expected}, got ${got.length > 200 ? `${got.slice(0, 200)}…` : got}`);
  }
  return result.data as ValueOf<K>;
}

function dropEmpty(values: Partial<Record<string, RawValue>>): Partial<Record<SettingKey, RawValue>> {
  const out: Partial<Record<string, RawValue>> = {};
  for (const [k, v] of Object.entries(values)) if (v !== undefined && v !== null && v !== '') out[k] = v;
  return out;
}

/** `'fix'`, `'fix' and 'watch'`, `'analyze', 'fix' and 'watch'`. */
function inWords(commands: readonly string[]): string {
  const quoted = commands.map((c) => `'${c}'`);
  return quoted.length <= 1 ? (quoted[0] ?? 'no command') : `${quoted.slice(0, -1).join(', ')} and ${quoted.at(-1) ?? ''}`;
}
