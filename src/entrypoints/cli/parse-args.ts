import { parseArgs } from 'node:util';
import { CrashAutofixError } from '../../base/errors.js';
import { CLI_COMMANDS, cliCommandNamed, commandOf, type Command } from '../../settings/commands.js';
import { DEFINITIONS, keysFor, type SettingKey } from '../../settings/definitions.js';
import type { RawValue } from '../../settings/field-types.js';

export type CliCommand =
  | { kind: 'help'; topic: string | null }
  | { kind: 'version' }
  | { kind: 'run'; command: Exclude<Command, 'watch' | 'db'>; values: Partial<Record<SettingKey, RawValue>> }
  | { kind: 'db'; action: 'import'; values: Partial<Record<SettingKey, RawValue>> }
  | { kind: 'watch'; dir: string; values: Partial<Record<SettingKey, RawValue>> };

/** Every name the CLI answers to; `run` is `fix` under the name the design note gives the one-shot mode. */
export const COMMANDS = CLI_COMMANDS.flatMap((c) => [c, ...(commandOf(c).cli?.aliases ?? [])]);

/**
 * Turns argv into a command and raw setting values. Every setting's flag is
 * known here; buildSettings refuses those the command does not read, naming
 * the commands that do, and validates the values.
 */
export function parseCli(argv: readonly string[]): CliCommand {
  const [name, ...rest] = argv;
  const command = name === undefined ? undefined : (cliCommandNamed(name) ?? name);
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') return { kind: 'help', topic: rest[0] ?? null };
  if (command === '--version' || command === '-V') return { kind: 'version' };
  if (!(CLI_COMMANDS as readonly string[]).includes(command)) {
    throw new CrashAutofixError('config', `Unknown command '${command}'; run 'crash-autofix --help' for the list (${COMMANDS.join(', ')})`);
  }
  const keys = keysFor('cli');
  // `--exe` is the short spelling of `--executable`, `--pr` of `--pr-number`.
  const options: Record<string, { type: 'string' | 'boolean'; multiple?: boolean }> = { help: { type: 'boolean' }, exe: { type: 'string' }, pr: { type: 'string' } };
  for (const key of keys) {
    const type = DEFINITIONS[key].type.expected === 'true or false' ? 'boolean' : 'string';
    options[key] = type === 'string' && DEFINITIONS[key].type.expected.startsWith('a list') ? { type, multiple: true } : { type };
  }
  let parsed;
  try {
    parsed = parseArgs({ args: [...rest], options, strict: true, allowPositionals: command === 'watch' || command === 'db' });
  } catch (e) {
    const message = (e as Error).message.replace(/\. To specify.*$/, '');
    throw new CrashAutofixError('config', `${message}; run 'crash-autofix ${command} --help'`);
  }
  if (parsed.values.help === true) return { kind: 'help', topic: command };
  const values: Partial<Record<SettingKey, RawValue>> = {};
  for (const key of keys) {
    const v = parsed.values[key] as string | boolean | string[] | undefined;
    if (v === undefined) continue;
    // Repeated list flags and comma lists both work: --symbols a --symbols b,c
    values[key] = Array.isArray(v) ? v.flatMap((item) => item.split(',')).map((s) => s.trim()).filter(Boolean) : v;
  }
  if (typeof parsed.values.exe === 'string') {
    if (values.executable !== undefined) throw new CrashAutofixError('config', "Options '--exe' and '--executable' are the same setting; give one");
    values.executable = parsed.values.exe;
  }
  if (typeof parsed.values.pr === 'string') {
    if (values['pr-number'] !== undefined) throw new CrashAutofixError('config', "Options '--pr' and '--pr-number' are the same setting; give one");
    values['pr-number'] = parsed.values.pr;
  }
  if (command === 'watch') {
    const [dir, ...extra] = parsed.positionals;
    if (dir === undefined || extra.length > 0) throw new CrashAutofixError('config', "'crash-autofix watch' takes one folder: crash-autofix watch DIR [options]");
    if (values.dump !== undefined || values['from-output'] !== undefined || values.report !== undefined) {
      throw new CrashAutofixError('config', "'crash-autofix watch' finds the dumps itself; drop --dump, --from-output and --report");
    }
    return { kind: 'watch', dir, values };
  }
  if (command === 'db') {
    if (parsed.positionals.length !== 1 || parsed.positionals[0] !== 'import') {
      throw new CrashAutofixError('config', `'crash-autofix db' takes one action, import, got ${JSON.stringify(parsed.positionals.join(' '))}: crash-autofix db import [--state-dir DIR]`);
    }
    return { kind: 'db', action: 'import', values };
  }
  return { kind: 'run', command: command as Exclude<Command, 'watch' | 'db'>, values };
}
