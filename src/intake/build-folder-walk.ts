import type { Dirent } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';

export interface WalkLimits {
  /** Folders below the location to descend (the location itself is depth 0). */
  maxDepth: number;
  /** Folder entries to look at in all, so a huge share or a whole disk ends. */
  maxEntries: number;
}

export interface WalkResult {
  /** Files whose name is one of the names sought, shallowest first, sorted within a folder. */
  matches: string[];
  entries: number;
  folders: number;
  /** Why the walk stopped before seeing everything, or null when it saw it all. */
  cut: string | null;
}

/**
 * Finds files by name (ignoring case) in a folder of builds, breadth first,
 * within limits. Hidden folders (`.git`, `.build-id`) and symbolic links to
 * folders are not entered, so a link loop cannot hold it; a link to a file
 * of a sought name counts. Unreadable folders are skipped.
 */
export async function findFilesNamed(root: string, names: ReadonlySet<string>, limits: WalkLimits): Promise<WalkResult> {
  const result: WalkResult = { matches: [], entries: 0, folders: 0, cut: null };
  let level = [root];
  for (let depth = 0; level.length > 0; depth++) {
    const next: string[] = [];
    for (const folder of level) {
      const entries = await readdir(folder, { withFileTypes: true }).catch(() => [] as Dirent[]);
      result.folders++;
      for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
        if (++result.entries > limits.maxEntries) {
          result.cut = `stopped after ${limits.maxEntries} entries`;
          return result;
        }
        const full = path.join(folder, entry.name);
        if (entry.isDirectory() && !entry.name.startsWith('.')) next.push(full);
        else if ((entry.isFile() || entry.isSymbolicLink()) && names.has(entry.name.toLowerCase())) result.matches.push(full);
      }
    }
    if (depth >= limits.maxDepth && next.length > 0) {
      result.cut = `${next.length} ${next.length === 1 ? 'folder' : 'folders'} ${limits.maxDepth + 1} levels deep not entered`;
      break;
    }
    level = next;
  }
  return result;
}
