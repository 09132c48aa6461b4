import { describe, expect, it } from 'vitest';
import { CrashAutofixError } from '../../../src/base/errors.js';
import type { DumpBucket } from '../../../src/domain/dump-bucket.js';
import { emptyLedger } from '../../../src/intake/ledger.js';
import { scanFiles, type ScanDeps } from '../../../src/intake/scan-share.js';
import type { ShareFile } from '../../../src/intake/share-files.js';

/** A share where each file's content is its `bug` letter plus a copy number: `a1`, `a2`, `b1`. */
const files = (...names: string[]): ShareFile[] => names.map((name, i) => ({ name, path: `/share/${name}`, size: 100 + i, mtimeMs: 1 }));
const sha = (name: string): string => name.replace(/[^a-z0-9]/g, '').padEnd(64, '0').slice(0, 64).replace(/[^0-9a-f]/g, 'f');

function deps(over: Partial<ScanDeps> = {}): ScanDeps & { triaged: string[] } {
  const triaged: string[] = [];
  return {
    triaged,
    hash: (f) => Promise.resolve(sha(f.name.replace(/-copy$/, ''))),
    triage: (f) => {
      triaged.push(f.name);
      if (f.name.startsWith('bad')) return Promise.reject(new CrashAutofixError('bad-input', `${f.name} is not a minidump or an ELF core`));
      if (f.name.startsWith('flaky')) return Promise.reject(new CrashAutofixError('tool-failed', 'llvm-symbolizer failed (exit 1)'));
      const bug = f.name[0] ?? '?';
      const bucket: DumpBucket = { signature: `access-violation-${bug.repeat(12)}`, scope: 'stable', kind: 'access-violation', exception: 'c0000005', culprit: `bug_${bug}()`, program: 'worldserver', build: 'B1', basis: [] };
      return Promise.resolve(bucket);
    },
    now: () => new Date('2026-12-04T10:00:00Z'),
    concurrency: 3,
    maxNewBuckets: 10,
    pathOf: (n) => `/share/${n}`,
    ...over,
  };
}

describe('scanFiles', () => {
  it('reads each new content once, counts copies as occurrences, and lists each bug once with its representative', async () => {
    const ledger = emptyLedger();
    const d = deps();
    const out = await scanFiles(ledger, files('a1.dmp', 'a2.dmp', 'b1.dmp', 'a1.dmp-copy'), d);
    expect(d.triaged.sort()).toEqual(['a1.dmp', 'a2.dmp', 'b1.dmp']);
    expect(out).toMatchObject({ files: 4, newDumps: 3, copies: 1, unchanged: 0 });
    expect(out.buckets.map((b) => [b.signature.slice(-1), b.new, b.count, b.seen])).toEqual([
      ['a', true, 3, 3],
      ['b', true, 1, 1],
    ]);
    expect(out.newBuckets[0]?.representative).toMatchObject({ path: expect.stringMatching(/^\/share\/a[12]\.dmp$/) as string });
    expect(Object.values(ledger.buckets).every((b) => b.announced === '2026-12-04T10:00:00.000Z')).toBe(true);
  });

  it('a second scan of the same share reads nothing and lists no new bucket; a new copy is an occurrence of a known bucket', async () => {
    const ledger = emptyLedger();
    await scanFiles(ledger, files('a1.dmp', 'b1.dmp'), deps());
    const again = deps();
    const out = await scanFiles(ledger, [...files('a1.dmp', 'b1.dmp'), { name: 'a1.dmp-copy', path: '/share/a1.dmp-copy', size: 500, mtimeMs: 9 }], again);
    expect(again.triaged).toEqual([]);
    expect(out).toMatchObject({ newDumps: 0, copies: 1, unchanged: 2, newBuckets: [] });
    expect(out.buckets.map((b) => [b.signature.slice(-1), b.new, b.count, b.seen])).toEqual([['a', false, 2, 1]]);
  });

  it('reports a file that is not a dump and skips it for good; a tool failure is retried next scan', async () => {
    const ledger = emptyLedger();
    const out = await scanFiles(ledger, files('bad.dmp', 'flaky.dmp', 'c1.dmp'), deps());
    expect(out.unreadable).toEqual([{ name: 'bad.dmp', reason: 'bad.dmp is not a minidump or an ELF core' }]);
    expect(out.failed).toEqual([{ name: 'flaky.dmp', reason: expect.stringContaining('llvm-symbolizer failed') as string }]);
    expect(ledger.unreadable['bad.dmp']?.reason).toContain('not a minidump');
    const next = deps();
    await scanFiles(ledger, files('bad.dmp', 'flaky.dmp', 'c1.dmp'), next);
    expect(next.triaged).toEqual(['flaky.dmp']);
  });

  it('an unreadable file is reported, never thrown', async () => {
    const out = await scanFiles(emptyLedger(), files('a1.dmp'), deps({ hash: () => Promise.reject(new Error('EACCES: permission denied')) }));
    expect(out.unreadable[0]?.reason).toContain('permission denied');
  });

  it('lists at most maxNewBuckets new buckets; the rest stay new for the next scan', async () => {
    const ledger = emptyLedger();
    const out = await scanFiles(ledger, files('a1.dmp', 'b1.dmp', 'c1.dmp'), deps({ maxNewBuckets: 2 }));
    expect(out.newBuckets).toHaveLength(2);
    const next = await scanFiles(ledger, files('a1.dmp', 'b1.dmp', 'c1.dmp'), deps({ maxNewBuckets: 2 }));
    expect(next.newBuckets.map((b) => b.signature.slice(-1))).toEqual(['c']);
    expect(next.buckets.map((b) => b.signature.slice(-1))).toEqual(['c']);
  });
});
