import { describe, expect, it } from 'vitest';
import { buildSettings, type SettingsInput } from '../../../src/settings/build-settings.js';
import { fakeEnvironment } from '../../fakes/environment.js';

const env = fakeEnvironment({ home: '/home/runner', runnerTemp: '/runner/_temp' });

function input(origin: 'cli' | 'action', values: SettingsInput['values'], config: string | null = null): SettingsInput {
  return { origin, values: { dump: 'core', ...values }, environment: env, readTextFile: async (f) => (f.endsWith('crash-autofix.yml') ? config : null) };
}

describe('settings of the reproduction gate, compiler cache and work folder', () => {
  it('has no reproduction gate, a 60 s limit and an automatic compiler cache by default', async () => {
    const s = await buildSettings(input('cli', {}));
    expect(s).toMatchObject({ reproCommand: null, reproTimeoutMs: 60_000, compilerLauncher: 'auto' });
  });

  it('splits the reproduction command without a shell, keeping its placeholders', async () => {
    const s = await buildSettings(input('action', { 'repro-command': '"{build-dir}/bin/world server" --replay {work-tree}/crash.txt', 'repro-timeout': '15' }));
    expect(s.reproCommand).toEqual(['{build-dir}/bin/world server', '--replay', '{work-tree}/crash.txt']);
    expect(s.reproTimeoutMs).toBe(15_000);
  });

  it('names the setting on a bad value', async () => {
    await expect(buildSettings(input('action', { 'repro-command': '{build-dir}/ws && echo done' }))).rejects.toThrow("Setting 'repro-command' uses '&', which needs a shell");
    await expect(buildSettings(input('action', { 'repro-timeout': '0' }))).rejects.toThrow(/^Input 'repro-timeout' must be a whole number of seconds from 1 to 2147483 \(about 24 days\), got "0"$/);
    await expect(buildSettings(input('cli', {}, 'compiler-launcher: distcc\n'))).rejects.toThrow(/^Key 'compiler-launcher' in \.github\/crash-autofix\.yml must be one of 'auto', 'ccache', 'sccache', 'none', got "distcc"$/);
  });

  it("keeps the action's work folder outside RUNNER_TEMP, which is emptied after every job", async () => {
    const action = await buildSettings(input('action', {}));
    expect(action.stateDir).toBe('/runner/_temp/crash-autofix');
    expect(action.workDir).toMatch(/^\/home\/runner\/\.cache\/crash-autofix\/worktrees\/repo-[0-9a-f]{8}$/);
    const cli = await buildSettings(input('cli', { 'state-dir': '/var/caf' }));
    expect(cli.workDir).toBe('/var/caf/worktrees');
    const named = await buildSettings(input('action', { 'work-dir': '/srv/caf/server' }));
    expect(named.workDir).toBe('/srv/caf/server');
  });
});
