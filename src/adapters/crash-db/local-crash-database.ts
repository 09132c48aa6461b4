import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { CrashAutofixError } from '../../base/errors.js';
import { writeFileDurable } from '../../base/fs/durable-write.js';
import { acquireFolderLock } from '../../base/fs/folder-lock.js';
import { ledgerWith, type BuildLedger } from '../../domain/build-ledger.js';
import { applyCrashEvent } from '../../domain/crash-record-reducer.js';
import { CrashEventSchema, type CrashDatabase, type CrashEvent, type CrashRecord } from '../../domain/crash-record.js';
import { emptyCrashDb, parseCrashDb, serializeCrashDb, type CrashDbFile } from './crash-db-file.js';

/**
 * The crash database in the state folder: one JSON file, pure JavaScript so the
 * one bundle runs on every runner. Each write reads, applies and replaces the
 * whole file under a lock (`<file>.lock`), so a `watch` and an action job on one
 * runner never lose each other's events; the replacement is durable and atomic
 * (writeFileDurable), so a crash mid-write leaves the previous database. Reads
 * take no lock: they see the old file or the new one.
 */
export class LocalCrashDatabase implements CrashDatabase {
  private constructor(
    readonly file: string,
    private readonly lockWaitMs: number,
  ) {}

  /** Opens (and checks) the database at `file`; a missing file is an empty database, created by the first write. */
  static async create(file: string, options: { lockWaitMs?: number } = {}): Promise<LocalCrashDatabase> {
    const db = new LocalCrashDatabase(path.resolve(file), options.lockWaitMs ?? 120_000);
    await mkdir(path.dirname(db.file), { recursive: true });
    await db.read();
    return db;
  }

  async record(events: readonly CrashEvent[]): Promise<CrashRecord[]> {
    if (events.length === 0) return [];
    const checked = events.map((event) => {
      const parsed = CrashEventSchema.safeParse(event);
      if (!parsed.success) throw new CrashAutofixError('internal', `The crash event ${event.id} is not valid (${parsed.error.issues[0]?.path.join('.') ?? ''}: ${parsed.error.issues[0]?.message ?? ''}); it was not recorded`);
      return parsed.data;
    });
    const release = await acquireFolderLock(`${this.file}.lock`, {
      waitMs: this.lockWaitMs,
      // A write takes milliseconds: ask again soon.
      pollMs: 20,
      timedOut: (owner) => new CrashAutofixError('timeout', `The crash database ${this.file} is held by ${owner} for over ${Math.round(this.lockWaitMs / 1000)} s; wait for it, or remove ${this.file}.lock if that process is gone`),
    });
    try {
      await this.removeStaleTemporaries();
      const db = await this.read();
      const changed = applyAll(db, checked);
      if (changed.size > 0) await writeFileDurable(this.file, serializeCrashDb(db));
      return [...changed].map((signature) => db.records[signature]).filter((r): r is CrashRecord => r !== undefined);
    } finally {
      await release();
    }
  }

  async get(signature: string): Promise<CrashRecord | null> {
    return (await this.read()).records[signature] ?? null;
  }

  async list(): Promise<CrashRecord[]> {
    return Object.values((await this.read()).records);
  }

  /** The build ledger (build id → first deployed at). */
  async builds(): Promise<BuildLedger> {
    return new Map(Object.entries((await this.read()).builds));
  }

  /** Only the lock holder writes, so a temporary file found while holding it was left by a writer that died. */
  private async removeStaleTemporaries(): Promise<void> {
    const prefix = `.${path.basename(this.file)}.`;
    const names = await readdir(path.dirname(this.file));
    await Promise.all(names.filter((name) => name.startsWith(prefix) && name.endsWith('.tmp')).map((name) => rm(path.join(path.dirname(this.file), name), { force: true })));
  }

  private async read(): Promise<CrashDbFile> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return emptyCrashDb();
      throw new CrashAutofixError('bad-input', `The crash database ${this.file} cannot be read (${(e as Error).message}); fix its permissions`);
    }
    return parseCrashDb(this.file, text);
  }
}

/** Applies the events not applied before, in order, to the file's content; returns the signatures they changed. */
function applyAll(db: CrashDbFile, events: readonly CrashEvent[]): Set<string> {
  const applied = new Set(db.applied);
  let ledger: BuildLedger = new Map(Object.entries(db.builds));
  const changed = new Set<string>();
  for (const event of events) {
    if (applied.has(event.id)) continue;
    ledger = ledgerWith(ledger, event);
    db.records[event.signature] = applyCrashEvent(db.records[event.signature] ?? null, event, ledger);
    applied.add(event.id);
    db.applied.push(event.id);
    changed.add(event.signature);
  }
  db.builds = Object.fromEntries(ledger);
  return changed;
}
