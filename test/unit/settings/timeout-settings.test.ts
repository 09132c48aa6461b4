import { describe, expect, it } from 'vitest';
import { buildSettings, type Settings } from '../../../src/settings/build-settings.js';
import { MAX_TIMER_SECONDS } from '../../../src/settings/field-types.js';
import { fakeEnvironment } from '../../fakes/environment.js';

/** Every setting that becomes a timer's delay, and where the settings keep it. */
const TIMERS = [
  ['debugger-timeout', 'debuggerTimeoutMs'],
  ['request-timeout', 'requestTimeoutMs'],
  ['build-timeout', 'buildTimeoutMs'],
  ['test-timeout', 'testTimeoutMs'],
  ['repro-timeout', 'reproTimeoutMs'],
  ['poll-interval', 'pollIntervalMs'],
] as const satisfies readonly (readonly [string, keyof Settings])[];

/** `fix` given one dump, or `watch` (which finds its own) for the watch's poll interval. */
function settings(values: Record<string, string>, config: string | null = null): Promise<Settings> {
  const watch = 'poll-interval' in values || config?.startsWith('poll-interval') === true;
  return buildSettings({ origin: 'cli', command: watch ? 'watch' : 'fix', values: watch ? values : { dump: 'core', ...values }, environment: fakeEnvironment(), readTextFile: async () => config });
}

describe('settings that set a timer', () => {
  it('stop at the longest delay setTimeout can wait: 2^31-1 ms', () => {
    expect(MAX_TIMER_SECONDS).toBe(2147483);
    expect(MAX_TIMER_SECONDS * 1000).toBeLessThanOrEqual(2 ** 31 - 1);
    expect((MAX_TIMER_SECONDS + 1) * 1000).toBeGreaterThan(2 ** 31 - 1);
  });

  it.each(TIMERS)('%s takes the longest delay, and a timer set with it waits without a warning', async (key, field) => {
    const s = await settings({ [key]: String(MAX_TIMER_SECONDS) });
    expect(s[field]).toBe(MAX_TIMER_SECONDS * 1000);
    const warnings: string[] = [];
    const listener = (w: Error): void => void warnings.push(w.name);
    process.on('warning', listener);
    let fired = false;
    const timer = setTimeout(() => (fired = true), s[field]);
    await new Promise((resolve) => setTimeout(resolve, 20));
    clearTimeout(timer);
    await new Promise((resolve) => setImmediate(resolve));
    process.off('warning', listener);
    expect({ fired, warnings }).toEqual({ fired: false, warnings: [] });
  });

  it.each(TIMERS)('%s one second longer is a bad setting naming itself (exit 2)', async (key) => {
    const expected = `Option '--${key}' must be a whole number of seconds from 1 to 2147483 (about 24 days), got "2147484"`;
    await expect(settings({ [key]: '2147484' })).rejects.toMatchObject({ kind: 'config', message: expected });
    await expect(settings({}, `${key}: 99999999999999999999\n`)).rejects.toMatchObject({
      kind: 'config',
      message: `Key '${key}' in .github/crash-autofix.yml must be a whole number of seconds from 1 to 2147483 (about 24 days), got 100000000000000000000`,
    });
  });
});
