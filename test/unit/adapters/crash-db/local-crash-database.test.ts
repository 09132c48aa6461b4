import { readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LocalCrashDatabase } from '../../../../src/adapters/crash-db/local-crash-database.js';
import { CRASH_DB_SCHEMA_VERSION } from '../../../../src/adapters/crash-db/crash-db-file.js';
import type { CrashEvent } from '../../../../src/domain/crash-record.js';
import { RECORD_LIMITS } from '../../../../src/domain/crash-record-reducer.js';
import { analysed, approved, deployed, deployedBuild, occurrence, prOpened, rejected } from '../../../fixtures/crash-events.js';
import { makeTempDir } from '../../../fixtures/git-repo.js';

async function freshFile(): Promise<string> {
  return path.join(await makeTempDir('crash-db-'), 'state', 'crash-db.json');
}

const day = (i: number): string => new Date(Date.UTC(2026, 0, 1 + (i % 90), i % 24)).toISOString();

describe('LocalCrashDatabase on a real file', () => {
  it('keeps many events across reopening: counts, statuses, lessons', async () => {
    const file = await freshFile();
    const db = await LocalCrashDatabase.create(file);
    const events: CrashEvent[] = Array.from({ length: 1200 }, (_, i) => occurrence(`o${i}`, day(i), { signature: `sig-${i % 40}`, build: `build-${i % 3}`, jobId: `job-${i % 40}` }));
    for (let i = 0; i < events.length; i += 200) await db.record(events.slice(i, i + 200));
    const changed = await db.record([analysed('a', day(1), { signature: 'sig-1' }), prOpened('p', day(2), 5, { signature: 'sig-1' }), rejected('r', day(3), 'Fix the length check, not the caller', { signature: 'sig-2' })]);
    expect(changed.map((r) => [r.signature, r.status]).sort()).toEqual([
      ['sig-1', 'pr-open'],
      ['sig-2', 'rejected'],
    ]);

    const reopened = await LocalCrashDatabase.create(file);
    const records = await reopened.list();
    expect(records).toHaveLength(40);
    expect(records.reduce((sum, r) => sum + r.occurrences.count, 0)).toBe(1200);
    const one = await reopened.get('sig-7');
    expect(one?.occurrences.count).toBe(30);
    expect(Object.values(one?.occurrences.byBuild ?? {}).reduce((sum, c) => sum + c.count, 0)).toBe(30);
    expect((await reopened.get('sig-2'))?.lessons.map((l) => l.text)).toEqual(['Fix the length check, not the caller']);
    expect(await reopened.get('sig-unknown')).toBeNull();
  });

  it('changes nothing, not even the file, for events already recorded; beyond a record’s own window too', async () => {
    const file = await freshFile();
    const db = await LocalCrashDatabase.create(file);
    const events = Array.from({ length: RECORD_LIMITS.applied + 20 }, (_, i) => occurrence(`o${i}`, day(i), { jobId: null }));
    await db.record(events);
    const before = await readFile(file, 'utf8');
    const mtime = (await stat(file)).mtimeMs;
    expect(await db.record(events.slice(0, 30))).toEqual([]);
    expect(await readFile(file, 'utf8')).toBe(before);
    expect((await stat(file)).mtimeMs).toBe(mtime);
    expect((await db.list())[0]?.occurrences.count).toBe(RECORD_LIMITS.applied + 20);
  });

  it('keeps the build ledger across signatures and writes: a build deployed by another fix marks a regression', async () => {
    const file = await freshFile();
    const fix = deployedBuild('f1x', ['build-2']);
    await (await LocalCrashDatabase.create(file)).record([occurrence('o1', '2026-03-01T00:00:00Z'), approved('ok', '2026-03-02T00:00:00Z'), deployed('d1', '2026-03-03T00:00:00Z', 'production', fix)]);
    await (await LocalCrashDatabase.create(file)).record([{ ...deployed('other:d', '2026-03-05T00:00:00Z', 'production', deployedBuild('0th3r', ['build-3'])), signature: 'other' }]);
    const db = await LocalCrashDatabase.create(file);
    expect([...(await db.builds())]).toEqual([
      ['build-2', '2026-03-03T00:00:00Z'],
      ['build-3', '2026-03-05T00:00:00Z'],
    ]);
    const [record] = await db.record([occurrence('o2', '2026-03-06T00:00:00Z', { build: 'build-3' })]);
    expect(record).toMatchObject({ status: 'regressed', fixedIn: null, regressions: [{ build: 'build-3', fixedIn: { commit: 'f1x' } }] });
  });

  it('refuses an invalid event with one line, recording none of the batch', async () => {
    const file = await freshFile();
    const db = await LocalCrashDatabase.create(file);
    const bad = { ...occurrence('o2', '2026-03-01T00:00:00Z'), at: 'yesterday' };
    await expect(db.record([occurrence('o1', '2026-03-01T00:00:00Z'), bad])).rejects.toThrow('The crash event o2 is not valid (at: ');
    expect(await db.list()).toEqual([]);
  });
});

