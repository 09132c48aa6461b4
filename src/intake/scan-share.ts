import { CrashAutofixError, describeError } from '../base/errors.js';
import type { DumpBucket } from '../domain/dump-bucket.js';
import { bucketMembers, knownFile, recordBucket, recordDump, recordUnreadable, type BucketEntry, type LedgerData } from './ledger.js';
import type { ShareFile } from './share-files.js';

/** A bucket as a scan reports it: for the workflow's fix matrix (`fromJSON`) and `scan --json`. */
export interface ScannedBucket {
  signature: string;
  /** Never listed for the fix jobs before: the debugger and the fix run on it once. */
  new: boolean;
  scope: BucketEntry['scope'];
  kind: string;
  exception: string;
  culprit: string | null;
  program: string | null;
  build: string | null;
  /** Every dump of it the ledger knows, copies included. */
  count: number;
  /** Dumps of it met in this scan. */
  seen: number;
  /** The first few dump names. */
  dumps: string[];
  representative: { name: string; path: string; sha256: string };
  firstSeen: string;
  lastSeen: string;
}

export interface ScanOutcome {
  files: number;
  newDumps: number;
  copies: number;
  unchanged: number;
  unreadable: Array<{ name: string; reason: string }>;
  /** Dumps a tool failed on (not their content): left out of the ledger, so the next scan tries again. */
  failed: Array<{ name: string; reason: string }>;
  /** Buckets met in this scan, and new ones an earlier scan could not list; most dumps first. */
  buckets: ScannedBucket[];
  /** The new buckets listed now for the fix jobs, at most `maxNewBuckets`; the rest wait for the next scan. */
  newBuckets: ScannedBucket[];
  /** Each dump read in this scan (new content) with its bucket: the crash database's occurrences. */
  read: Array<{ name: string; path: string; mtimeMs: number; signature: string; scope: BucketEntry['scope']; exception: string; culprit: string | null }>;
}

export interface ScanDeps {
  /** Content SHA-256; throws for a file that cannot be read. */
  hash: (file: ShareFile) => Promise<string>;
  /** Reads the dump natively into its bucket; a `bad-input` error means the file is not a usable dump. */
  triage: (file: ShareFile) => Promise<DumpBucket>;
  now: () => Date;
  /** Dumps read at once. */
  concurrency: number;
  maxNewBuckets: number;
  /** Absolute path of a dump by its share name, for the representative. */
  pathOf: (name: string) => string;
  onProgress?: (done: number, total: number) => void;
}

/**
 * Takes settled share files into the ledger: known content is counted as
 * another occurrence of its bucket without being read again; new content is
 * read natively (in parallel) into a bucket. Changes `ledger` in place.
 */
export async function scanFiles(ledger: LedgerData, files: readonly ShareFile[], deps: ScanDeps): Promise<ScanOutcome> {
  const at = deps.now().toISOString();
  const outcome: ScanOutcome = { files: files.length, newDumps: 0, copies: 0, unchanged: 0, unreadable: [], failed: [], buckets: [], newBuckets: [], read: [] };
  const seen = new Map<string, number>();
  const meet = (bucket: string | null): void => {
    if (bucket !== null) seen.set(bucket, (seen.get(bucket) ?? 0) + 1);
  };
  const fresh: Array<{ file: ShareFile; sha256: string }> = [];
  /** Copies are counted once the content they copy has its bucket (it may be read in this scan). */
  const copies: string[] = [];
  let done = 0;
  for (const file of files) {
    let sha256 = knownFile(ledger, file.name, file.size, file.mtimeMs);
    if (sha256 === null) {
      try {
        sha256 = await deps.hash(file);
      } catch (e) {
        outcome.unreadable.push({ name: file.name, reason: describeError(e) });
        recordUnreadable(ledger, file.name, file, describeError(e), at);
        continue;
      }
    }
    const met = recordDump(ledger, { name: file.name, size: file.size, mtimeMs: file.mtimeMs, sha256 }, at);
    if (met === 'new') fresh.push({ file, sha256 });
    else if (met === 'duplicate') copies.push(sha256);
    else outcome.unchanged++;
  }
  const total = fresh.length;
  const work = async (): Promise<void> => {
    for (let next = fresh.shift(); next; next = fresh.shift()) {
      const { file, sha256 } = next;
      try {
        const bucket = await deps.triage(file);
        const { signature, basis: _basis, ...entry } = bucket;
        recordBucket(ledger, sha256, signature, entry, at);
        outcome.read.push({ name: file.name, path: file.path, mtimeMs: file.mtimeMs, signature, scope: bucket.scope, exception: bucket.exception, culprit: bucket.culprit });
        outcome.newDumps++;
        meet(signature);
      } catch (e) {
        if (e instanceof CrashAutofixError && e.kind === 'bad-input') {
          outcome.unreadable.push({ name: file.name, reason: e.message });
          recordUnreadable(ledger, file.name, file, e.message, at);
        } else {
          outcome.failed.push({ name: file.name, reason: describeError(e) });
          forget(ledger, file.name, sha256);
        }
      }
      deps.onProgress?.(++done, total);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, deps.concurrency) }, work));
  outcome.copies = copies.length;
  for (const sha256 of copies) meet(touch(ledger, sha256, at));
  const members = bucketMembers(ledger);
  const listed = Object.entries(ledger.buckets).filter(([key, b]) => seen.has(key) || b.announced === null);
  outcome.buckets = listed
    .map(([key, b]): ScannedBucket => {
      const m = members.get(key) ?? { count: 0, names: [] };
      const { representative, announced, ...rest } = b;
      return { signature: key, new: announced === null, ...rest, count: m.count, seen: seen.get(key) ?? 0, dumps: m.names, representative: { ...representative, path: deps.pathOf(representative.name) } };
    })
    .sort((a, b) => b.count - a.count || (a.firstSeen < b.firstSeen ? -1 : 1));
  outcome.newBuckets = outcome.buckets.filter((b) => b.new).slice(0, deps.maxNewBuckets);
  for (const b of outcome.newBuckets) {
    const entry = ledger.buckets[b.signature];
    if (entry) entry.announced = at;
  }
  return outcome;
}

/** A copy of known content: its bucket's last sighting moves. */
function touch(ledger: LedgerData, sha256: string, at: string): string | null {
  const bucket = ledger.dumps[sha256]?.bucket ?? null;
  const entry = bucket === null ? undefined : ledger.buckets[bucket];
  if (entry && at > entry.lastSeen) entry.lastSeen = at;
  return bucket;
}

function forget(ledger: LedgerData, name: string, sha256: string): void {
  delete ledger.files[name];
  const dump = ledger.dumps[sha256];
  if (dump?.copies === 1) delete ledger.dumps[sha256];
}
