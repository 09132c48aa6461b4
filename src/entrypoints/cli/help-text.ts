import { DEFINITIONS, keysFor, type SettingKey } from '../../settings/definitions.js';

/** The settings `analyze` reads; everything else is for the fix and later stages. */
const ANALYZE_KEYS: readonly SettingKey[] = [
  'dump', 'from-output', 'executable', 'symbols', 'source-root', 'debugger', 'gdb-path', 'cdb-path', 'debugger-timeout',
  'culprit-ignore', 'context-lines', 'state-dir', 'symbol-cache', 'config', 'fresh', 'json',
];
const WATCH_ONLY: readonly SettingKey[] = ['poll-interval', 'once'];
/** `watch` finds its inputs itself. */
const INPUTS: readonly SettingKey[] = ['dump', 'from-output', 'report'];

interface CommandHelp {
  usage: string[];
  what: string;
  keys: (key: SettingKey) => boolean;
}

const COMMAND_HELP: Readonly<Record<'analyze' | 'fix' | 'watch', CommandHelp>> = {
  analyze: {
    usage: [
      'crash-autofix analyze --dump FILE [--executable FILE] [--symbols DIR] [--source-root DIR] [--json]',
      'crash-autofix analyze --from-output FILE [--debugger cdb|gdb] [--source-root DIR]',
    ],
    what: `Reads a dump with gdb or cdb (or a saved debugger text: !analyze -v, a k-family stack, gdb's bt) and
writes a CrashReport (report.json, report.md) into the job folder under --state-dir; prints the report.`,
    keys: (key) => ANALYZE_KEYS.includes(key),
  },
  fix: {
    usage: [
      'crash-autofix fix --dump FILE [--exe FILE] [--source-root DIR]',
      'crash-autofix fix --report report.json [--source-root DIR]',
      'crash-autofix run --dump FILE ...            (the same as fix)',
    ],
    what: `Analyses the crash, then asks Claude (the ANTHROPIC_API_KEY environment variable) for the root cause
and a fix, applies it in the reusable work tree under --work-dir and builds it; with GITHUB_TOKEN and
--repository it runs the gates (--repro-command on the unfixed and fixed builds, the tests, static
analysis) and opens a draft pull request. cmake (or --build-command), a C++ compiler and ctest (or
--test-command) are checked before the model is asked, and the checkout must have no uncommitted
changes to tracked files.`,
    keys: (key) => !WATCH_ONLY.includes(key),
  },
  watch: {
    usage: ['crash-autofix watch DIR [--once] [--poll-interval 30] [--exe FILE] ...'],
    what: `Takes every new dump in DIR (*.dmp, *.mdmp, *.core, core, core.<n>) through 'fix' once its size has
stopped changing, once each, also across restarts (jobs are kept in --state-dir).`,
    keys: (key) => !INPUTS.includes(key) && key !== 'json',
  },
};

/** `crash-autofix --help`, or the help of one command (`analyze --help`, `help fix`). */
export function helpText(version: string, topic: string | null = null): string {
  const command = topic === 'run' ? 'fix' : topic;
  if (command === 'analyze' || command === 'fix' || command === 'watch') return commandHelp(version, command);
  return `crash-autofix ${version}: crash dump triage for C/C++ programs

Usage:
${Object.values(COMMAND_HELP).flatMap((c) => c.usage.map((u) => `  ${u}`)).join('\n')}
  crash-autofix COMMAND --help                 (the options of one command)

Commands:
  analyze   Read a dump with gdb or cdb (or a saved debugger text) and write a CrashReport
            (report.json, report.md) into the job folder under --state-dir.
  fix, run  Then ask Claude (ANTHROPIC_API_KEY) for the root cause and a fix, apply it in the
            reusable work tree under --work-dir, build it, and with GITHUB_TOKEN and
            --repository run the gates (--repro-command on the unfixed and fixed builds, the
            tests, static analysis) and open a draft pull request.
  watch     Every new dump in DIR through 'fix', once each (also across restarts).

Options (also settable in .github/crash-autofix.yml, except the per-run ones):
${flagList(() => true)}

${FOOTER}`;
}

const FOOTER = `Relative paths in options resolve against the current folder; relative paths in the config file
against the source root.
Exit codes: 0 done, 1 the job (or a watched dump's job) failed, 2 bad usage or settings.
`;

function commandHelp(version: string, command: keyof typeof COMMAND_HELP): string {
  const help = COMMAND_HELP[command];
  return `crash-autofix ${version}

Usage:
${help.usage.map((u) => `  ${u}`).join('\n')}

${help.what}

Options:
${flagList(help.keys)}

${FOOTER}`;
}

function flagList(include: (key: SettingKey) => boolean): string {
  return keysFor('cli')
    .filter(include)
    .map((key) => {
      const d = DEFINITIONS[key];
      const arg = d.type.expected === 'true or false' ? '' : ' VALUE';
      return `  --${key}${arg}\n      ${d.description.replace(/`/g, '')} Default: ${d.defaultText.replace(/`/g, '')}.`;
    })
    .join('\n');
}
