/**
 * `crash-autofix scan` over a share of a few hundred dumps: real cores of the
 * fixture's bug catalog (many runs of each bug), copies of some under other
 * names, the shared corpus's minidumps, a cut core and a text file. No
 * debugger runs; with the program's symbols each bug is one bucket whose
 * signature is gdb's.
 */
import { copyFile, mkdir, open, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ScannedBucket } from '../../src/intake/scan-share.js';
import { LocalCrashDatabase } from '../../src/adapters/crash-db/local-crash-database.js';
import { corpusFolder } from '../fixtures/corpus.js';
import { buildFixture, produceBugCores, type BuiltFixture } from '../fixtures/crash-fixture.js';
import { makeTempDir } from '../fixtures/git-repo.js';
import { runCli } from '../fixtures/run-cli.js';

const BUGS = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
const RUNS = 20;
const minidumps = corpusFolder('minidump');

let fixture: BuiltFixture;
let share: string;
let state: string;

beforeAll(async () => {
  fixture = await buildFixture();
  share = await makeTempDir('scan-share-');
  state = await makeTempDir('scan-share-state-');
  const cores = await produceBugCores(fixture.executable, { bugs: BUGS, runsPerBug: RUNS, workDir: await makeTempDir('scan-share-cores-') });
  await mkdir(path.join(share, 'realm-eu'));
  await mkdir(path.join(share, 'realm-us'));
  for (const [i, core] of cores.entries()) await copyFile(core, path.join(share, i % 2 === 0 ? 'realm-eu' : 'realm-us', `core.${10_000 + i}`));
  // A crash reporter that also kept a copy under its own name: the same content, another occurrence.
  await mkdir(path.join(share, 'reporter'));
  for (const i of [0, 2, 4]) await copyFile(path.join(share, 'realm-eu', `core.${10_000 + i}`), path.join(share, 'reporter', `worldserver-${i}.core`));
  if (minidumps.present) {
    await mkdir(path.join(share, 'corpus'));
    for (const name of minidumps.list('.dmp')) await copyFile(minidumps.file(name), path.join(share, 'corpus', name));
  }
  const cut = await open(path.join(share, 'cut.core'), 'w');
  await cut.write((await readFile(cores[0] ?? '')).subarray(0, 3000));
  await cut.close();
  await writeFile(path.join(share, 'readme.dmp'), 'the dumps of realm-eu and realm-us\n');
}, 600_000);

async function scan(): Promise<{ buckets: ScannedBucket[]; stderr: string }> {
  const run = await runCli(['scan', '--dump-dir', share, '--state-dir', state, '--executable', fixture.executable, '--source-root', fixture.sourceDir, '--settle-time', '0', '--max-new-buckets', '100', '--json']);
  expect(run.code, run.stderr).toBe(0);
  return { buckets: JSON.parse(run.stdout) as ScannedBucket[], stderr: run.stderr };
}

