import { describe, expect, it } from 'vitest';
import { buildSettings, withDump, type SettingsInput } from '../../../src/settings/build-settings.js';
import type { Command } from '../../../src/settings/commands.js';
import { fakeEnvironment } from '../../fakes/environment.js';

const CONFIG = '/work/repo/.github/crash-autofix.yml';

function input(command: Command, values: SettingsInput['values'], options: { origin?: 'action' | 'cli'; config?: string } = {}): SettingsInput {
  return { origin: options.origin ?? 'cli', command, values, environment: fakeEnvironment(), readTextFile: async (f) => (f === CONFIG ? (options.config ?? null) : null) };
}

describe('settings per command', () => {
  it('refuses a flag the command does not read, naming the setting and the commands that read it', async () => {
    await expect(buildSettings(input('analyze', { dump: 'core', 'build-target': 'worldserver' }))).rejects.toMatchObject({
      kind: 'config',
      message: "Option '--build-target' is not read by 'analyze', only by 'fix', 'watch' and 'revise'; drop it",
    });
    await expect(buildSettings(input('fix', { dump: 'core', 'poll-interval': '5' }))).rejects.toThrow("Option '--poll-interval' is not read by 'fix', only by 'watch'; drop it");
    await expect(buildSettings(input('watch', { 'from-output': 'bt.txt' }))).rejects.toThrow("Option '--from-output' is not read by 'watch', only by 'analyze' and 'fix'; drop it");
  });

  it("refuses an input the analyze action does not read, as the runner passes it", async () => {
    await expect(buildSettings(input('analyze', { dump: 'core', 'github-token': 'ghs_x' }, { origin: 'action' }))).rejects.toMatchObject({
      kind: 'config',
      message: "Input 'github-token' is not read by 'analyze', only by 'fix', 'scan', 'approve', 'reject', 'revise', 'deploy' and 'stress'; drop it",
    });
    await expect(buildSettings(input('analyze', { dump: 'core', 'stop-after': 'analyze' }, { origin: 'action' }))).rejects.toThrow(/^Input 'stop-after' is not read by 'analyze', only by 'fix'/);
    const s = await buildSettings(input('analyze', { dump: 'core', 'artifact-retention-days': '3' }, { origin: 'action' }));
    expect(s).toMatchObject({ stopAfter: 'analyze', artifactRetentionDays: 3 });
  });

  it('names the setting, what it must be and what it got, for every command', async () => {
    await expect(buildSettings(input('analyze', { dump: 'core', 'context-lines': 'seven' }))).rejects.toThrow(`Option '--context-lines' must be a whole number (0 or more), got "seven"`);
    await expect(buildSettings(input('watch', { once: 'maybe' }))).rejects.toThrow(`Option '--once' must be true or false, got "maybe"`);
    await expect(buildSettings(input('analyze', { dump: 'core' }, { origin: 'action', config: 'debugger: lldb\n' }))).rejects.toThrow(
      `Key 'debugger' in .github/crash-autofix.yml must be one of 'auto', 'gdb', 'cdb', got "lldb"`,
    );
  });

  it("takes the config file's keys for other commands without complaint, still checking their values", async () => {
    // One file serves the analyze job and the fix job of a workflow.
    const shared = ['build-target: worldserver', 'poll-interval: 45', 'context-lines: 3'].join('\n');
    const analyze = await buildSettings(input('analyze', { dump: 'core' }, { config: shared }));
    expect(analyze).toMatchObject({ contextLines: 3, buildTarget: 'worldserver', stopAfter: 'analyze' });
    const fix = await buildSettings(input('fix', { dump: 'core' }, { config: shared }));
    expect(fix.pollIntervalMs).toBe(45_000);
    await expect(buildSettings(input('analyze', { dump: 'core' }, { config: 'build-timeout: soon\n' }))).rejects.toThrow(/^Key 'build-timeout' in \.github\/crash-autofix\.yml must be a whole number of seconds/);
  });

  it("parses each command's settings once into a frozen object", async () => {
    const analyze = await buildSettings(input('analyze', { 'from-output': 'bt.txt', json: true }));
    expect(Object.isFrozen(analyze)).toBe(true);
    expect(Object.isFrozen(analyze.culpritIgnore)).toBe(true);
    expect(analyze).toMatchObject({ fromOutput: '/work/repo/bt.txt', dump: null, json: true, stopAfter: 'analyze' });
  });

  it('needs one crash for analyze and fix, and none for watch, which finds its own', async () => {
    await expect(buildSettings(input('analyze', {}))).rejects.toThrow(`Option '--dump' is required: give the crash dump path (or option '--dump-url' for an address to fetch it from, or option '--from-output' for a saved debugger text)`);
    await expect(buildSettings(input('fix', {}))).rejects.toThrow(/or option '--report' for a saved CrashReport\)$/);
    const watch = await buildSettings(input('watch', { once: true, 'poll-interval': '5' }));
    expect(watch).toMatchObject({ dump: null, once: true, pollIntervalMs: 5000, stopAfter: 'fix' });
    const job = withDump(watch, '/dumps/core.7');
    expect(job).toMatchObject({ dump: '/dumps/core.7', once: true, stopAfter: 'fix' });
    expect(Object.isFrozen(job)).toBe(true);
    expect(() => withDump(watch, 'core.7')).toThrow(/absolute path/);
  });

  it("keeps the root action's stop-after: the fix command's inputs, stopping after the report", async () => {
    const s = await buildSettings(input('fix', { dump: 'core', 'stop-after': 'analyze', 'github-token': 'ghs_x', model: 'claude-x' }, { origin: 'action' }));
    expect(s).toMatchObject({ stopAfter: 'analyze', model: 'claude-x' });
    await expect(buildSettings(input('fix', { report: 'r.json', 'stop-after': 'analyze' }, { origin: 'action' }))).rejects.toThrow(/is for the fix stage/);
    // On the CLI the command says where to stop, whatever the config file says.
    expect((await buildSettings(input('fix', { dump: 'core' }, { config: 'stop-after: analyze\n' }))).stopAfter).toBe('fix');
    expect((await buildSettings(input('fix', { dump: 'core' }, { origin: 'action', config: 'stop-after: analyze\n' }))).stopAfter).toBe('analyze');
  });
});
