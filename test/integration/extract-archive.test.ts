import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import yazl from 'yazl';
import { CrashAutofixError } from '../../src/base/errors.js';
import { archiveKind, extractArchive, type ArchiveLimits } from '../../src/intake/extract-archive.js';
import { dumpBytes } from '../fakes/dump-server.js';

/** Real zips (written with yazl, some patched into hostile ones) and gzips, the real extractor. */
const LIMITS: ArchiveLimits = { maxTotalBytes: 64 * 1024 * 1024, maxEntries: 50, maxRatio: 400, maxDepth: 2 };
const DUMP = Buffer.concat([Buffer.from('MDMP'), dumpBytes(200_000)]);
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'extract-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function zip(entries: Record<string, Buffer>, compress = true): Promise<Buffer> {
  const z = new yazl.ZipFile();
  for (const [name, data] of Object.entries(entries)) {
    if (name.endsWith('/')) z.addEmptyDirectory(name);
    else z.addBuffer(data, name, { compress });
  }
  z.end();
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    z.outputStream.on('data', (c: Buffer) => chunks.push(c));
    z.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
    z.outputStream.on('error', reject);
  });
}

/** Renames an entry in the local header and the central directory alike, past yazl's own checks. */
function rename(archive: Buffer, from: string, to: string): Buffer {
  expect(to.length).toBe(from.length);
  const out = Buffer.from(archive);
  let at = out.indexOf(from);
  let count = 0;
  while (at !== -1) {
    out.write(to, at, 'latin1');
    count++;
    at = out.indexOf(from, at + 1);
  }
  expect(count).toBe(2);
  return out;
}

async function put(name: string, data: Buffer): Promise<string> {
  const file = path.join(dir, name);
  await writeFile(file, data);
  return file;
}

async function refusal(file: string, limits = LIMITS): Promise<string> {
  const dest = await mkdtemp(path.join(dir, 'out-'));
  const error = await extractArchive(file, dest, limits).then(
    () => new Error('extracted'),
    (e: unknown) => e as Error,
  );
  expect(error).toBeInstanceOf(CrashAutofixError);
  expect(await readdir(dest)).toEqual([]);
  return error.message;
}