describe('LocalCrashDatabase: damaged, foreign and older files', () => {
  async function openError(content: string): Promise<string> {
    const file = await freshFile();
    await (await LocalCrashDatabase.create(file)).record([occurrence('o1', '2026-03-01T00:00:00Z')]);
    await writeFile(file, content);
    const error = await LocalCrashDatabase.create(file).then(
      () => null,
      (e: unknown) => e as Error,
    );
    expect(error).not.toBeNull();
    const message = error?.message ?? '';
    expect(message).not.toContain('\n');
    return message.replace(file, '<file>');
  }

  it('says a cut-short file is damaged and how to rebuild it', async () => {
    const message = await openError('{"format":"crash-autofix crash database","schemaVersion":2,"records":{"sig');
    expect(message).toMatch(/^The crash database <file> is not valid JSON \(.+\); it is damaged: move it aside and run 'crash-autofix db import' to rebuild it from the job records$/);
  });

  it('says a file of another kind is not a crash database', async () => {
    expect(await openError('{"jobs": []}')).toBe(
      "The file <file> is not a crash-autofix crash database (no format and schemaVersion); point the crash database elsewhere, or move it aside and run 'crash-autofix db import' to rebuild it from the job records",
    );
  });

  it('says where a file does not match its schema', async () => {
    const message = await openError(JSON.stringify({ format: 'crash-autofix crash database', schemaVersion: 2, records: { s: { signature: 's', status: 'lost' } }, builds: {}, applied: [] }));
    expect(message).toMatch(/^The crash database <file> does not match its schema at records\.s\.\w+ \(.+\); move it aside/);
  });

  it('asks for an upgrade for a file from a newer version', async () => {
    expect(await openError(JSON.stringify({ format: 'crash-autofix crash database', schemaVersion: 99, records: {} }))).toBe(
      `The crash database <file> was written by a newer crash-autofix (schema version 99; this one reads up to ${CRASH_DB_SCHEMA_VERSION}); upgrade crash-autofix`,
    );
  });

  it('opens a version-1 file, migrates its records, and saves it as the current version on the next write', async () => {
    const file = await freshFile();
    const fix = deployedBuild('f1x', ['build-2']);
    const db = await LocalCrashDatabase.create(file);
    await db.record([occurrence('o1', '2026-03-01T00:00:00Z'), rejected('r1', '2026-03-02T00:00:00Z', 'Wrong fix'), deployed('d1', '2026-03-03T00:00:00Z', 'production', fix), occurrence('o2', '2026-03-04T00:00:00Z', { build: 'build-2' })]);
    // The same content as version 1 wrote it: no applied list, no touchpoints nor unplaced, regressions without their fix.
    const current = JSON.parse(await readFile(file, 'utf8')) as { records: Record<string, Record<string, unknown>>; applied?: unknown };
    delete current.applied;
    for (const record of Object.values(current.records)) {
      delete record.touchpoints;
      delete record.unplaced;
      record.regressions = (record.regressions as Record<string, unknown>[]).map(({ at, build }) => ({ at, build }));
    }
    await writeFile(file, JSON.stringify({ ...current, schemaVersion: 1 }));

    const old = await LocalCrashDatabase.create(file);
    const [record] = await old.list();
    expect(record).toMatchObject({ status: 'regressed', touchpoints: { rejections: 1, reviews: 0 }, unplaced: [], regressions: [{ at: '2026-03-04T00:00:00Z', build: 'build-2', fixedIn: { commit: 'f1x', at: '2026-03-03T00:00:00Z' } }] });
    // The ids version 1 applied are still applied; a new event is, and the file is now the current version.
    expect(await old.record([occurrence('o1', '2026-03-01T00:00:00Z')])).toEqual([]);
    await old.record([occurrence('o3', '2026-03-05T00:00:00Z')]);
    const saved = JSON.parse(await readFile(file, 'utf8')) as { schemaVersion: number; applied: string[] };
    expect(saved.schemaVersion).toBe(CRASH_DB_SCHEMA_VERSION);
    expect(saved.applied).toEqual(['o1', 'r1', 'd1', 'o2', 'o3']);
    expect((await old.get(record?.signature ?? ''))?.occurrences.count).toBe(3);
  });
});
