import { describe, expect, it } from 'vitest';
import { helpText } from '../../../../src/entrypoints/cli/help-text.js';
import { CLI_COMMANDS, commandOf } from '../../../../src/settings/commands.js';
import { keysFor, keysOf } from '../../../../src/settings/definitions.js';

/** The flags a help text lists, in order. */
const flags = (text: string): string[] => [...text.matchAll(/^ {2}--([a-z0-9-]+)/gm)].map((m) => m[1] ?? '');

describe('the CLI help, from the settings table', () => {
  it.each(CLI_COMMANDS)("lists exactly the flags '%s' reads, with the table's defaults", (command) => {
    const text = helpText('1.2.3', command);
    expect(flags(text)).toEqual(keysOf(command, 'cli'));
    for (const usage of commandOf(command).cli?.usage ?? []) expect(text).toContain(usage);
  });

  it('shows the default derived from the value', () => {
    expect(helpText('1.2.3', 'analyze')).toContain('  --debugger-timeout VALUE\n      Seconds the debugger may take before the job fails (symbol downloads count). Default: 600.');
    expect(helpText('1.2.3', 'fix')).toContain('Default: RelWithDebInfo.');
  });

  it('lists every command with its summary and every flag in the overview, and knows run as fix', () => {
    const text = helpText('1.2.3');
    expect(flags(text)).toEqual(keysFor('cli'));
    expect(text).toMatch(/^ {2}fix, run +Triage a C\/C\+\+ crash dump into a CrashReport, then ask Claude/m);
    expect(text).toMatch(/^ {2}watch +Every new dump in a folder through 'fix'/m);
    expect(helpText('1.2.3', 'run')).toBe(helpText('1.2.3', 'fix'));
  });
});
