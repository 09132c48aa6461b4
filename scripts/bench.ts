/**
 * npm run bench: speed targets.
 *  1. gdb path: `analyze` (whole job: identify, gdb, report, files) against a
 *     bare `gdb -batch -ex 'thread apply all bt'` on the same core. Target: ≤ 1.10×.
 *  2. CDB text parsing throughput over ../shared/corpus/cdb.
 *  3. Native pre-triage: stack walks per second (a figure, no target).
 *  4. Share scan: 1,000 cores of 50 bugs into buckets with no debugger. Target: < 30 s.
 *  5. Release: the deploy, stress and promote commands' own overhead. Target: < 2 s per stage.
 * Exits 1 when a target is missed.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { runPipeline } from '../src/composition/run-pipeline.js';
import { createAdapters } from '../src/composition/create-adapters.js';
import { parseCdbOutput } from '../src/adapters/cdb/parse-cdb-output.js';
import { NodeProcessRunner } from '../src/adapters/exec/process-runner.js';
import { MemoryLogger } from '../src/pipeline/logger.js';
import { buildSettings } from '../src/settings/build-settings.js';
import { captureEnvironment } from '../src/settings/environment.js';
import { buildFixture, produceCore, type CrashMode } from '../test/fixtures/crash-fixture.js';
import { benchDumpToPullRequest } from './bench-pipeline.js';
import { benchDownload } from './bench-download.js';
import { benchPreTriage } from './bench-pre-triage.js';
import { benchScan } from './bench-scan.js';
import { benchRelease } from './bench-release.js';

const RUNS = Number(process.argv[2] ?? 7);
const TARGET_RATIO = 1.1;

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
}

async function timeIt(fn: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

const runner = new NodeProcessRunner(process.env);
const fixture = await buildFixture();
const work = await mkdtemp(path.join(os.tmpdir(), 'crash-autofix-bench-'));
const rows: string[] = [];
let missed = 0;

for (const mode of ['null-write', 'worker-thread', 'stack-overflow'] as CrashMode[]) {
  const core = await produceCore(fixture.executable, mode, { workDir: work });
  const settings = await buildSettings({
    origin: 'cli',
    command: 'analyze',
    values: { dump: core, executable: fixture.executable, 'source-root': fixture.sourceDir, 'state-dir': path.join(work, `state-${mode}`), fresh: true },
    environment: captureEnvironment(),
    readTextFile: async () => null,
  });
  // Warm the page cache and the state folder's tool-probe cache once, as any earlier job would.
  await createAdapters(settings, (t) => t, runner).debugger('gdb');
  await runner.run('gdb', ['-nx', '-batch', '-q', '-ex', 'thread apply all bt', fixture.executable, core]);
  const bare: number[] = [];
  const full: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    bare.push(await timeIt(() => runner.run('gdb', ['-nx', '-batch', '-q', '-ex', 'thread apply all bt', fixture.executable, core])));
    full.push(
      await timeIt(async () => {
        // New adapters each time, as each CLI or action invocation builds them.
        const result = await runPipeline(settings, createAdapters(settings, (t) => t, runner), new MemoryLogger());
        if (result.record.state.status !== 'ANALYSIS_PENDING') throw new Error(`analyze failed: ${JSON.stringify(result.record.state)}`);
      }),
    );
  }
  const ratio = median(full) / median(bare);
  const ok = ratio <= TARGET_RATIO;
  if (!ok) missed++;
  rows.push(`| gdb ${mode} | ${median(bare).toFixed(0)} ms | ${median(full).toFixed(0)} ms | ${ratio.toFixed(2)}× | ${ok ? 'met' : 'MISSED'} (≤ ${TARGET_RATIO}×) |`);
}

console.log(`\nanalyze (whole job: fingerprint, identify, gdb adapter incl. its cached version check, report, files) vs. bare gdb, median of ${RUNS} runs\n`);
console.log('| Case | bare gdb -batch bt | crash-autofix analyze | ratio | target |');
console.log('| --- | ---: | ---: | ---: | --- |');
for (const row of rows) console.log(row);

const corpus = path.resolve('..', 'shared', 'corpus', 'cdb');
const texts = readdirSync(corpus).filter((f) => f.endsWith('.txt')).map((f) => readFileSync(path.join(corpus, f), 'utf8'));
const bytes = texts.reduce((n, t) => n + Buffer.byteLength(t), 0);
const rounds = 50;
const t0 = performance.now();
for (let i = 0; i < rounds; i++) for (const t of texts) parseCdbOutput(t);
const seconds = (performance.now() - t0) / 1000;
console.log(`\nCDB text parsing: ${texts.length} corpus files, ${(bytes / 1024).toFixed(0)} KiB, ${rounds} rounds: ${((bytes * rounds) / 1024 / 1024 / seconds).toFixed(1)} MiB/s, ${((texts.length * rounds) / seconds).toFixed(0)} files/s`);
console.log(`peak RSS ${(process.memoryUsage().rss / 1024 / 1024).toFixed(0)} MiB`);
console.log('\nNative pre-triage (exception, modules, stack walk of the crashing thread; no debugger)\n');
for (const line of await benchPreTriage(work)) console.log(line);
const scan = await benchScan();
console.log('\nShare scan: every dump read natively into a bucket (stack walk, llvm-symbolizer with the program), ledger by SHA-256\n');
for (const row of scan.rows) console.log(row);
if (!scan.met) missed++;
const pipeline = await benchDumpToPullRequest();
for (const [title, job] of [
  ['first crash on a new runner: configure and full build', pipeline.cold],
  ['next crash on the same runner: the work tree reset, incremental build', pipeline.warm],
] as const) {
  console.log(`\nDump to draft pull request, ${title} (mini-server fixture, scripted model and GitHub stand-ins)\n`);
  console.log('| Stage | Time |');
  console.log('| --- | ---: |');
  for (const row of job.rows) console.log(row);
}
if (!pipeline.met) missed++;
const download = await benchDownload();
console.log('\nDump download (best of 3): the downloader against a plain stream copy of the same 512 MiB file\n');
console.log('| Path | Rate | Peak RSS growth | Target |');
console.log('| --- | ---: | ---: | --- |');
for (const row of download.rows) console.log(row);
if (!download.met) missed++;
const release = await benchRelease();
console.log("\nRelease overhead around the user's commands (deploy, stress and promote through the CLI; every command `true`, an instant health check)\n");
for (const row of release.rows) console.log(row);
if (!release.met) missed++;
process.exitCode = missed > 0 ? 1 : 0;
