import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isDumpName, listShare, settledFiles, type ShareFile } from '../../../src/intake/share-files.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'share-'));
});
afterEach(async () => {
  await chmod(path.join(dir, 'locked'), 0o755).catch(() => undefined);
  await rm(dir, { recursive: true, force: true });
});

describe('listShare', () => {
  it('finds dumps below the share by name, skips hidden entries, and names them with / from the share', async () => {
    await mkdir(path.join(dir, 'realm-eu', 'old'), { recursive: true });
    await mkdir(path.join(dir, '.incoming'));
    await writeFile(path.join(dir, 'a.dmp'), 'x');
    await writeFile(path.join(dir, 'realm-eu', 'core.1234'), 'x');
    await writeFile(path.join(dir, 'realm-eu', 'old', 'b.mdmp'), 'xy');
    await writeFile(path.join(dir, 'realm-eu', 'notes.txt'), 'x');
    await writeFile(path.join(dir, '.incoming', 'c.dmp'), 'x');
    const listing = await listShare(dir);
    expect(listing.files.map((f) => [f.name, f.size])).toEqual([
      ['a.dmp', 1],
      ['realm-eu/core.1234', 1],
      ['realm-eu/old/b.mdmp', 2],
    ]);
    expect(listing.truncated).toBe(false);
    expect(['x.DMP', 'core', 'core.99', 'w.core', 'a.dmp.txt', 'score'].map(isDumpName)).toEqual([true, true, true, true, false, false]);
  });

  it('reports a folder it cannot read and goes on; stops at the entry cap and says so', async () => {
    await mkdir(path.join(dir, 'locked'));
    await writeFile(path.join(dir, 'locked', 'x.dmp'), 'x');
    await writeFile(path.join(dir, 'z.dmp'), 'x');
    await chmod(path.join(dir, 'locked'), 0o000);
    const listing = await listShare(dir);
    if (process.getuid?.() !== 0) expect(listing.unreadable).toEqual([{ name: 'locked/', reason: expect.stringMatching(/permission/i) as string }]);
    expect(listing.files.map((f) => f.name)).toContain('z.dmp');
    const capped = await listShare(dir, { maxDepth: 4, maxEntries: 1 });
    expect(capped.truncated).toBe(true);
  });
});

describe('settledFiles', () => {
  const file = (name: string, mtimeMs: number, size = 10): ShareFile => ({ name, path: `/s/${name}`, size, mtimeMs });

  it('takes old files at once and does not wait', async () => {
    const waits: number[] = [];
    const r = await settledFiles([file('a', 0)], { settleMs: 30_000, now: () => 100_000, sleep: (ms) => Promise.resolve(void waits.push(ms)), restat: () => Promise.reject(new Error('not asked')) });
    expect(r.settled.map((f) => f.name)).toEqual(['a']);
    expect(waits).toEqual([]);
  });

  it('looks at young files again once the youngest has settled; one still growing waits for the next scan', async () => {
    const waits: number[] = [];
    const sizes: Record<string, number> = { '/s/growing': 99, '/s/done': 10 };
    const r = await settledFiles([file('old', 0), file('growing', 95_000), file('done', 90_000)], {
      settleMs: 30_000,
      now: () => 100_000,
      sleep: (ms) => Promise.resolve(void waits.push(ms)),
      restat: (p) => Promise.resolve(p in sizes ? { size: sizes[p] ?? 0, mtimeMs: p === '/s/growing' ? 99_000 : 90_000 } : null),
    });
    expect(waits).toEqual([25_000]);
    expect(r.settled.map((f) => f.name)).toEqual(['old', 'done']);
    expect(r.busy.map((f) => f.name)).toEqual(['growing']);
  });

  it('a file gone before the second look is not taken', async () => {
    const r = await settledFiles([file('gone', 99_000)], { settleMs: 30_000, now: () => 100_000, sleep: () => Promise.resolve(), restat: () => Promise.resolve(null) });
    expect(r.busy.map((f) => f.name)).toEqual(['gone']);
  });
});
