import { bool, list, nonNegativeInt, oneOf, positiveInt, text, type FieldType } from './field-types.js';

/** Where a setting may come from. */
export type SettingSource = 'action' | 'cli' | 'config';

export interface SettingDefinition<T> {
  type: FieldType<T>;
  sources: readonly SettingSource[];
  /** Default shown in the docs; the value itself is computed in build-settings.ts. */
  defaultText: string;
  description: string;
}

function def<T>(d: SettingDefinition<T>): SettingDefinition<T> {
  return d;
}

const ALL = ['action', 'cli', 'config'] as const;
const INVOCATION = ['action', 'cli'] as const;

/**
 * Every setting, one name across action inputs, CLI flags (`--name`) and the
 * config file. The README tables and action.yml are checked against this list.
 */
export const DEFINITIONS = {
  dump: def({ type: text, sources: INVOCATION, defaultText: '—', description: 'Crash dump to analyse: a Linux ELF core file or a Windows minidump (`.dmp`).' }),
  'from-output': def({ type: text, sources: INVOCATION, defaultText: '—', description: 'Instead of a dump, a saved debugger text to parse: cdb `!analyze -v`/`k` output or gdb `bt` output.' }),
  executable: def({ type: text, sources: INVOCATION, defaultText: '—', description: 'The crashed program. Required for gdb (cores do not carry code); for cdb it adds the image path.' }),
  symbols: def({ type: list, sources: ALL, defaultText: '(none)', description: 'Extra symbol folders (PDBs, `.debug` files). cdb also gets the Microsoft symbol server through a local cache.' }),
  'source-root': def({ type: text, sources: INVOCATION, defaultText: '`GITHUB_WORKSPACE`, else the current folder', description: 'The repository checkout. Build-machine paths are mapped into it; frames inside it are in-app.' }),
  debugger: def({ type: oneOf(['auto', 'gdb', 'cdb'] as const), sources: ALL, defaultText: '`auto`', description: '`auto` picks gdb for ELF cores and cdb for minidumps. With `from-output`, says which debugger wrote the text (auto-detected otherwise).' }),
  'gdb-path': def({ type: text, sources: ALL, defaultText: '`gdb` on PATH', description: 'Path of gdb (8 or newer, with Python).' }),
  'cdb-path': def({ type: text, sources: ALL, defaultText: 'PATH, then the Windows Kits Debuggers folders', description: 'Path of cdb.exe (Debugging Tools for Windows).' }),
  'debugger-timeout': def({ type: positiveInt, sources: ALL, defaultText: '`600`', description: 'Seconds the debugger may take before the job fails (symbol downloads count).' }),
  'culprit-ignore': def({ type: list, sources: ALL, defaultText: '(none)', description: 'Extra frames never blamed: glob patterns or prefixes of function names, e.g. `Trinity::Assert`, `*CrashHandler*`.' }),
  'context-lines': def({ type: nonNegativeInt, sources: ALL, defaultText: '`7`', description: 'Source lines shown on each side of the culprit and other in-app frames.' }),
  'state-dir': def({ type: text, sources: ALL, defaultText: '`.crash-autofix` in the source root (CLI); `RUNNER_TEMP/crash-autofix` (action)', description: 'Where job records and report files are kept. A re-run with the same state folder resumes the job.' }),
  'symbol-cache': def({ type: text, sources: ALL, defaultText: '`<state-dir>/symbols`', description: 'Local cache folder for downloaded symbols (cdb `srv*` cache).' }),
  config: def({ type: text, sources: INVOCATION, defaultText: '`.github/crash-autofix.yml`', description: 'Config file, relative to the source root. Optional; a missing default file is fine, a missing named file is an error.' }),
  fresh: def({ type: bool, sources: INVOCATION, defaultText: '`false`', description: 'Ignore the saved job record for this dump and start again (after changing settings that affect the report).' }),
  json: def({ type: bool, sources: ['cli'], defaultText: '`false`', description: 'CLI only: print the CrashReport JSON on standard output instead of Markdown.' }),
} as const;

export type SettingKey = keyof typeof DEFINITIONS;
export const SETTING_KEYS = Object.keys(DEFINITIONS) as SettingKey[];

export function keysFor(source: SettingSource): SettingKey[] {
  return SETTING_KEYS.filter((key) => (DEFINITIONS[key].sources).includes(source));
}
