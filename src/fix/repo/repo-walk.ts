import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { isSkippedDir } from './reader-limits.js';

/**
 * Regular files under `root`, repository-relative with `/`, in a stable
 * order. Symbolic links are not followed and skipped folders not entered.
 */
export async function walkFiles(root: string, maxFiles: number): Promise<{ files: string[]; truncated: boolean }> {
  const files: string[] = [];
  const pending: string[] = [''];
  while (pending.length > 0) {
    const rel = pending.shift() ?? '';
    const entries = await readdir(path.join(root, rel), { withFileTypes: true }).catch(() => []);
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const child = rel === '' ? entry.name : `${rel}/${entry.name}`;
      if (entry.isDirectory()) {
        if (!isSkippedDir(entry.name)) pending.push(child);
      } else if (entry.isFile()) {
        if (files.length >= maxFiles) return { files, truncated: true };
        files.push(child);
      }
    }
  }
  return { files, truncated: false };
}
