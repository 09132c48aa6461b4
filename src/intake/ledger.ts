import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
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
/**
 * A bucket: dumps of one bug, keyed by its signature. With symbols that is the
 * debugger's signature (`scope: stable`); without, it includes the builds of
 * the modules it names and holds within those builds only (`scope: build`).
 */
const BucketEntrySchema = z.object({
  scope: z.enum(['stable', 'build']),
  kind: z.string(),
  exception: z.string(),
  /** `function (file:line)` of the blamed frame, or null when no frame could be blamed. */
  culprit: z.string().nullable(),
  program: z.string().nullable(),
  /** The program's build id as the dump names it. */
  build: z.string().nullable(),
  firstSeen: z.string(),
  lastSeen: z.string(),
  /** The first dump met in it: the one the debugger and the fix run on. */
  representative: z.object({ name: z.string(), sha256: z.string().regex(/^[0-9a-f]{64}$/) }),
  /** When a scan first listed it as new for the fix jobs; null until then. */
  announced: z.string().nullable(),
});

export const LEDGER_SCHEMA_VERSION = 1;
export const LedgerSchema = z.object({
  schemaVersion: z.literal(LEDGER_SCHEMA_VERSION),
  dumps: z.record(z.string().regex(/^[0-9a-f]{64}$/), DumpEntrySchema),
  files: z.record(z.string(), FileEntrySchema),
  unreadable: z.record(z.string(), UnreadableSchema),
  buckets: z.record(z.string(), BucketEntrySchema).default({}),
});
export type LedgerData = z.infer<typeof LedgerSchema>;
export type DumpEntry = z.infer<typeof DumpEntrySchema>;
export type BucketEntry = z.infer<typeof BucketEntrySchema>;

export const emptyLedger = (): LedgerData => ({ schemaVersion: LEDGER_SCHEMA_VERSION, dumps: {}, files: {}, unreadable: {}, buckets: {} });

/** The content hash recorded for a file whose size and time have not changed, else null. */
export function knownFile(ledger: LedgerData, name: string, size: number, mtimeMs: number): string | null {
  const f = ledger.files[name];
  return f && f.size === size && f.mtimeMs === mtimeMs ? f.sha256 : null;
}

/**
 * Records a dump met under `name`: `new` content, a `duplicate` (known
 * content under a new name or time: another occurrence), or the `unchanged`
 * file an earlier scan recorded.
 */
export function recordDump(ledger: LedgerData, dump: { name: string; size: number; mtimeMs: number; sha256: string }, at: string): 'new' | 'duplicate' | 'unchanged' {
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
  if (sameFile) return 'unchanged';
  entry.copies++;
  if (!entry.names.includes(name) && entry.names.length < 20) entry.names.push(name);
  return 'duplicate';
}

/** Puts a dump's content into its bucket, opening the bucket when it is the first of its bug. */
export function recordBucket(ledger: LedgerData, sha256: string, signature: string, bucket: Omit<BucketEntry, 'firstSeen' | 'lastSeen' | 'representative' | 'announced'>, at: string): 'new' | 'known' {
  const dump = ledger.dumps[sha256];
  if (!dump) throw new CrashAutofixError('internal', `recordBucket: dump ${sha256} is not in the ledger`);
  dump.bucket = signature;
  const entry = ledger.buckets[signature];
  if (entry) {
    entry.lastSeen = at > entry.lastSeen ? at : entry.lastSeen;
    return 'known';
  }
  ledger.buckets[signature] = { ...bucket, firstSeen: at, lastSeen: at, representative: { name: dump.names[0] ?? '', sha256 }, announced: null };
  return 'new';
}

/** Dumps in a bucket, copies included, and the names of the first few. */
export function bucketMembers(ledger: LedgerData): Map<string, { count: number; names: string[] }> {
  const out = new Map<string, { count: number; names: string[] }>();
  for (const dump of Object.values(ledger.dumps)) {
    if (dump.bucket === null) continue;
    const m = out.get(dump.bucket) ?? { count: 0, names: [] };
    m.count += dump.copies;
    for (const n of dump.names) if (m.names.length < 20) m.names.push(n);
    out.set(dump.bucket, m);
  }
  return out;
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
  for (const [key, theirs] of Object.entries(b.buckets)) {
    const ours = out.buckets[key];
    if (!ours) {
      out.buckets[key] = structuredClone(theirs);
      continue;
    }
    if (theirs.firstSeen < ours.firstSeen) {
      ours.firstSeen = theirs.firstSeen;
      ours.representative = { ...theirs.representative };
    }
    ours.lastSeen = ours.lastSeen >= theirs.lastSeen ? ours.lastSeen : theirs.lastSeen;
    if (theirs.announced !== null && (ours.announced === null || theirs.announced < ours.announced)) ours.announced = theirs.announced;
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
  await mkdir(path.dirname(file), { recursive: true });
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
