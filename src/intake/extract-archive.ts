import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import yauzl from 'yauzl';
import { CrashAutofixError } from '../base/errors.js';

export type ArchiveKind = 'zip' | 'gzip';

export interface ArchiveLimits {
  /** Bytes all entries may expand to, nested archives included. */
  maxTotalBytes: number;
  maxEntries: number;
  /** Most an entry may expand relative to its compressed size: a zip bomb expands by thousands. */
  maxRatio: number;
  /** How deep archives inside archives are opened. */
  maxDepth: number;
}

export const DEFAULT_ARCHIVE_LIMITS: Omit<ArchiveLimits, 'maxTotalBytes'> = { maxEntries: 1000, maxRatio: 400, maxDepth: 2 };

export interface ExtractedFile {
  /** Where it now is on disk. */
  file: string;
  /** Its path inside the archive (`outer.zip!inner.gz!crash.dmp` for nested ones). */
  entry: string;
  bytes: number;
}

/** A zip starts `PK\3\4` (or is an empty zip, `PK\5\6`); gzip starts 1f 8b. */
export function archiveKind(head: Uint8Array): ArchiveKind | null {
  if (head[0] === 0x50 && head[1] === 0x4b && (head[2] === 3 || head[2] === 5)) return 'zip';
  if (head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
  return null;
}

export async function fileArchiveKind(file: string): Promise<ArchiveKind | null> {
  const handle = await open(file, 'r');
  try {
    const head = Buffer.alloc(4);
    const { bytesRead } = await handle.read(head, 0, 4, 0);
    return archiveKind(head.subarray(0, bytesRead));
  } finally {
    await handle.close();
  }
}

/**
 * Expands a .zip or .gz into `<destDir>/<archive name>.d/`, archives inside it
 * too (down to `maxDepth`). Every limit is checked while the bytes flow, since
 * a zip's declared sizes can lie. On any refusal the folder is removed.
 */
export async function extractArchive(archive: string, destDir: string, limits: ArchiveLimits): Promise<ExtractedFile[]> {
  const kind = await fileArchiveKind(archive);
  if (kind === null) throw new CrashAutofixError('internal', `${archive} is not an archive`);
  const target = path.join(destDir, `${path.basename(archive)}.d`);
  const staging = `${target}.${randomBytes(4).toString('hex')}.tmp`;
  const budget = { bytes: limits.maxTotalBytes, entries: limits.maxEntries };
  try {
    const files = await expand(archive, kind, staging, path.basename(archive), limits, budget, 1);
    await rm(target, { recursive: true, force: true });
    await rename(staging, target);
    return files.map((f) => ({ ...f, file: path.join(target, path.relative(staging, f.file)) }));
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw error;
  }
}

type Budget = { bytes: number; entries: number };

async function expand(archive: string, kind: ArchiveKind, dir: string, label: string, limits: ArchiveLimits, budget: Budget, depth: number): Promise<ExtractedFile[]> {
  await mkdir(dir, { recursive: true });
  const direct = kind === 'zip' ? await expandZip(archive, dir, label, limits, budget) : [await expandGzip(archive, dir, label, limits, budget)];
  const out: ExtractedFile[] = [];
  for (const f of direct) {
    const inner = await fileArchiveKind(f.file);
    if (inner === null) {
      out.push(f);
      continue;
    }
    if (depth >= limits.maxDepth) {
      throw new CrashAutofixError('bad-input', `${f.entry} is an archive inside an archive ${depth} levels deep; crash-autofix opens ${limits.maxDepth}. Repack the dump with its files at the top`);
    }
    out.push(...(await expand(f.file, inner, `${f.file}.d`, f.entry, limits, budget, depth + 1)));
    await rm(f.file);
  }
  return out;
}

function expandZip(archive: string, dir: string, label: string, limits: ArchiveLimits, budget: Budget): Promise<ExtractedFile[]> {
  return new Promise((resolve, reject) => {
    yauzl.open(archive, { lazyEntries: true, autoClose: true, strictFileNames: true }, (openError, zip) => {
      if (openError) return reject(zipError(label, openError));
      const files: ExtractedFile[] = [];
      const fail = (error: unknown): void => {
        zip.close();
        reject(error instanceof CrashAutofixError ? error : zipError(label, error));
      };
      zip.on('error', fail);
      zip.on('end', () => resolve(files));
      zip.on('entry', (entry: yauzl.Entry) => {
        void (async () => {
          const name = entry.fileName;
          if (name.endsWith('/') || isSymlink(entry)) return zip.readEntry();
          if (--budget.entries < 0) throw new CrashAutofixError('bad-input', `${label} holds more than ${limits.maxEntries} files; refused (a dump archive holds a few)`);
          const where = insideFolder(dir, name, label);
          const ratio = entry.compressedSize === 0 ? entry.uncompressedSize : entry.uncompressedSize / entry.compressedSize;
          if (ratio > limits.maxRatio) throw bomb(`${label}!${name}`, entry.uncompressedSize, limits);
          if (entry.uncompressedSize > budget.bytes) throw tooBig(`${label}!${name}`, limits);
          const stream = await new Promise<Readable>((ok, no) => zip.openReadStream(entry, (e, s) => (e ? no(e) : ok(s))));
          await mkdir(path.dirname(where), { recursive: true });
          const bytes = await writeCounted(stream, where, entry.compressedSize, `${label}!${name}`, limits, budget);
          files.push({ file: where, entry: `${label}!${name}`, bytes });
          zip.readEntry();
        })().catch(fail);
      });
      zip.readEntry();
    });
  });
}

async function expandGzip(archive: string, dir: string, label: string, limits: ArchiveLimits, budget: Budget): Promise<ExtractedFile> {
  if (--budget.entries < 0) throw new CrashAutofixError('bad-input', `${label} makes more than ${limits.maxEntries} files; refused`);
  const base = path.basename(archive).replace(/\.(gz|gzip|tgz)$/i, '') || 'unpacked';
  const where = path.join(dir, base === path.basename(archive) ? `${base}.out` : base);
  const compressed = (await stat(archive)).size;
  const gunzip = createGunzip();
  const bytes = await writeCounted(createReadStream(archive).pipe(gunzip), where, compressed, label, limits, budget).catch((error: unknown) => {
    throw error instanceof CrashAutofixError ? error : new CrashAutofixError('bad-input', `${label} is not a valid gzip file (${(error as Error).message}); send the dump again`);
  });
  return { file: where, entry: `${label}!${path.basename(where)}`, bytes };
}

/** Writes a stream, stopping the moment it outgrows the ratio or the total budget. */
async function writeCounted(stream: Readable, file: string, compressed: number, label: string, limits: ArchiveLimits, budget: Budget): Promise<number> {
  let bytes = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      bytes += chunk.length;
      budget.bytes -= chunk.length;
      if (budget.bytes < 0) return done(tooBig(label, limits));
      if (bytes > Math.max(compressed, 1) * limits.maxRatio && bytes > 1024 * 1024) return done(bomb(label, bytes, limits));
      done(null, chunk);
    },
  });
  await pipeline(stream, counter, createWriteStream(file, { flags: 'wx' }));
  return bytes;
}

