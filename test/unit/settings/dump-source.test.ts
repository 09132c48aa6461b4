import { describe, expect, it } from 'vitest';
import { buildSettings, withFetchedDump, type SettingsInput } from '../../../src/settings/build-settings.js';
import type { Environment, GithubContext } from '../../../src/settings/environment.js';
import { fakeEnvironment } from '../../fakes/environment.js';

const DISPATCH: GithubContext = { serverUrl: 'https://github.com', repository: 'o/r', runId: '1', runAttempt: '1', workflow: 'crash', sha: null, eventName: 'repository_dispatch', eventPath: '/runner/_temp/event.json' };

function input(values: SettingsInput['values'], options: { origin?: 'action' | 'cli'; env?: Partial<Environment> } = {}): SettingsInput {
  return { origin: options.origin ?? 'cli', command: 'analyze', values, environment: fakeEnvironment(options.env), readTextFile: async () => null };
}

describe('dump-url and the dispatch event in the settings', () => {
  it('takes dump-url instead of dump, with its checks and a header from the environment on the CLI', async () => {
    const s = await buildSettings(input({ 'dump-url': 'https://dumps.example.com/a.dmp', 'dump-sha256': 'AB'.repeat(32), 'dump-max-bytes': '1000' }, { env: { dumpUrlHeader: 'Authorization: Bearer abcdef123' } }));
    expect(s.dump).toBeNull();
    expect(s.dumpFetch).toEqual({ source: { kind: 'url', url: 'https://dumps.example.com/a.dmp' }, sha256: 'ab'.repeat(32), header: { name: 'Authorization', value: 'Bearer abcdef123' } });
    expect(s.dumpMaxBytes).toBe(1000);
    expect(s.secrets).toContain('Bearer abcdef123');
    expect(s.secrets).toContain('Authorization: Bearer abcdef123');
  });

  it('refuses dump and dump-url together, a bad sha256, and a header that is not one line, without showing the header', async () => {
    await expect(buildSettings(input({ dump: 'core', 'dump-url': 'https://h/a.dmp' }))).rejects.toThrow("Option '--dump' and option '--dump-url' cannot be combined; give one");
    await expect(buildSettings(input({ 'dump-url': 'https://h/a.dmp', 'dump-sha256': 'xyz' }))).rejects.toThrow(`Option '--dump-sha256' must be 64 hex digits (a SHA-256), got "xyz"`);
    const bad = buildSettings(input({ 'dump-url': 'https://h/a.dmp', 'dump-url-header': 'Bearer s3cr3t-no-name' }, { origin: 'action' }));
    await expect(bad).rejects.toThrow("Input 'dump-url-header' must be one header line, `Name: value` (e.g. `Authorization: Bearer <token>`); the value given is not (it is not shown: it is a secret)");
    await expect(bad).rejects.not.toThrow(/s3cr3t/);
  });

  it('falls back to the repository_dispatch event in the action only, and only when no crash input is given', async () => {
    const fromEvent = await buildSettings(input({}, { origin: 'action', env: { github: DISPATCH } }));
    expect(fromEvent.dumpFetch?.source).toEqual({ kind: 'event', eventFile: '/runner/_temp/event.json' });
    const given = await buildSettings(input({ dump: '/d/core' }, { origin: 'action', env: { github: DISPATCH } }));
    expect(given.dumpFetch).toBeNull();
    await expect(buildSettings(input({}, { env: { github: DISPATCH } }))).rejects.toThrow(/^Option '--dump' is required/);
    await expect(buildSettings(input({}, { origin: 'action', env: { github: { ...DISPATCH, eventName: 'push' } } }))).rejects.toThrow(/^Input 'dump' is required/);
  });

  it('after the fetch: the file is the dump, an archive adds its executable and folder, given settings win', async () => {
    const s = await buildSettings(input({ 'dump-url': 'https://h/a.zip', symbols: '/sym' }));
    const fetched = withFetchedDump(s, { dump: '/state/downloads/x/a.zip.d/core', executable: '/state/downloads/x/a.zip.d/worldserver', symbols: ['/state/downloads/x/a.zip.d'] });
    expect(fetched).toMatchObject({ dump: '/state/downloads/x/a.zip.d/core', dumpFetch: null, executable: '/state/downloads/x/a.zip.d/worldserver', symbols: ['/sym', '/state/downloads/x/a.zip.d'] });
    expect(Object.isFrozen(fetched)).toBe(true);
    const own = withFetchedDump(await buildSettings(input({ 'dump-url': 'https://h/a.zip', executable: '/bin/ws' })), { dump: '/c', executable: '/other', symbols: [] });
    expect(own.executable).toBe('/bin/ws');
  });
});
