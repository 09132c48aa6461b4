import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { errnoWords } from '../base/fs/fs-error.js';

/** A dump file on the share; `name` is its path below the share with `/`, the same on every runner's mount. */
export interface ShareFile {
  name: string;
  path: string;
  size: number;
  mtimeMs: number;
}

export interface ShareListing {
  files: ShareFile[];
  /** Folders and files the scan could not read, with why: reported, skipped, never touched. */
  unreadable: Array<{ name: string; reason: string }>;
  /** True when `maxEntries` stopped the walk: the rest waits for the next scan. */
  truncated: boolean;
}

/** What crash reporters name their dumps: `*.dmp`, `*.mdmp`, `*.core`, `core`, `core.<pid>`. */
const DUMP_NAME = /(\.(dmp|mdmp|core)$)|(^core(\.[\w.-]+)?$)/i;

export function isDumpName(name: string): boolean {
  return DUMP_NAME.test(name);
}

export interface ListOptions {
  /** Folders below the share that are walked (servers often write into one folder each). */
  maxDepth: number;
  /** Directory entries read at most in one scan. */
  maxEntries: number;
  onProgress?: (entries: number, dumps: number) => void;
}

export const DEFAULT_LIST_OPTIONS: ListOptions = { maxDepth: 4, maxEntries: 500_000 };

/** Every dump below `root`, sorted by name; hidden entries (`.incoming`, `.Trash`) are skipped. */
export async function listShare(root: string, options: ListOptions = DEFAULT_LIST_OPTIONS): Promise<ShareListing> {
  const listing: ShareListing = { files: [], unreadable: [], truncated: false };
  let entries = 0;
  const visit = async (dir: string, rel: string, depth: number): Promise<void> => {
    let names;
    try {
      names = await readdir(dir, { withFileTypes: true });
    } catch (e) {
      listing.unreadable.push({ name: rel === '' ? '.' : `${rel}/`, reason: errnoWords(e) });
      return;
    }
    names.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of names) {
      if (entries >= options.maxEntries) {
        listing.truncated = true;
        return;
      }
      entries++;
      if (entries % 10_000 === 0) options.onProgress?.(entries, listing.files.length);
      if (entry.name.startsWith('.')) continue;
      const name = rel === '' ? entry.name : `${rel}/${entry.name}`;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (depth < options.maxDepth) await visit(full, name, depth + 1);
        continue;
      }
      if (!isDumpName(entry.name) || !(entry.isFile() || entry.isSymbolicLink())) continue;
      try {
        const info = await stat(full);
        if (info.isFile()) listing.files.push({ name, path: full, size: info.size, mtimeMs: info.mtimeMs });
      } catch (e) {
        listing.unreadable.push({ name, reason: errnoWords(e) });
      }
    }
  };
  await visit(root, '', 0);
  return listing;
}

export interface SettleOptions {
  /** A file changed less than this long ago is looked at again after this long. */
  settleMs: number;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  restat: (file: string) => Promise<{ size: number; mtimeMs: number } | null>;
}

/**
 * Splits the files into those whose size has settled and those still being
 * written. A file untouched for `settleMs` is settled at once; a younger one
 * is looked at again once the youngest is `settleMs` old, and taken only when
 * its size and time have not moved: the next scan takes the rest.
 */
export async function settledFiles(files: readonly ShareFile[], options: SettleOptions): Promise<{ settled: ShareFile[]; busy: ShareFile[] }> {
  const now = options.now();
  const young = files.filter((f) => now - f.mtimeMs < options.settleMs);
  if (young.length === 0) return { settled: [...files], busy: [] };
  const youngest = Math.max(...young.map((f) => f.mtimeMs));
  await options.sleep(Math.min(options.settleMs, Math.max(0, youngest + options.settleMs - now)));
  const busy = new Set<ShareFile>();
  for (const f of young) {
    const again = await options.restat(f.path);
    if (!again || again.size !== f.size || again.mtimeMs !== f.mtimeMs) busy.add(f);
  }
  return { settled: files.filter((f) => !busy.has(f)), busy: [...busy] };
}