describe('scan of a share of a few hundred dumps', () => {
  let first: { buckets: ScannedBucket[]; stderr: string };
  beforeAll(async () => {
    first = await scan();
  }, 300_000);

  it('puts every run of a bug into one bucket with the bug\'s culprit, and copies count as occurrences', () => {
    const catalog = first.buckets.filter((b) => b.culprit?.startsWith('BugCatalog::'));
    expect(catalog).toHaveLength(BUGS.length);
    for (const bug of BUGS) {
      const name = `BugCatalog::bug${String(bug).padStart(2, '0')}`;
      const bucket = catalog.find((b) => b.culprit?.startsWith(`${name} (`));
      expect(bucket, name).toMatchObject({ scope: 'stable', new: true, kind: 'access-violation', exception: 'SIGSEGV' });
      // The reporter's three copies are of bug 0's runs 0, 2 and 4.
      expect(bucket?.count).toBe(bug === 0 ? RUNS + 3 : RUNS);
      expect(bucket?.culprit).toMatch(/\(src\/game\/bug-catalog\.cpp:\d+\)$/);
    }
  });

  it('counts each dump read as an occurrence of its crash in the crash database, per build and per share folder', async () => {
    const records = await (await LocalCrashDatabase.create(path.join(state, 'crash-db.json'))).list();
    const catalog = first.buckets.filter((b) => b.culprit?.startsWith('BugCatalog::'));
    for (const bucket of catalog) {
      const record = records.find((r) => r.signature === bucket.signature);
      // By content: the reporter's copies are the same dumps, not new crashes.
      expect(record?.occurrences.count, bucket.signature).toBe(RUNS);
      expect(Object.fromEntries(Object.entries(record?.occurrences.byServer ?? {}).map(([k, v]) => [k, v.count]))).toEqual({ 'realm-eu': RUNS / 2, 'realm-us': RUNS / 2 });
      expect(Object.keys(record?.occurrences.byBuild ?? {})).toEqual([bucket.build]);
      expect(record?.module).toBe('src/game');
    }
    // A dump the fix job later reads again is the same occurrence: its job id is the event's.
    const bug3 = catalog.find((b) => b.culprit?.startsWith('BugCatalog::bug03 ('));
    const again = await runCli(['analyze', '--dump', bug3?.representative.path ?? '', '--executable', fixture.executable, '--source-root', fixture.sourceDir, '--state-dir', state]);
    expect(again.code, again.stderr).toBe(0);
    const after = (await (await LocalCrashDatabase.create(path.join(state, 'crash-db.json'))).list()).find((r) => r.signature === bug3?.signature);
    expect(after?.occurrences.count).toBe(RUNS);
  });

  it('reports the cut core and the text file and goes on, leaving both files as they were', async () => {
    expect(first.stderr).toMatch(/warning: cut\.core: .*; skipped \(the file is left as it is\)/);
    expect(first.stderr).toMatch(/warning: readme\.dmp: .*text file, not a dump/);
    expect((await readFile(path.join(share, 'readme.dmp'), 'utf8')).startsWith('the dumps')).toBe(true);
  });

  it('the bucket is the signature gdb gives the representative dump', async () => {
    const bucket = first.buckets.find((b) => b.culprit?.startsWith('BugCatalog::bug03 ('));
    const analyzed = await runCli(['analyze', '--dump', bucket?.representative.path ?? '', '--executable', fixture.executable, '--source-root', fixture.sourceDir, '--state-dir', await makeTempDir('scan-share-gdb-'), '--debugger', 'gdb', '--json']);
    expect(analyzed.code, analyzed.stderr).toBe(0);
    expect((JSON.parse(analyzed.stdout) as { signature: string; debugger: { name: string } })).toMatchObject({ signature: bucket?.signature, debugger: { name: 'gdb' } });
  });

  minidumps.it('buckets the corpus minidumps without symbols: the same faulting place of the same build shares a bucket, other programs never do', async () => {
    const corpus = first.buckets.filter((b) => b.dumps.some((d) => d.startsWith('corpus/')));
    const bucketOf = (name: string): ScannedBucket | undefined => corpus.find((b) => b.dumps.includes(`corpus/${name}`));
    const expected = new Map<string, string[]>();
    for (const json of minidumps.list('.json')) {
      const info = JSON.parse(await readFile(minidumps.file(json), 'utf8')) as { expected?: { exception_code?: string; faulting_module?: string; faulting_module_offset?: string } };
      const name = json.replace(/\.json$/, '.dmp');
      const dumpBucket = bucketOf(name);
      if (!dumpBucket || !info.expected?.faulting_module) continue;
      const place = `${info.expected.exception_code ?? ''} ${info.expected.faulting_module} ${info.expected.faulting_module_offset ?? ''}`;
      expected.set(place, [...(expected.get(place) ?? []), dumpBucket.signature]);
    }
    expect(expected.size).toBeGreaterThan(5);
    for (const [place, signatures] of expected) expect(new Set(signatures).size, place).toBe(1);
    for (const b of corpus) {
      const programs = new Set(b.dumps.map((d) => corpus.find((c) => c.dumps.includes(d))?.program));
      expect(programs.size).toBe(1);
    }
  });

  it('a second scan reads nothing again; one new bug is the one new bucket', async () => {
    const again = await scan();
    expect(again.buckets.filter((b) => b.new)).toEqual([]);
    const [core] = await produceBugCores(fixture.executable, { bugs: [10], runsPerBug: 1, workDir: await makeTempDir('scan-share-new-') });
    await copyFile(core ?? '', path.join(share, 'realm-eu', 'core.99999'));
    const third = await scan();
    expect(third.buckets).toEqual([expect.objectContaining({ new: true, count: 1, culprit: expect.stringMatching(/^BugCatalog::bug10 \(/) as string })]);
  }, 120_000);
});
