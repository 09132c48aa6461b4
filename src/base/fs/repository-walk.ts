import { lstat, readdir } from 'node:fs/promises';
import path from 'node:path';

/**
 * The one way crash-autofix lists a repository's files, for path mapping,
 * source context and the model's search. In a git checkout the files are
 * what git knows (so a tracked `build/` source folder is seen and ignored
 * build output is not); elsewhere the folder is walked.
 */

export interface RepositoryListing {
  /** Repository-relative paths with `/`, sorted. */
  files: string[];
  /** True when the listing stopped at the file limit. */
  truncated: boolean;
}

/**
 * The files git knows under `root` (tracked plus untracked-not-ignored),
 * relative to `root` with `/`; null when `root` is not in a git checkout or
 * git cannot run, so the caller walks the folder instead.
 */
export type GitFileLister = (root: string) => Promise<string[] | null>;

export interface WalkOptions {
  maxFiles: number;
  /** Absent: always walk the folder. */
  listGitFiles?: GitFileLister | undefined;
}

/** Folders that never hold the repository's sources: VCS data, dependencies, IDE and tool caches. */
const SKIPPED_DIRS: ReadonlySet<string> = new Set([
  '.git', '.hg', '.svn', 'node_modules', '.vs', '.vscode', '.idea', '.cache', '.ccls-cache', '.clangd', '__pycache__',
]);

/** Files that only a CMake build folder holds: their presence, not the folder's name, marks build output. */
const BUILD_MARKERS: ReadonlySet<string> = new Set(['cmakecache.txt', 'cmakefiles']);

const STAT_BATCH = 64;

export async function walkRepository(root: string, options: WalkOptions): Promise<RepositoryListing> {
  const known = options.listGitFiles ? await options.listGitFiles(root) : null;
  return known === null ? walkFolder(root, options.maxFiles) : regularFiles(root, known, options.maxFiles);
}

/**
 * Keeps the regular files among git's paths: symbolic links are not followed,
 * and submodules, deleted files and anything under a `.git` are dropped.
 */
async function regularFiles(root: string, paths: readonly string[], maxFiles: number): Promise<RepositoryListing> {
  const candidates = [...new Set(paths)]
    .filter((p) => p !== '' && !p.split('/').some((s) => s === '' || s === '.' || s === '..' || s.toLowerCase() === '.git'))
    .sort(byCodeUnit);
  const files: string[] = [];
  for (let start = 0; start < candidates.length; start += STAT_BATCH) {
    const batch = candidates.slice(start, start + STAT_BATCH);
    const kinds = await Promise.all(batch.map((p) => lstat(path.join(root, ...p.split('/'))).then((s) => s.isFile(), () => false)));
    for (const [i, p] of batch.entries()) {
      if (!kinds[i]) continue;
      if (files.length >= maxFiles) return { files, truncated: true };
      files.push(p);
    }
  }
  return { files, truncated: false };
}

/** Breadth first, so a truncated listing keeps the shallow files; sorted at the end. */
async function walkFolder(root: string, maxFiles: number): Promise<RepositoryListing> {
  const files: string[] = [];
  const pending: string[] = [''];
  for (let next = 0; next < pending.length; next++) {
    const dir = pending[next] as string;
    let entries;
    try {
      entries = await readdir(path.join(root, ...dir.split('/')), { withFileTypes: true });
    } catch {
      continue; // an unreadable folder only loses its own files
    }
    if (dir !== '' && entries.some((e) => BUILD_MARKERS.has(e.name.toLowerCase()))) continue;
    entries.sort((a, b) => byCodeUnit(a.name, b.name));
    for (const entry of entries) {
      const rel = dir === '' ? entry.name : `${dir}/${entry.name}`;
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRS.has(entry.name.toLowerCase())) pending.push(rel);
      } else if (entry.isFile()) {
        if (files.length >= maxFiles) return { files: files.sort(byCodeUnit), truncated: true };
        files.push(rel);
      }
    }
  }
  return { files: files.sort(byCodeUnit), truncated: false };
}

function byCodeUnit(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
