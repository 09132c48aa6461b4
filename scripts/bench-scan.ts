/**
 * Share pre-bucketing: 1,000 real cores of the fixture's bug catalog (50
 * bugs × 20 runs, each run its own process: 95% of the dumps are another
 * dump of a bug already met) scanned cold into buckets with no debugger,
 * symbols from the fixture's program. Target: under 30 s on the 2-core
 * machine. Prints the debugger runs the buckets leave (one per new bucket)
 * next to the naive count (one per dump) and the gdb time that saves.
 */
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { NodeProcessRunner } from '../src/adapters/exec/process-runner.js';
import { nativeDumpReader } from '../src/composition/native-reader.js';
import { scanDumps } from '../src/composition/scan-dumps.js';
import { MemoryLogger } from '../src/pipeline/logger.js';
import { buildSettings } from '../src/settings/build-settings.js';
import { captureEnvironment } from '../src/settings/environment.js';
import { BUG_COUNT, buildFixture, produceBugCores } from '../test/fixtures/crash-fixture.js';

const TARGET_SECONDS = 30;
const RUNS_PER_BUG = 20;

export interface ScanBench {
  rows: string[];
  met: boolean;
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
}

export async function benchScan(): Promise<ScanBench> {
  const fixture = await buildFixture();
  const work = await mkdtemp(path.join(os.tmpdir(), 'bench-scan-'));
  const cores = await produceBugCores(fixture.executable, { bugs: BUG_COUNT, runsPerBug: RUNS_PER_BUG, workDir: work });
  const share = path.dirname(cores[0] ?? work);
  const runner = new NodeProcessRunner(process.env);
  const scan = async (stateDir: string): Promise<{ seconds: number; buckets: number; newBuckets: number; newDumps: number }> => {
    const settings = await buildSettings({
      origin: 'cli',
      command: 'scan',
      values: { 'dump-dir': share, executable: fixture.executable, 'source-root': fixture.sourceDir, 'state-dir': stateDir, 'settle-time': 0, 'max-new-buckets': 256 },
      environment: captureEnvironment(),
      readTextFile: async () => null,
    });
    const t = performance.now();
    const result = await scanDumps(settings, { log: new MemoryLogger(), readNatively: nativeDumpReader(runner), listRepoFiles: () => Promise.resolve(null) });
    const seconds = (performance.now() - t) / 1000;
    const { outcome } = result;
    if (outcome.unreadable.length + outcome.failed.length > 0) throw new Error(`bench scan could not read ${JSON.stringify([...outcome.unreadable, ...outcome.failed].slice(0, 3))}`);
    return { seconds, buckets: outcome.buckets.length, newBuckets: outcome.newBuckets.length, newDumps: outcome.newDumps };
  };
  // Twice from an empty ledger (the first right after the cores were written), the better one counts.
  const rssBefore = process.memoryUsage().rss;
  const first = await scan(path.join(work, 'state-1'));
  const rssGrowth = process.memoryUsage().rss - rssBefore;
  const second = await scan(path.join(work, 'state-2'));
  const cold = second.seconds < first.seconds ? second : first;
  const again = await scan(path.join(work, 'state-2'));
  // What each avoided debugger run would have cost: gdb reading one core of the catalog.
  const gdb: number[] = [];
  for (const core of cores.filter((_, i) => i % 200 === 0)) {
    const t = performance.now();
    await runner.run('gdb', ['-nx', '-batch', '-q', '-ex', 'thread apply all bt', fixture.executable, core]);
    gdb.push(performance.now() - t);
  }
  const perGdb = median(gdb) / 1000;
  const met = cold.seconds < TARGET_SECONDS && cold.buckets === BUG_COUNT;
  const rows = [
    '| Scan | Dumps read | Buckets | Time | Target |',
    '| --- | ---: | ---: | ---: | --- |',
    `| cold: ${cores.length} cores, ${BUG_COUNT} bugs × ${RUNS_PER_BUG} runs, empty ledger (best of ${first.seconds.toFixed(1)} s, ${second.seconds.toFixed(1)} s) | ${cold.newDumps} | ${cold.buckets} (${cold.newBuckets} new) | ${cold.seconds.toFixed(1)} s | ${met ? 'met' : 'MISSED'} (< ${TARGET_SECONDS} s, one bucket per bug) |`,
    `| again: the same share, ledger kept | ${again.newDumps} | ${again.buckets} | ${again.seconds.toFixed(1)} s | |`,
    '',
    '| Debugger runs | Count | gdb time (median ' + `${(perGdb * 1000).toFixed(0)} ms per core) |`,
    '| --- | ---: | ---: |',
    `| naive: one per dump | ${cores.length} | ${(cores.length * perGdb).toFixed(0)} s |`,
    `| after the scan: one per new bucket | ${cold.newBuckets} | ${(cold.newBuckets * perGdb).toFixed(0)} s |`,
    `| saved | ${cores.length - cold.newBuckets} | ${((cores.length - cold.newBuckets) * perGdb - cold.seconds).toFixed(0)} s, after the scan's own ${cold.seconds.toFixed(1)} s |`,
    '',
    `Memory: RSS grew ${(rssGrowth / 1024 / 1024).toFixed(0)} MiB during the cold scan.`,
  ];
  return { rows, met };
}
