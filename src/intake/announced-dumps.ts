import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { CrashAutofixError } from '../base/errors.js';
import { writeFileAtomic } from '../base/fs/atomic-write.js';
import { acquireFolderLock } from '../base/fs/folder-lock.js';

/**
 * The dumps `watch --notify` has announced, by content (sha256), so each is
 * sent once, also across restarts and when copied under another name; and the
 * hash of each file by name, size and time, so a restart does not read every
 * dump again. A sibling of the scan ledger in the state folder.
 */
const AnnouncedSchema = z.object({
  at: z.string(),
  /** The repository the repository_dispatch went to, `owner/name`. */
  repository: z.string(),
  name: z.string(),
  dumpUrl: z.string(),
});
const FileSchema = z.object({ size: z.number().int().nonnegative(), mtimeMs: z.number(), sha256: z.string().regex(/^[0-9a-f]{64}$/) });

export const ANNOUNCED_SCHEMA_VERSION = 1;
const AnnouncedFileSchema = z.object({
  schemaVersion: z.literal(ANNOUNCED_SCHEMA_VERSION),
  dumps: z.record(z.string().regex(/^[0-9a-f]{64}$/), AnnouncedSchema),
  files: z.record(z.string(), FileSchema),
});
export type AnnouncedDumps = z.infer<typeof AnnouncedFileSchema>;
export type Announcement = z.infer<typeof AnnouncedSchema>;

const empty = (): AnnouncedDumps => ({ schemaVersion: ANNOUNCED_SCHEMA_VERSION, dumps: {}, files: {} });

export async function readAnnounced(file: string): Promise<AnnouncedDumps> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return empty();
    throw new CrashAutofixError('bad-input', `The list of announced dumps ${file} cannot be read (${(e as Error).message}); fix its permissions`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new CrashAutofixError('bad-input', `The list of announced dumps ${file} is not valid JSON; delete it (every dump in the folder is then announced again)`);
  }
  const parsed = AnnouncedFileSchema.safeParse(json);
  if (!parsed.success) {
    throw new CrashAutofixError('bad-input', `The list of announced dumps ${file} does not match its schema (${parsed.error.issues[0]?.path.join('.') ?? ''}); delete it (every dump in the folder is then announced again)`);
  }
  return parsed.data;
}

/** The content hash recorded for a file whose size and time have not changed, else null. */
export function knownHash(list: AnnouncedDumps, name: string, size: number, mtimeMs: number): string | null {
  const f = list.files[name];
  return f && f.size === size && f.mtimeMs === mtimeMs ? f.sha256 : null;
}

export interface DumpFile {
  name: string;
  size: number;
  mtimeMs: number;
  sha256: string;
}

/**
 * Announces a dump unless its content already was: under a lock, so two
 * watches of one state folder never both send it, and written atomically
 * only after `send` succeeded, so a failed send is tried again next time.
 * Returns the earlier announcement, or null when this call sent it.
 */
export async function announceOnce(file: string, dump: DumpFile, send: () => Promise<Omit<Announcement, 'name'>>, options: { waitMs?: number } = {}): Promise<Announcement | null> {
  const waitMs = options.waitMs ?? 120_000;
  const release = await acquireFolderLock(`${file}.lock`, {
    waitMs,
    timedOut: (owner) => new CrashAutofixError('timeout', `The list of announced dumps ${file} is held by ${owner} for over ${Math.round(waitMs / 1000)} s; wait for it, or remove ${file}.lock if that process is gone`),
  });
  try {
    const list = await readAnnounced(file);
    list.files[dump.name] = { size: dump.size, mtimeMs: dump.mtimeMs, sha256: dump.sha256 };
    const earlier = list.dumps[dump.sha256] ?? null;
    if (earlier === null) list.dumps[dump.sha256] = { ...(await send()), name: dump.name };
    await writeFileAtomic(file, `${JSON.stringify(list)}\n`);
    return earlier;
  } finally {
    await release();
  }
}
