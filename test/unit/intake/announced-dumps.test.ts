import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { announceOnce, knownHash, readAnnounced } from '../../../src/intake/announced-dumps.js';

const A = 'a'.repeat(64);
let dir: string;
let file: string;

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'announced-'));
  file = path.join(dir, 'announced-dumps.json');
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const sent = { at: '2026-12-04T10:00:00.000Z', repository: 'acme/server', dumpUrl: 'https://d/1.dmp' };

describe('the list of announced dumps', () => {
  it('sends a content once, even when two watches ask at the same time', async () => {
    let sends = 0;
    const send = async () => {
      sends++;
      await new Promise((r) => setTimeout(r, 20));
      return sent;
    };
    const results = await Promise.all([announceOnce(file, { name: '1.dmp', size: 5, mtimeMs: 1, sha256: A }, send, { waitMs: 5000 }), announceOnce(file, { name: 'copy.dmp', size: 5, mtimeMs: 2, sha256: A }, send, { waitMs: 5000 })]);
    expect(sends).toBe(1);
    expect(results.filter((r) => r === null)).toHaveLength(1);
    const list = await readAnnounced(file);
    expect(Object.values(list.dumps)).toEqual([{ ...sent, name: expect.stringMatching(/^(1|copy)\.dmp$/) as string }]);
    expect(knownHash(list, 'copy.dmp', 5, 2)).toBe(A);
    expect(knownHash(list, 'copy.dmp', 5, 3)).toBeNull();
  });

  it('records nothing when the send fails, so the next try sends it', async () => {
    await expect(announceOnce(file, { name: '1.dmp', size: 5, mtimeMs: 1, sha256: A }, () => Promise.reject(new Error('503')))).rejects.toThrow('503');
    expect((await readAnnounced(file)).dumps).toEqual({});
    expect(await announceOnce(file, { name: '1.dmp', size: 5, mtimeMs: 1, sha256: A }, () => Promise.resolve(sent))).toBeNull();
    expect((await readAnnounced(file)).dumps[A]).toEqual({ ...sent, name: '1.dmp' });
  });

  it('refuses a damaged list in one line that says what to do', async () => {
    await writeFile(file, '{"schemaVersion":1,"dumps":');
    await expect(readAnnounced(file)).rejects.toThrow(`The list of announced dumps ${file} is not valid JSON; delete it (every dump in the folder is then announced again)`);
  });
});
