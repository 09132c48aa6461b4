import { spawn, type ChildProcess } from 'node:child_process';
import { readdir, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { LocalCrashDatabase } from '../../src/adapters/crash-db/local-crash-database.js';
import { occurrence } from '../fixtures/crash-events.js';
import { makeTempDir } from '../fixtures/git-repo.js';

/** Real processes on one database file: a `watch` and an action job on one runner. */

const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const CHILD = path.resolve('test/fixtures/crash-db-child.ts');

interface Child {
  process: ChildProcess;
  ready: () => boolean;
  /** Events the child said were written. */
  recorded: () => number;
  /** When it wrote its first and its last event (epoch ms). */
  span: () => [number, number];
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>;
}

function startChild(file: string, prefix: string, count: number, startFile?: string): Child {
  const args = [CHILD, file, prefix, String(count), ...(startFile === undefined ? [] : [startFile])];
  const child = spawn(process.execPath, ['--import', TSX, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { PATH: process.env.PATH, HOME: process.env.HOME } });
  let recorded = 0;
  let ready = false;
  let stderr = '';
  const times: number[] = [];
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    ready ||= chunk.includes('ready');
    for (const match of chunk.matchAll(/recorded (\d+) (\d+)/g)) {
      recorded = Math.max(recorded, Number(match[1]));
      times.push(Number(match[2]));
    }
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stderr })));
  return { process: child, ready: () => ready, recorded: () => recorded, span: () => [Math.min(...times), Math.max(...times)], exited };
}

async function until(condition: () => boolean, what: string, timeoutMs = 60_000): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('the local crash database shared by processes', () => {
  it('loses no event when two processes record at once', async () => {
    const dir = await makeTempDir('crash-db-two-');
    const file = path.join(dir, 'crash-db.json');
    const go = path.join(dir, 'go');
    const [watch, action] = [startChild(file, 'watch', 200, go), startChild(file, 'action', 200, go)];
    // Both are loaded before either writes, so their writes interleave.
    await until(() => watch.ready() && action.ready(), 'both processes to open the database');
    await writeFile(go, '');
    const results = await Promise.all([watch.exited, action.exited]);
    expect(results.map((r) => [r.code, r.stderr])).toEqual([
      [0, ''],
      [0, ''],
    ]);
    const records = await (await LocalCrashDatabase.create(file)).list();
    expect(records.map((r) => r.signature).sort()).toEqual(['sig-0', 'sig-1', 'sig-2', 'sig-3', 'sig-4']);
    expect(records.reduce((sum, r) => sum + r.occurrences.count, 0)).toBe(400);
    for (const record of records) {
      expect(record.occurrences.byServer.watch?.count).toBe(40);
      expect(record.occurrences.byServer.action?.count).toBe(40);
    }
    // They did write at the same time.
    const [[watchFirst, watchLast], [actionFirst, actionLast]] = [watch.span(), action.span()];
    expect(watchFirst).toBeLessThan(actionLast);
    expect(actionFirst).toBeLessThan(watchLast);
  }, 120_000);

  it('keeps the earlier events when a process is killed mid-write, and the next writer takes its lock over', async () => {
    const dir = await makeTempDir('crash-db-kill-');
    const file = path.join(dir, 'crash-db.json');
    // A large database, so the child spends most of its time reading and replacing it.
    const seed = await LocalCrashDatabase.create(file);
    await seed.record(Array.from({ length: 3000 }, (_, i) => occurrence(`seed-${i}`, '2026-02-01T00:00:00Z', { signature: `seed-${i}`, jobId: null })));
    const child = startChild(file, 'doomed', 0);
    await until(() => child.recorded() >= 3, 'three writes of the child');
    await new Promise((r) => setTimeout(r, Math.floor(Math.random() * 40)));
    const written = child.recorded();
    child.process.kill('SIGKILL');
    await writeFile(path.join(dir, '.crash-db.json.0123456789ab.tmp'), '{"format":"crash-autofix crash da');
    expect((await child.exited).signal).toBe('SIGKILL');

    const db = await LocalCrashDatabase.create(file, { lockWaitMs: 10_000 });
    const records = await db.list();
    const doomed = records.filter((r) => r.signature.startsWith('sig-')).reduce((sum, r) => sum + r.occurrences.count, 0);
    expect(records.filter((r) => r.signature.startsWith('seed-'))).toHaveLength(3000);
    // Every write the child finished is there; the one it was killed in is there whole or not at all.
    expect(doomed).toBeGreaterThanOrEqual(written);
    expect(doomed).toBeLessThanOrEqual(written + 1);
    const [after] = await db.record([occurrence('after-kill', '2026-03-10T00:00:00Z', { signature: 'sig-0', jobId: null })]);
    expect(after?.occurrences.count).toBe((records.find((r) => r.signature === 'sig-0')?.occurrences.count ?? 0) + 1);
    // No lock and no half-written temporary file is left behind.
    expect((await readdir(dir)).sort()).toEqual(['crash-db.json']);
  }, 120_000);
});
