import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { BuildTarget } from './build-targets.js';

/** A file at a fixed place in a symbols location, found or not, and what stood there instead. */
export interface StoreProbe {
  /** The place as looked up, relative to the location (`crashme.pdb/<key>/crashme.pdb`). */
  place: string;
  file: string | null;
  /** When the file is missing but its folder holds something a symbol server would serve instead. */
  note: string | null;
}

/**
 * Where a symbols location keeps `target` by its id: a Microsoft symbol store
 * (`name/<key>/name`, or `na/name/<key>/name` in a two-tier store) for PE
 * images and PDBs, a `.build-id/xx/rest` tree (`rest.debug` for debug files)
 * for ELF files. The location may also be the `.build-id` folder itself.
 * Names and keys match whatever their case: stores copied from Windows mix them.
 */
export async function probeStore(location: string, target: BuildTarget): Promise<StoreProbe[]> {
  const probes: StoreProbe[] = [];
  if (target.storeKey !== null) {
    const { name, storeKey } = target;
    probes.push(await probe(location, [name, storeKey, name]));
    if (name.length > 2 && (await resolve(location, ['index2.txt'])) !== null) probes.push(await probe(location, [name.slice(0, 2), name, storeKey, name]));
  }
  if (target.buildId !== null && target.buildId.length > 2) {
    const leaf = `${target.buildId.slice(2)}${target.role === 'symbols' ? '.debug' : ''}`;
    const tree = path.basename(location) === '.build-id' ? [] : ['.build-id'];
    probes.push(await probe(location, [...tree, target.buildId.slice(0, 2), leaf]));
  }
  return probes;
}

async function probe(location: string, segments: string[]): Promise<StoreProbe> {
  const place = segments.join('/');
  const file = await resolve(location, segments);
  if (file !== null && (await isFile(file))) return { place, file, note: null };
  const folder = await resolve(location, segments.slice(0, -1));
  return { place, file: null, note: folder === null ? null : await servedInstead(folder) };
}

/** symstore writes `name.pd_` (compressed with makecab) or `file.ptr` (a pointer elsewhere) in place of the file. */
async function servedInstead(folder: string): Promise<string | null> {
  const names = await readdir(folder).catch(() => [] as string[]);
  const compressed = names.find((n) => n.endsWith('_'));
  if (compressed) return `${path.join(folder, compressed)} is compressed; expand it (cabextract or expand.exe) beside it`;
  if (names.includes('file.ptr')) return `${path.join(folder, 'file.ptr')} points elsewhere; copy the file it names into ${folder}`;
  return null;
}

/** `segments` below `root`, each matched exactly or else ignoring case; null when one is missing. */
async function resolve(root: string, segments: string[]): Promise<string | null> {
  let at = root;
  for (const segment of segments) {
    const exact = path.join(at, segment);
    if (await exists(exact)) {
      at = exact;
      continue;
    }
    const names = await readdir(at).catch(() => [] as string[]);
    const folded = names.find((n) => n.toLowerCase() === segment.toLowerCase());
    if (folded === undefined) return null;
    at = path.join(at, folded);
  }
  return at;
}

async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  );
}

async function isFile(file: string): Promise<boolean> {
  return stat(file).then(
    (s) => s.isFile(),
    () => false,
  );
}
