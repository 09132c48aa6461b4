import path from 'node:path';
import { isMap, isScalar, parseDocument, type YAMLError } from 'yaml';
import { CrashAutofixError } from '../base/errors.js';
import { readOptionalTextFile } from '../base/fs/read-text-file.js';
import { DEFINITIONS, SETTING_KEYS, type SettingKey } from './definitions.js';
import type { RawValue } from './field-types.js';

/** A config file is a few dozen settings; anything near this is not one. */
export const CONFIG_MAX_BYTES = 1024 * 1024;

export interface LoadedConfig {
  loaded: boolean;
  /** How messages name the file: `.github/crash-autofix.yml` or its full path. */
  display: string;
  values: Partial<Record<SettingKey, RawValue>>;
}

/** Reads a config file for buildSettings: null when it does not exist, one `config` error line when it is unusable. */
export function readConfigFile(file: string): Promise<string | null> {
  return readOptionalTextFile(file, { what: 'Config file', kind: 'config', fix: "fix the 'config' setting or pass a YAML file" }, CONFIG_MAX_BYTES);
}

/**
 * Parses the config file. yaml's own duplicate-key check is quadratic in the
 * number of keys, so it is off and duplicates are found with a Set; its
 * warnings would go to process.emitWarning, so they are errors here instead.
 */
export async function loadConfig(file: string, named: boolean, read: (file: string) => Promise<string | null>): Promise<LoadedConfig> {
  const display = path.basename(path.dirname(file)) === '.github' ? `.github/${path.basename(file)}` : file;
  const textContent = await read(file);
  if (textContent === null) {
    if (named) throw new CrashAutofixError('config', `Config file ${file} does not exist; fix the 'config' setting or create the file`);
    return { loaded: false, display, values: {} };
  }
  if (textContent.length > CONFIG_MAX_BYTES) {
    throw new CrashAutofixError('config', `${display} is larger than the ${CONFIG_MAX_BYTES / 1024} KiB a config file may be; it should list a few settings`);
  }
  let doc: ReturnType<typeof parseDocument>;
  try {
    doc = parseDocument(textContent, { uniqueKeys: false, logLevel: 'silent' });
  } catch (e) {
    throw new CrashAutofixError('config', `${display} is not valid YAML: ${shortText((e as Error).message)}; fix the file`);
  }
  const problem = doc.errors[0] ?? doc.warnings[0];
  if (problem) throw new CrashAutofixError('config', `${display} is not valid YAML: ${yamlProblem(problem)}; fix the file`);
  const root = doc.contents;
  if (root === null || (isScalar(root) && (root.value === null || root.value === undefined))) return { loaded: true, display, values: {} };
  if (!isMap(root)) throw new CrashAutofixError('config', `${display} must be a mapping of setting names to values`);

  const configKeys = SETTING_KEYS.filter((k) => DEFINITIONS[k].sources.includes('config'));
  const seen = new Set<string>();
  for (const item of root.items) {
    const key = isScalar(item.key) ? String(item.key.value) : null;
    if (key === null) throw new CrashAutofixError('config', `${display} has a key that is not a plain name${lineOf(item.key, textContent)}; keys are setting names`);
    if (seen.has(key)) throw new CrashAutofixError('config', `Key '${shortText(key)}' appears twice in ${display}${lineOf(item.key, textContent)}; keep one`);
    seen.add(key);
    if (!(SETTING_KEYS as string[]).includes(key)) {
      throw new CrashAutofixError('config', `Key '${shortText(key)}' in ${display} is not a setting; known keys: ${configKeys.join(', ')}`);
    }
    if (!(DEFINITIONS[key as SettingKey].sources as readonly string[]).includes('config')) {
      throw new CrashAutofixError('config', `Key '${key}' in ${display} cannot be set in the config file; pass it as an input or flag`);
    }
    if (isMap(item.value)) {
      throw new CrashAutofixError('config', `Key '${key}' in ${display} must be ${DEFINITIONS[key as SettingKey].type.expected}, got a mapping`);
    }
  }
  let json: unknown;
  try {
    json = doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    // An alias to an anchor that does not exist, or too many aliases (a "billion laughs" file).
    throw new CrashAutofixError('config', `${display} is not valid YAML: ${(e as Error).message}; fix the file`);
  }
  const values: Partial<Record<SettingKey, RawValue>> = {};
  for (const [key, value] of Object.entries(json as Record<string, unknown>)) {
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      throw new CrashAutofixError('config', `Key '${key}' in ${display} must be ${DEFINITIONS[key as SettingKey].type.expected}, got a mapping`);
    }
    values[key as SettingKey] = value as RawValue;
  }
  return { loaded: true, display, values };
}

/** yaml's message without the excerpt of the file it appends after a colon and a line break. */
function yamlProblem(problem: YAMLError): string {
  const first = (problem.message.split('\n')[0] ?? problem.code).replace(/:$/, '');
  // yaml recurses per nesting level and reports the stack overflow as a parse error.
  return shortText(first.replace(/^Maximum call stack size exceeded/, 'nested too deeply'));
}

function lineOf(node: unknown, text: string): string {
  const range = (node as { range?: [number, number, number] } | null)?.range;
  if (!range) return '';
  let line = 1;
  for (let i = 0; i < range[0] && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return ` (line ${line})`;
}

function shortText(text: string): string {
  return text.length <= 120 ? text : `${text.slice(0, 120)}…`;
}
