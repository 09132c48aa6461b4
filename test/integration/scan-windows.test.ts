/**
 * A share of real Windows minidumps (the fixture cross-built with mingw-w64,
 * crashed under Wine, whose dbghelp writes the dumps) scanned on Linux without
 * cdb: one bucket per bug, the same bucket for every run of a bug and, with
 * symbols, across a rebuild that moves the code; without symbols the bucket
 * holds within one build.
 */
import { copyFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ScannedBucket } from '../../src/intake/scan-share.js';
import { expectedCrashSite } from '../fixtures/crash-fixture.js';
import { makeTempDir } from '../fixtures/git-repo.js';
import { runCli } from '../fixtures/run-cli.js';
import { buildWindowsFixture, produceMinidump, windowsToolchainMissing, type WindowsCrashMode } from '../fixtures/windows-fixture.js';
import { NodeProcessRunner } from '../../src/adapters/exec/process-runner.js';

const missing = (await windowsToolchainMissing()) ?? ((await new NodeProcessRunner(process.env).run('which', ['llvm-symbolizer'])).exitCode === 0 ? null : 'llvm-symbolizer not found (apt-get install llvm)');
if (missing) console.log(`Windows share scan tests skipped: ${missing}`);

const MODES = ['null-write', 'null-read', 'divide-by-zero', 'worker-thread'] as const satisfies readonly WindowsCrashMode[];

let share: string;
let builds: string;
let sourceDir: string;
let shiftedSourceDir: string;

beforeAll(async () => {
  if (missing) return;
  const base = await buildWindowsFixture();
  const shifted = await buildWindowsFixture({ shift: true });
  sourceDir = base.sourceDir;
  shiftedSourceDir = shifted.sourceDir;
  share = await makeTempDir('scan-windows-share-');
  builds = await makeTempDir('scan-windows-builds-');
  for (const [name, fixture] of [['base', base], ['shift', shifted]] as const) {
    await mkdir(path.join(builds, name));
    await copyFile(fixture.executable, path.join(builds, name, 'worldserver.exe'));
  }
  for (const mode of MODES) {
    for (const run of [0, 1]) await copyFile(await produceMinidump(mode, { run }), path.join(share, `${mode}-${run}.dmp`));
  }
  await mkdir(path.join(share, 'after-rebuild'));
  for (const mode of ['null-write', 'null-read'] as const) await copyFile(await produceMinidump(mode, { shift: true }), path.join(share, 'after-rebuild', `${mode}.dmp`));
}, 900_000);

async function scan(dir: string, ...extra: string[]): Promise<ScannedBucket[]> {
  const state = await makeTempDir('scan-windows-state-');
  const run = await runCli(['scan', '--dump-dir', dir, '--state-dir', state, '--source-root', sourceDir, '--settle-time', '0', '--json', ...extra]);
  expect(run.code, run.stderr).toBe(0);
  return JSON.parse(run.stdout) as ScannedBucket[];
}

const bucketOfDump = (buckets: ScannedBucket[], name: string): ScannedBucket | undefined => buckets.find((b) => b.dumps.includes(name));

describe.skipIf(missing !== null)('a share of real Windows minidumps, scanned without cdb', () => {
  it('with each dump\'s build found by id in a folder of builds: one bucket per bug, across runs and a rebuild, each with its marked line', async () => {
    const buckets = await scan(share, '--symbols', builds);
    expect(buckets).toHaveLength(MODES.length);
    for (const mode of MODES) {
      const bucket = bucketOfDump(buckets, `${mode}-0.dmp`);
      expect(bucket, mode).toBeDefined();
      expect(bucket?.scope).toBe('stable');
      expect(bucket?.dumps).toContain(`${mode}-1.dmp`);
      // The representative's own build says the line: the rebuild moved every line down.
      const site = expectedCrashSite(bucket?.representative.name.startsWith('after-rebuild/') ? shiftedSourceDir : sourceDir, mode);
      expect(bucket?.culprit, mode).toContain(`(${site.file}:${site.line})`);
      if (site.function) expect(bucket?.culprit).toContain(site.function);
    }
    // Bucketed with the shifted build's own lines: a dump read with the other build's file would blame a line 7 off.
    const lonely = await scan(path.join(share, 'after-rebuild'), '--symbols', builds);
    expect(lonely.find((b) => b.dumps.includes('null-write.dmp'))?.culprit).toContain(`:${expectedCrashSite(shiftedSourceDir, 'null-write').line})`);
    for (const mode of ['null-write', 'null-read'] as const) {
      expect(bucketOfDump(buckets, `after-rebuild/${mode}.dmp`)?.signature).toBe(bucketOfDump(buckets, `${mode}-0.dmp`)?.signature);
      expect(bucketOfDump(buckets, `${mode}-0.dmp`)?.count).toBe(3);
    }
  });

  it('the bucket with symbols is the signature cdb-less analyze gives the representative dump', async () => {
    const buckets = await scan(share, '--symbols', builds);
    const bucket = bucketOfDump(buckets, 'null-write-0.dmp');
    const state = await makeTempDir('scan-windows-analyze-');
    const analyzed = await runCli(['analyze', '--dump', bucket?.representative.path ?? '', '--executable', path.join(builds, bucket?.representative.name.startsWith('after-rebuild') ? 'shift' : 'base', 'worldserver.exe'), '--state-dir', state, '--source-root', sourceDir, '--json']);
    expect((JSON.parse(analyzed.stdout) as { signature: string }).signature).toBe(bucket?.signature);
  });

  it('without symbols: module offsets with the build, so runs of a bug share a bucket but the rebuild opens another', async () => {
    const buckets = await scan(share);
    for (const b of buckets) expect(b.scope).toBe('build');
    for (const mode of MODES) expect(bucketOfDump(buckets, `${mode}-1.dmp`)?.signature, mode).toBe(bucketOfDump(buckets, `${mode}-0.dmp`)?.signature);
    expect(new Set(MODES.map((m) => bucketOfDump(buckets, `${m}-0.dmp`)?.signature)).size).toBe(MODES.length);
    expect(bucketOfDump(buckets, 'after-rebuild/null-write.dmp')?.signature).not.toBe(bucketOfDump(buckets, 'null-write-0.dmp')?.signature);
  });
});
