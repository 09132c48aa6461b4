import { CrashAutofixError } from '../base/errors.js';

/**
 * Splits a user's `build-command` / `test-command` into argv without a shell:
 * whitespace separates words; single quotes keep text literally; double quotes
 * keep spaces and allow `\"` and `\\`; a backslash outside quotes escapes the
 * next character on POSIX (on Windows it is a path separator and kept).
 * Shell syntax (pipes, `&&`, redirections, `$VAR`, backticks) is refused
 * rather than run half-understood: put it in a script and name the script.
 * `placeholders` (such as `{build-dir}`) are kept as they are, for the caller to fill in.
 */
export function splitCommandLine(command: string, settingName: string, platform: NodeJS.Platform = process.platform, placeholders: readonly string[] = []): string[] {
  const words: string[] = [];
  let current = '';
  let inWord = false;
  let quote: '"' | "'" | null = null;
  const refuse = (what: string): never => {
    throw new CrashAutofixError('config', `Setting '${settingName}' uses ${what}, which needs a shell; put the commands in a script and set '${settingName}' to run it (e.g. "bash ci/build.sh").`);
  };
  for (let i = 0; i < command.length; i++) {
    const c = command[i] ?? '';
    if (quote === "'") {
      if (c === "'") quote = null;
      else current += c;
      continue;
    }
    if (quote === '"') {
      if (c === '"') quote = null;
      else if (c === '\\' && (command[i + 1] === '"' || command[i + 1] === '\\')) current += command[++i] ?? '';
      else if (c === '$' || c === '`') refuse(`'${c}' inside double quotes`);
      else current += c;
      continue;
    }
    if (/\s/.test(c)) {
      if (inWord) words.push(current);
      current = '';
      inWord = false;
      continue;
    }
    inWord = true;
    const placeholder = c === '{' ? placeholders.find((p) => command.startsWith(p, i)) : undefined;
    if (placeholder !== undefined) {
      current += placeholder;
      i += placeholder.length - 1;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '\\' && platform !== 'win32') current += command[++i] ?? '';
    else if ('|&;<>`$(){}'.includes(c)) refuse(`'${c}'`);
    else current += c;
  }
  if (quote) throw new CrashAutofixError('config', `Setting '${settingName}' has an unclosed ${quote === '"' ? 'double' : 'single'} quote; close it or remove it.`);
  if (inWord) words.push(current);
  if (words.length === 0) throw new CrashAutofixError('config', `Setting '${settingName}' is empty; give a command such as "make -j4" or remove the setting.`);
  return words;
}
