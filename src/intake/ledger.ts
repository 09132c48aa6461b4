import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { CrashAutofixError } from '../base/errors.js';
import { writeFileAtomic } from '../base/fs/atomic-write.js';
import { acquireFolderLock } from '../base/fs/folder-lock.js';

/**
 * Every dump a scan has met, once: by content (sha256), so the same dump under
 * another name or on another runner's mount of the share is a duplicate, and
 * by path, size and time, so an unchanged file is not hashed again. It
 * travels between runners as a workflow artifact, like a job record.
 */
const DumpEntrySchema = z.object({
  firstSeen: z.string(),
  lastSeen: z.string(),
  /** Paths relative to the share; the first few, for the report. */
  names: z.array(z.string()).max(20),
  /** How many times this content was met under a new name or time. */
  copies: z.number().int().positive(),
  bytes: z.number().int().nonnegative(),
  /** The pre-triage bucket, once known. */
  bucket: z.string().nullable(),
});
const FileEntrySchema = z.object({ size: z.number().int().nonnegative(), mtimeMs: z.number(), sha256: z.string().regex(/^[0-9a-f]{64}$/) });
const UnreadableSchema = z.object({ size: z.number().int().nonnegative(), mtimeMs: z.number(), reason: z.string(), at: z.string() });

export const LEDGER_SCHEMA_VERSION = 1;
export const LedgerSchema = z.object({
  schemaVersion: z.literal(LEDGER_SCHEMA_VERSION),
  dumps: z.record(z.string().regex(/^[0-9a-f]{64}$/), DumpEntrySchema),
  files: z.record(z.string(), FileEntrySchema),
  unreadable: z.record(z.string(), UnreadableSchema),
});
export type LedgerData = z.infer<typeof LedgerSchema>;
export type DumpEntry = z.infer<typeof DumpEntrySchema>;

export const emptyLedger = (): LedgerData => ({ schemaVersion: LEDGER_SCHEMA_VERSION, dumps: {}, files: {}, unreadable: {} });

/** The content hash recorded for a file whose size and time have not changed, else null. */
export function knownFile(ledger: LedgerData, name: string, size: number, mtimeMs: number): string | null {
  const f = ledger.files[name];
  return f && f.size === size && f.mtimeMs === mtimeMs ? f.sha256 : null;
}

/** Records a dump met under `name`; says whether its content is new. */
export function recordDump(ledger: LedgerData, dump: { name: string; size: number; mtimeMs: number; sha256: string }, at: string): 'new' | 'duplicate' {
  const { name, size, mtimeMs, sha256 } = dump;
  const sameFile = knownFile(ledger, name, size, mtimeMs) === sha256;
  ledger.files[name] = { size, mtimeMs, sha256 };
  delete ledger.unreadable[name];
  const entry = ledger.dumps[sha256];
  if (!entry) {
    ledger.dumps[sha256] = { firstSeen: at, lastSeen: at, names: [name], copies: 1, bytes: size, bucket: null };
    return 'new';
  }
  entry.lastSeen = at;
  if (!sameFile) entry.copies++;
  if (!entry.names.includes(name) && entry.names.length < 20) entry.names.push(name);
  return 'duplicate';
}

export function recordUnreadable(ledger: LedgerData, name: string, file: { size: number; mtimeMs: number }, reason: string, at: string): void {
  ledger.unreadable[name] = { size: file.size, mtimeMs: file.mtimeMs, reason, at };
}

/** Union of two ledgers (this runner's and one restored from an artifact): earliest first sighting wins. */
export function mergeLedgers(a: LedgerData, b: LedgerData): LedgerData {
  const out: LedgerData = structuredClone(a);
  for (const [sha, theirs] of Object.entries(b.dumps)) {
    const ours = out.dumps[sha];
    if (!ours) {
      out.dumps[sha] = structuredClone(theirs);
      continue;
    }
    ours.firstSeen = ours.firstSeen <= theirs.firstSeen ? ours.firstSeen : theirs.firstSeen;
    ours.lastSeen = ours.lastSeen >= theirs.lastSeen ? ours.lastSeen : theirs.lastSeen;
    ours.copies = Math.max(ours.copies, theirs.copies);
    ours.bucket ??= theirs.bucket;
    for (const n of theirs.names) if (!ours.names.includes(n) && ours.names.length < 20) ours.names.push(n);
  }
  for (const [name, f] of Object.entries(b.files)) out.files[name] ??= f;
  for (const [name, u] of Object.entries(b.unreadable)) if (!out.files[name]) out.unreadable[name] ??= u;
  return out;
}

export async function readLedger(file: string): Promise<LedgerData> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return emptyLedger();
    throw new CrashAutofixError('bad-input', `The scan ledger ${file} cannot be read (${(e as Error).message}); fix its permissions`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new CrashAutofixError('bad-input', `The scan ledger ${file} is not valid JSON (a write cut short?); delete it and the next scan rebuilds it, hashing the share again`);
  }
  const version = (json as { schemaVersion?: unknown } | null)?.schemaVersion;
  if (version !== LEDGER_SCHEMA_VERSION) {
    throw new CrashAutofixError('bad-input', `The scan ledger ${file} has schemaVersion ${JSON.stringify(version)}; this crash-autofix reads ${LEDGER_SCHEMA_VERSION}. Delete it, or use the crash-autofix that wrote it`);
  }
  const parsed = LedgerSchema.safeParse(json);
  if (!parsed.success) throw new CrashAutofixError('bad-input', `The scan ledger ${file} does not match its schema (${parsed.error.issues[0]?.path.join('.') ?? ''}); delete it and the next scan rebuilds it`);
  return parsed.data;
}

/**
 * Reads, changes and writes the ledger under a lock, so a `watch` and an
 * action job on one runner never lose each other's entries; the write is
 * atomic, so a reader sees the old ledger or the new one.
 */
export async function updateLedger<T>(file: string, change: (ledger: LedgerData) => T | Promise<T>, options: { waitMs?: number } = {}): Promise<T> {
  const release = await acquireFolderLock(`${file}.lock`, {
    waitMs: options.waitMs ?? 120_000,
    timedOut: (owner) => new CrashAutofixError('timeout', `The scan ledger ${file} is held by ${owner} for over ${Math.round((options.waitMs ?? 120_000) / 1000)} s; wait for that scan, or remove ${file}.lock if that process is gone`),
  });
  try {
    const ledger = await readLedger(file);
    const result = await change(ledger);
    await writeFileAtomic(file, `${JSON.stringify(ledger)}\n`);
    return result;
  } finally {
    await release();
  }
}
