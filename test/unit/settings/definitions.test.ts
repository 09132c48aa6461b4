import { describe, expect, it } from 'vitest';
import { DEFAULT_MODEL } from '../../../src/analysis/model-usage.js';
import { buildSettings, type Settings } from '../../../src/settings/build-settings.js';
import { COMMAND_NAMES, COMMANDS } from '../../../src/settings/commands.js';
import { COMPUTED_DEFAULTS } from '../../../src/settings/computed-defaults.js';
import { DEFINITIONS, SETTING_KEYS, defaultText, keysOf, readersOf, type SettingDefinition, type SettingKey } from '../../../src/settings/definitions.js';
import { seconds } from '../../../src/settings/field-types.js';
import { fakeEnvironment } from '../../fakes/environment.js';

const definition = (key: SettingKey): SettingDefinition<unknown> => DEFINITIONS[key];

/** Where a setting's value lands in Settings: its camel-cased name, durations in milliseconds. */
function fieldOf(settings: Settings, key: SettingKey): { field: keyof Settings; scale: number } | null {
  const camel = key.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
  const inSeconds = definition(key).type === seconds;
  const field = inSeconds ? `${camel}Ms` : camel;
  return field in settings ? { field: field as keyof Settings, scale: inSeconds ? 1000 : 1 } : null;
}

describe('the settings table', () => {
  it('has every setting read by at least one command, and names only commands that exist', () => {
    for (const key of SETTING_KEYS) {
      expect(readersOf(key).length, key).toBeGreaterThan(0);
      for (const command of readersOf(key)) expect(Object.keys(COMMANDS), key).toContain(command);
    }
  });

  it('gives each setting exactly one of a default value, an unset text or a computed text', () => {
    for (const key of SETTING_KEYS) {
      const d = definition(key);
      expect([d.default !== undefined, d.unset !== undefined, d.computed !== undefined].filter(Boolean), key).toHaveLength(1);
    }
  });

  it('computes a default, in computed-defaults.ts, for exactly the settings marked computed', () => {
    const computed = SETTING_KEYS.filter((key) => definition(key).computed !== undefined);
    expect(Object.keys(COMPUTED_DEFAULTS).sort()).toEqual(computed.sort());
  });

  it('derives the documented default from the value', () => {
    expect(defaultText('debugger-timeout')).toBe('`600`');
    expect(defaultText('symbols')).toBe('(none)');
    expect(defaultText('allowed-paths')).toBe('`**`');
    expect(defaultText('tests-block')).toBe('`false`');
    expect(defaultText('model')).toBe(`\`${DEFAULT_MODEL}\``);
    expect(defaultText('gdb-path')).toBe('`gdb` on PATH');
    expect(defaultText('state-dir')).toBe(definition('state-dir').computed);
  });

  it('lets each command read the settings it declares, and no others', () => {
    expect(keysOf('analyze', 'cli')).toEqual([
      'dump', 'from-output', 'dump-url', 'dump-sha256', 'dump-max-bytes', 'dump-url-insecure', 'executable', 'symbols', 'source-root', 'debugger',
      'gdb-path', 'cdb-path', 'debugger-timeout', 'culprit-ignore', 'context-lines', 'state-dir', 'crash-db', 'symbol-cache', 'config', 'fresh', 'json',
    ]);
    // A secret: the action takes it as an input, the CLI from DUMP_URL_HEADER only.
    expect(keysOf('analyze', 'action')).toContain('dump-url-header');
    expect(keysOf('analyze', 'cli')).not.toContain('dump-url-header');
    expect(keysOf('analyze', 'action')).toContain('artifact-retention-days');
    expect(keysOf('analyze')).not.toContain('work-dir');
    for (const key of ['dump', 'from-output', 'report', 'json'] as const) expect(keysOf('watch')).not.toContain(key);
    expect(keysOf('watch', 'cli')).toEqual(expect.arrayContaining(['poll-interval', 'once', 'build-target', 'repository']));
    expect(keysOf('fix')).not.toContain('poll-interval');
    // Every command the CLI or an action runs reads the settings that find the repository and the job records.
    for (const command of COMMAND_NAMES) expect(keysOf(command)).toEqual(expect.arrayContaining(['source-root', 'state-dir', 'config']));
  });

  it('is where the defaults come from: a fix job given nothing else has every table value', async () => {
    const settings = await buildSettings({ origin: 'cli', command: 'fix', values: { dump: 'core' }, environment: fakeEnvironment(), readTextFile: async () => null });
    const checked: string[] = [];
    for (const key of SETTING_KEYS) {
      const d = definition(key);
      const target = fieldOf(settings, key);
      if (d.default === undefined || target === null) continue;
      const expected = typeof d.default === 'number' ? d.default * target.scale : d.default;
      expect(settings[target.field], key).toEqual(expected);
      checked.push(key);
    }
    // Every valued setting but pass-env (which becomes the child environments) lands in a field of its name.
    expect(SETTING_KEYS.filter((k) => definition(k).default !== undefined && !checked.includes(k))).toEqual(['pass-env']);
  });
});
