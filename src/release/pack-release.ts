import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { copyFile, lstat, mkdir, open, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import picomatch from 'picomatch';
import { readExecutableBuildId } from '../adapters/elf/elf-build-id.js';
import { readPeIdentity } from '../adapters/pe/pe-identity.js';
import { CrashAutofixError } from '../base/errors.js';

/** One file of a release, as `release.json` lists it. */
export interface ReleaseFile {
  path: string;
  size: number;
  sha256: string;
}

export interface PackedRelease {
  dir: string;
  manifest: string;
  sha256: string;
  files: ReleaseFile[];
  bytes: number;
  buildIds: string[];
}

export const MANIFEST = 'release.json';
const SKIP_DIRS = new Set(['CMakeFiles', '.git', 'Testing', '.cmake']);
const MAX_FILES = 20_000;

/**
 * Copies the release's files out of the build folder into `dest` (their
 * layout kept), writes `release.json`, and returns the checksum over it.
 * `patterns` empty: the programs and shared libraries (ELF executables and
 * shared objects, PE images) and their PDBs. Written beside and renamed in
 * whole, so a killed job never leaves half a release.
 */
export async function packRelease(buildDir: string, patterns: readonly string[], dest: string): Promise<PackedRelease> {
  const all = await walk(buildDir);
  const chosen = patterns.length > 0 ? all.filter(matcher(patterns)) : await programsIn(buildDir, all);
  if (chosen.length === 0) {
    const what = patterns.length > 0 ? `no file matches release-files (${patterns.join(', ')})` : 'it holds no program or shared library';
    throw new CrashAutofixError('bad-input', `Nothing to deploy from the build folder ${buildDir}: ${what}; set release-files to the files your server needs`);
  }
  const staging = `${dest}.tmp-${process.pid}`;
  await rm(staging, { recursive: true, force: true });
  const files: ReleaseFile[] = [];
  for (const rel of chosen.sort()) {
    const target = path.join(staging, ...rel.split('/'));
    await mkdir(path.dirname(target), { recursive: true });
    await copyFile(path.join(buildDir, ...rel.split('/')), target);
    const { size, sha256 } = await hashFile(target);
    files.push({ path: rel, size, sha256 });
  }
  await writeFile(path.join(staging, MANIFEST), manifestText(files));
  await rm(dest, { recursive: true, force: true });
  await rename(staging, dest);
  return { dir: dest, manifest: path.join(dest, MANIFEST), sha256: manifestHash(files), files, bytes: files.reduce((n, f) => n + f.size, 0), buildIds: await buildIdsOf(dest, files) };
}

/**
 * Checks a packed release against the checksum recorded when it passed the
 * gates: every file listed, with its size and SHA-256, and nothing changed.
 */
export async function verifyRelease(dir: string, sha256: string): Promise<ReleaseFile[]> {
  const text = await readFile(path.join(dir, MANIFEST), 'utf8').catch(() => null);
  if (text === null) throw new CrashAutofixError('bad-input', `The release folder ${dir} has no ${MANIFEST}: the job folder is incomplete; restore it from the deploy job's artifact`);
  const files = JSON.parse(text) as ReleaseFile[];
  if (manifestHash(files) !== sha256) throw new CrashAutofixError('policy', `The release in ${dir} is not the one recorded (manifest checksum differs): refusing to deploy a build that did not pass the gates`);
  for (const f of files) {
    const actual = await hashFile(path.join(dir, ...f.path.split('/'))).catch(() => null);
    if (actual === null || actual.sha256 !== f.sha256) {
      throw new CrashAutofixError('policy', `The release file ${f.path} in ${dir} ${actual === null ? 'is missing' : 'changed since it was packed'}: refusing to deploy a build that did not pass the gates`);
    }
  }
  return files;
}

function matcher(patterns: readonly string[]): (file: string) => boolean {
  const isMatch = picomatch([...patterns], { dot: true });
  return (file) => isMatch(file);
}

function manifestText(files: readonly ReleaseFile[]): string {
  return `${JSON.stringify(files, null, 2)}\n`;
}

export function manifestHash(files: readonly ReleaseFile[]): string {
  return createHash('sha256').update(JSON.stringify(files.map((f) => [f.path, f.size, f.sha256]))).digest('hex');
}

async function hashFile(file: string): Promise<{ size: number; sha256: string }> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of createReadStream(file)) {
    hash.update(chunk as Buffer);
    size += (chunk as Buffer).length;
  }
  return { size, sha256: hash.digest('hex') };
}

/** Files under `root`, relative with `/`; build-system folders skipped, symlinks not followed. */
async function walk(root: string): Promise<string[]> {
  const out: string[] = [];
  const visit = async (rel: string): Promise<void> => {
    const entries = await readdir(path.join(root, rel), { withFileTypes: true }).catch(() => null);
    if (entries === null) throw new CrashAutofixError('bad-input', `The build folder ${root} cannot be read; the deploy job must run where the fix was built, or the fix job must pack release-files`);
    for (const e of entries) {
      const child = rel === '' ? e.name : `${rel}/${e.name}`;
      if (e.isDirectory()) {
        if (!SKIP_DIRS.has(e.name) && !e.name.startsWith('.')) await visit(child);
      } else if (e.isFile()) {
        out.push(child);
        if (out.length > MAX_FILES) throw new CrashAutofixError('bad-input', `The build folder ${root} holds more than ${MAX_FILES} files; set release-files to the ones to deploy`);
      }
    }
  };
  await visit('');
  return out;
}

const PE_EXT = /\.(exe|dll)$/i;

/** ELF executables and shared objects (not object files), PE images, and the PDB beside each image. */
async function programsIn(root: string, files: readonly string[]): Promise<string[]> {
  const chosen: string[] = [];
  for (const rel of files) {
    const head = await readHead(path.join(root, rel));
    const elf = head.length >= 18 && head.readUInt32BE(0) === 0x7f454c46 && [2, 3].includes(head[5] === 2 ? head.readUInt16BE(16) : head.readUInt16LE(16));
    const pe = PE_EXT.test(rel) && head.length >= 2 && head.toString('latin1', 0, 2) === 'MZ';
    if (elf || pe) chosen.push(rel);
  }
  const pdbs = files.filter((f) => /\.pdb$/i.test(f) && chosen.some((c) => PE_EXT.test(c) && c.replace(PE_EXT, '').toLowerCase() === f.replace(/\.pdb$/i, '').toLowerCase()));
  return [...chosen, ...pdbs];
}

async function readHead(file: string): Promise<Buffer> {
  if (!(await lstat(file)).isFile()) return Buffer.alloc(0);
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.alloc(64);
    const { bytesRead } = await handle.read(buffer, 0, 64, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/** GNU build ids of the ELF files, image keys of the PE files: how a later dump names its build. */
async function buildIdsOf(dir: string, files: readonly ReleaseFile[]): Promise<string[]> {
  const ids = new Set<string>();
  for (const f of files) {
    const file = path.join(dir, ...f.path.split('/'));
    if (PE_EXT.test(f.path)) {
      const pe = await readPeIdentity(file).catch(() => null);
      if (pe) ids.add(pe.imageKey);
    } else if (!/\.pdb$/i.test(f.path)) {
      const id = await readExecutableBuildId(file).catch(() => null);
      if (id) ids.add(id);
    }
  }
  return [...ids].sort();
}