describe('extractArchive', () => {
  it('tells a zip and a gzip by their first bytes', () => {
    expect(archiveKind(Buffer.from('PK\x03\x04'))).toBe('zip');
    expect(archiveKind(Buffer.from([0x1f, 0x8b, 8, 0]))).toBe('gzip');
    expect(archiveKind(Buffer.from('MDMP'))).toBeNull();
  });

  it('expands a crash reporter zip: the dump, the executable and the PDB, in folders', async () => {
    const file = await put('report.zip', await zip({ 'crash.dmp': DUMP, 'bin/worldserver.exe': Buffer.from('MZ exe'), 'bin/worldserver.pdb': Buffer.from('MSF pdb'), 'empty/': Buffer.alloc(0) }));
    const dest = await mkdtemp(path.join(dir, 'out-'));
    const files = await extractArchive(file, dest, LIMITS);
    expect(files.map((f) => f.entry).sort()).toEqual(['report.zip!bin/worldserver.exe', 'report.zip!bin/worldserver.pdb', 'report.zip!crash.dmp']);
    const dump = files.find((f) => f.entry.endsWith('crash.dmp'));
    expect(dump?.file).toBe(path.join(dest, 'report.zip.d', 'crash.dmp'));
    expect((await readFile(dump?.file ?? '')).equals(DUMP)).toBe(true);
    expect(await readdir(dest)).toEqual(['report.zip.d']);
  });

  it('expands a .gz, and a .gz inside a zip', async () => {
    const gz = await put('core.1234.gz', gzipSync(DUMP));
    const dest = await mkdtemp(path.join(dir, 'out-'));
    const [one] = await extractArchive(gz, dest, LIMITS);
    expect(one?.entry).toBe('core.1234.gz!core.1234');
    expect((await readFile(one?.file ?? '')).equals(DUMP)).toBe(true);
    const nested = await put('nested.zip', await zip({ 'crash.dmp.gz': gzipSync(DUMP), 'notes.txt': Buffer.from('hi') }));
    const files = await extractArchive(nested, await mkdtemp(path.join(dir, 'out-')), LIMITS);
    expect(files.map((f) => f.entry).sort()).toEqual(['nested.zip!crash.dmp.gz!crash.dmp', 'nested.zip!notes.txt']);
    const dump = files.find((f) => f.entry.endsWith('crash.dmp'));
    expect((await readFile(dump?.file ?? '')).equals(DUMP)).toBe(true);
  });

  it('skips a symbolic link entry instead of writing it', async () => {
    const z = new yazl.ZipFile();
    z.addBuffer(Buffer.from('/etc/passwd'), 'link.dmp', { mode: 0o120777 });
    z.addBuffer(DUMP, 'crash.dmp');
    z.end();
    const chunks: Buffer[] = [];
    for await (const c of z.outputStream as AsyncIterable<Buffer>) chunks.push(c);
    const files = await extractArchive(await put('links.zip', Buffer.concat(chunks)), await mkdtemp(path.join(dir, 'out-')), LIMITS);
    expect(files.map((f) => f.entry)).toEqual(['links.zip!crash.dmp']);
  });

  it('refuses archives nested deeper than the limit', async () => {
    const inner = await zip({ 'crash.dmp': DUMP });
    const middle = await zip({ 'inner.zip': inner });
    const file = await put('deep.zip', await zip({ 'middle.zip': middle }));
    expect(await refusal(file)).toBe("deep.zip!middle.zip!inner.zip is an archive inside an archive 2 levels deep; crash-autofix opens 2. Repack the dump with its files at the top");
  });

  it('refuses a zip-slip entry, an absolute name and a backslash name', async () => {
    const slip = rename(await zip({ 'aa/evil.txt': Buffer.from('x'), 'crash.dmp': DUMP }), 'aa/evil.txt', '../evil.txt');
    expect(await refusal(await put('slip.zip', slip))).toMatch(/^slip\.zip holds an entry whose name points outside the archive's folder or uses backslashes \(invalid relative path: \.\.\/evil\.txt\); refused$/);
    const absolute = rename(await zip({ 'xetc/passwd': Buffer.from('x') }), 'xetc/passwd', '/etc/passwd');
    expect(await refusal(await put('absolute.zip', absolute))).toMatch(/^absolute\.zip holds an entry whose name points outside .*absolute path/);
    const back = rename(await zip({ 'aa/b.txt': Buffer.from('x') }), 'aa/b.txt', '..\\b.txt');
    expect(await refusal(await put('back.zip', back))).toMatch(/^back\.zip holds an entry whose name points outside the archive's folder or uses backslashes \(invalid characters in fileName: \.\.\\b\.txt\); refused$/);
    await expect(readFile(path.join(dir, 'evil.txt'))).rejects.toThrow();
  });

  it('refuses a zip bomb by its declared ratio, and a gzip bomb while it expands', async () => {
    const zeros = Buffer.alloc(32 * 1024 * 1024);
    expect(await refusal(await put('bomb.zip', await zip({ 'crash.dmp': zeros })))).toMatch(/^bomb\.zip!crash\.dmp expands more than 400 times its packed size \(33554432 bytes\); refused as a likely zip bomb$/);
    expect(await refusal(await put('bomb.gz', gzipSync(zeros)))).toMatch(/^bomb\.gz expands more than 400 times its packed size \(\d+ bytes\); refused as a likely zip bomb$/);
  });

  it('refuses more files than allowed, and more bytes in all than dump-max-bytes', async () => {
    const many = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`f${i}.txt`, Buffer.from(String(i))]));
    expect(await refusal(await put('many.zip', await zip(many)))).toBe('many.zip holds more than 50 files; refused (a dump archive holds a few)');
    const big = await put('big.zip', await zip({ 'a.dmp': DUMP, 'b.dmp': DUMP }, false));
    expect(await refusal(big, { ...LIMITS, maxTotalBytes: 300_000 })).toBe("big.zip!b.dmp expands past 'dump-max-bytes' (300000 bytes in all); refused. Raise the setting if the dump is real");
  });

  it('says a truncated zip or gzip is unreadable', async () => {
    const whole = await zip({ 'crash.dmp': DUMP });
    expect(await refusal(await put('cut.zip', whole.subarray(0, 1000)))).toMatch(/^cut\.zip is not a readable zip \(.+\); send the dump again$/);
    expect(await refusal(await put('cut.gz', gzipSync(DUMP).subarray(0, 1000)))).toMatch(/^cut\.gz is not a valid gzip file \(.+\); send the dump again$/);
  });
});
