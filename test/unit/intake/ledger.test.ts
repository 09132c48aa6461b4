import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bucketMembers, emptyLedger, knownFile, mergeLedgers, readLedger, recordBucket, recordDump, recordUnreadable, updateLedger } from '../../../src/intake/ledger.js';

const A = 'a'.repeat(64);
const B = 'b'.repeat(64);
let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'ledger-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('the scan ledger', () => {
  it('records content once: a copy under another name is a duplicate, an unchanged file is known without hashing', () => {
    const l = emptyLedger();
    expect(recordDump(l, { name: 'eu/1.dmp', size: 10, mtimeMs: 1, sha256: A }, 't1')).toBe('new');
    expect(recordDump(l, { name: 'eu/copy.dmp', size: 10, mtimeMs: 2, sha256: A }, 't2')).toBe('duplicate');
    expect(recordDump(l, { name: 'eu/1.dmp', size: 10, mtimeMs: 1, sha256: A }, 't3')).toBe('unchanged');
    expect(l.dumps[A]).toEqual({ firstSeen: 't1', lastSeen: 't3', names: ['eu/1.dmp', 'eu/copy.dmp'], copies: 2, bytes: 10, bucket: null });
    expect(knownFile(l, 'eu/1.dmp', 10, 1)).toBe(A);
    expect(knownFile(l, 'eu/1.dmp', 11, 1)).toBeNull();
    expect(knownFile(l, 'eu/2.dmp', 10, 1)).toBeNull();
  });

  it('keeps an unreadable file apart until it reads', () => {
    const l = emptyLedger();
    recordUnreadable(l, 'x.dmp', { size: 5, mtimeMs: 1 }, 'EACCES', 't1');
    expect(l.unreadable['x.dmp']?.reason).toBe('EACCES');
    recordDump(l, { name: 'x.dmp', size: 5, mtimeMs: 1, sha256: B }, 't2');
    expect(l.unreadable['x.dmp']).toBeUndefined();
  });

  it('merges a restored ledger: earliest first sighting, any bucket, both names', () => {
    const here = emptyLedger();
    recordDump(here, { name: '/mnt/share/1.dmp', size: 10, mtimeMs: 1, sha256: A }, '2026-12-02');
    const restored = emptyLedger();
    recordDump(restored, { name: 'D:/share/1.dmp', size: 10, mtimeMs: 1, sha256: A }, '2026-12-01');
    recordDump(restored, { name: 'D:/share/2.dmp', size: 7, mtimeMs: 1, sha256: B }, '2026-12-01');
    const entryA = restored.dumps[A];
    if (entryA) entryA.bucket = 'bucket-1';
    const merged = mergeLedgers(here, restored);
    expect(merged.dumps[A]).toMatchObject({ firstSeen: '2026-12-01', lastSeen: '2026-12-02', bucket: 'bucket-1', names: ['/mnt/share/1.dmp', 'D:/share/1.dmp'] });
    expect(Object.keys(merged.dumps).sort()).toEqual([A, B]);
    expect(here.dumps[B]).toBeUndefined();
  });

  it('puts each content into its bucket once; copies count as occurrences; a merge keeps the earliest representative and announcement', () => {
    const bug = { scope: 'stable' as const, kind: 'access-violation', exception: 'c0000005', culprit: 'World::tick (src/world.cpp:12)', program: 'worldserver.exe', build: '5A9832E52d000' };
    const here = emptyLedger();
    recordDump(here, { name: 'b.dmp', size: 7, mtimeMs: 1, sha256: B }, '2026-12-03');
    expect(recordBucket(here, B, 'access-violation-0123456789ab', bug, '2026-12-03')).toBe('new');
    const there = emptyLedger();
    recordDump(there, { name: 'a.dmp', size: 10, mtimeMs: 1, sha256: A }, '2026-12-01');
    recordDump(there, { name: 'a-copy.dmp', size: 10, mtimeMs: 5, sha256: A }, '2026-12-02');
    expect(recordBucket(there, A, 'access-violation-0123456789ab', bug, '2026-12-01')).toBe('new');
    const bucketA = there.buckets['access-violation-0123456789ab'];
    if (bucketA) bucketA.announced = '2026-12-01';
    expect(recordBucket(there, A, 'access-violation-0123456789ab', bug, '2026-12-02')).toBe('known');
    const merged = mergeLedgers(here, there);
    expect(merged.buckets['access-violation-0123456789ab']).toMatchObject({ firstSeen: '2026-12-01', lastSeen: '2026-12-03', representative: { name: 'a.dmp', sha256: A }, announced: '2026-12-01' });
    expect(bucketMembers(merged).get('access-violation-0123456789ab')).toEqual({ count: 3, names: ['b.dmp', 'a.dmp', 'a-copy.dmp'] });
    expect(() => recordBucket(emptyLedger(), A, 'x', bug, 't')).toThrow(/not in the ledger/);
  });

  it('reads a ledger written before buckets existed', async () => {
    const file = path.join(dir, 'old.json');
    await writeFile(file, JSON.stringify({ schemaVersion: 1, dumps: {}, files: {}, unreadable: {} }));
    expect((await readLedger(file)).buckets).toEqual({});
  });

  it('updates on disk under a lock: concurrent updates lose nothing', async () => {
    const file = path.join(dir, 'ledger.json');
    await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        updateLedger(file, (l) => recordDump(l, { name: `${i}.dmp`, size: i, mtimeMs: i, sha256: String(i).repeat(64) }, 't'), { waitMs: 60_000 }),
      ),
    );
    const l = await readLedger(file);
    expect(Object.keys(l.files).sort()).toEqual(['0.dmp', '1.dmp', '2.dmp', '3.dmp', '4.dmp', '5.dmp']);
  }, 60_000);

  it('a missing ledger is empty; a broken or foreign one is one line', async () => {
    expect(await readLedger(path.join(dir, 'none.json'))).toEqual(emptyLedger());
    const broken = path.join(dir, 'broken.json');
    await writeFile(broken, '{"schemaVersion": 1, "dumps": {');
    await expect(readLedger(broken)).rejects.toThrow(/^The scan ledger \S+broken\.json is not valid JSON \(a write cut short\?\); delete it and the next scan rebuilds it, hashing the share again$/);
    await writeFile(broken, '{"schemaVersion": 9}');
    await expect(readLedger(broken)).rejects.toThrow('has schemaVersion 9; this crash-autofix reads 1');
    await writeFile(broken, '{"schemaVersion": 1, "dumps": {"zz": {}}, "files": {}, "unreadable": {}}');
    await expect(readLedger(broken)).rejects.toThrow(/does not match its schema \(dumps\.zz\)/);
    expect(await readFile(broken, 'utf8')).toContain('zz');
  });
});
