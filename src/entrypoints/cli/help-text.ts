import { CLI_COMMANDS, cliCommandNamed, commandOf, type Command } from '../../settings/commands.js';
import { DEFINITIONS, defaultText, keysFor, reads, type SettingKey } from '../../settings/definitions.js';

/** `crash-autofix --help`, or the help of one command (`analyze --help`, `help fix`). */
export function helpText(version: string, topic: string | null = null): string {
  const command = cliCommandNamed(topic);
  if (command !== null) return commandHelp(version, command);
  const names = (c: Command): string => [c, ...(commandOf(c).cli?.aliases ?? [])].join(', ');
  const width = Math.max(...CLI_COMMANDS.map((c) => names(c).length)) + 2;
  return `crash-autofix ${version}: crash dump triage for C/C++ programs

Usage:
${CLI_COMMANDS.flatMap((c) => commandOf(c).cli?.usage ?? []).map((u) => `  ${u}`).join('\n')}
  crash-autofix COMMAND --help                 (the options of one command)

Commands:
${CLI_COMMANDS.map((c) => `  ${names(c).padEnd(width)}${wrap(commandOf(c).summary, 96 - width).join(`\n  ${' '.repeat(width)}`)}`).join('\n')}

Options (also settable in .github/crash-autofix.yml, except the per-run ones):
${flagList(() => true)}

${FOOTER}`;
}

const FOOTER = `Relative paths in options resolve against the current folder; relative paths in the config file
against the source root.
Exit codes: 0 done, 1 the job (or a watched dump's job) failed, 2 bad usage or settings.
`;

function commandHelp(version: string, command: Command): string {
  const help = commandOf(command).cli;
  return `crash-autofix ${version}

Usage:
${(help?.usage ?? []).map((u) => `  ${u}`).join('\n')}

${help?.what ?? commandOf(command).summary}

Options:
${flagList((key) => reads(command, key))}

${FOOTER}`;
}

function flagList(include: (key: SettingKey) => boolean): string {
  return keysFor('cli')
    .filter(include)
    .map((key) => {
      const d = DEFINITIONS[key];
      const arg = d.type.expected === 'true or false' ? '' : ' VALUE';
      return `  --${key}${arg}\n      ${d.description.replace(/`/g, '')} Default: ${defaultText(key).replace(/`/g, '')}.`;
    })
    .join('\n');
}

function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  return [...lines, line];
}
