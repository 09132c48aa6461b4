import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveDumpBuild } from '../../../src/composition/resolve-build.js';
import { MemoryLogger } from '../../../src/pipeline/logger.js';
import { buildSettings, type Settings } from '../../../src/settings/build-settings.js';
import { captureEnvironment } from '../../../src/settings/environment.js';
import { cpuContext, syntheticMinidump } from '../../fixtures/synthetic-minidump.js';

let work: string;
let dump: string;
let empty: string;

beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'resolve-build-'));
  dump = path.join(work, 'crash.dmp');
  await writeFile(dump, syntheticMinidump({ system: { arch: 9, platform: 2 }, code: 0xc0000005, address: 0n, context: cpuContext(1232, []) }));
  empty = path.join(work, 'builds');
  await mkdir(empty);
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

const settings = (values: Record<string, string | string[]>): Promise<Settings> =>
  buildSettings({ origin: 'cli', command: 'analyze', values: { dump, 'state-dir': path.join(work, 'state'), ...values }, environment: captureEnvironment({}, work), readTextFile: async () => null });

describe('resolveDumpBuild', () => {
  it("without 'symbols' leaves the settings as they are", async () => {
    const given = await settings({});
    const log = new MemoryLogger();
    expect(await resolveDumpBuild(given, log)).toBe(given);
    expect(log.lines).toEqual([]);
  });

  it('a minidump whose build is not in symbols goes on with a warning naming what it wanted and where it looked', async () => {
    const given = await settings({ symbols: [empty] });
    const log = new MemoryLogger();
    const next = await resolveDumpBuild(given, log);
    expect(next.executable).toBeNull();
    expect(next.symbols).toEqual([empty]);
    expect(log.lines).toEqual([expect.stringMatching(new RegExp(`^warning: No crashy\\.exe of the build .* names was found: wanted crashy\\.exe \\(image key 0+20000\\); looked in ${empty} .*\\(going on without it`))]);
  });

  it('keeps an executable whose build cannot be told', async () => {
    const exe = path.join(work, 'crashy.exe');
    await writeFile(exe, 'no PE header here');
    const given = await settings({ symbols: [empty], executable: exe });
    const log = new MemoryLogger();
    expect((await resolveDumpBuild(given, log)).executable).toBe(exe);
    expect(log.lines).toEqual([]);
  });
});