/** The entry's place on disk; a name that climbs out (zip-slip) or is absolute is refused. */
function insideFolder(dir: string, name: string, label: string): string {
  const parts = name.split('/');
  if (path.isAbsolute(name) || /^[A-Za-z]:/.test(name) || parts.includes('..')) {
    throw new CrashAutofixError('bad-input', `${label} holds an entry named ${JSON.stringify(name)} that points outside the archive's folder (zip-slip); refused`);
  }
  const where = path.resolve(dir, ...parts);
  if (!where.startsWith(path.resolve(dir) + path.sep)) {
    throw new CrashAutofixError('bad-input', `${label} holds an entry named ${JSON.stringify(name)} that points outside the archive's folder (zip-slip); refused`);
  }
  return where;
}

function isSymlink(entry: yauzl.Entry): boolean {
  return ((entry.externalFileAttributes >>> 16) & 0o170000) === 0o120000;
}

function bomb(label: string, bytes: number, limits: ArchiveLimits): CrashAutofixError {
  return new CrashAutofixError('bad-input', `${label} expands more than ${limits.maxRatio} times its packed size (${bytes} bytes); refused as a likely zip bomb`);
}

function tooBig(label: string, limits: ArchiveLimits): CrashAutofixError {
  return new CrashAutofixError('bad-input', `${label} expands past 'dump-max-bytes' (${limits.maxTotalBytes} bytes in all); refused. Raise the setting if the dump is real`);
}

function zipError(label: string, error: unknown): CrashAutofixError {
  const message = error instanceof Error ? error.message : String(error);
  if (/invalid relative path|absolute path|invalid characters in fileName/i.test(message)) {
    return new CrashAutofixError('bad-input', `${label} holds an entry whose name points outside the archive's folder or uses backslashes (${message}); refused`);
  }
  return new CrashAutofixError('bad-input', `${label} is not a readable zip (${message}); send the dump again`);
}
