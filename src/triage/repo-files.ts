import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { CrashAutofixError, describeError } from '../base/errors.js';
import { walkRepository, type GitFileLister, type RepositoryListing } from '../base/fs/repository-walk.js';

/**
 * The I/O behind path mapping and source context: listing the checkout's files
 * and reading one of them, both bounded.
 */

export const DEFAULT_MAX_FILES = 200_000;

/** Source files larger than this are not read for context. */
export const MAX_SOURCE_BYTES = 2 * 1024 * 1024;

export type RepositoryFiles = RepositoryListing;

export interface ListOptions {
  maxFiles?: number;
  /** What git knows in a checkout; without it the folder is walked (see repository-walk.ts). */
  listGitFiles?: GitFileLister | undefined;
}

/** Lists the repository's files under `root` (see walkRepository for which ones). */
export async function listRepositoryFiles(root: string, options: ListOptions = {}): Promise<RepositoryFiles> {
  try {
    if (!(await stat(root)).isDirectory()) throw new Error('not a directory');
  } catch (error) {
    throw new CrashAutofixError(
      'bad-input',
      `Source root ${root} is not a readable directory (${describeError(error)}); set 'source-root' to the repository checkout.`,
      { cause: error },
    );
  }
  return walkRepository(root, { maxFiles: options.maxFiles ?? DEFAULT_MAX_FILES, listGitFiles: options.listGitFiles });
}

/** True when the bytes look like a binary file: a NUL byte near the start. */
export function looksBinary(bytes: Uint8Array): boolean {
  const end = Math.min(bytes.length, 8000);
  for (let i = 0; i < end; i++) if (bytes[i] === 0) return true;
  return false;
}

/**
 * A `readSource` for buildReport: reads a repository-relative file as UTF-8, or
 * null when it is missing, outside `root`, larger than `maxBytes` or binary.
 */
export function createSourceReader(root: string, maxBytes = MAX_SOURCE_BYTES): (relativePath: string) => Promise<string | null> {
  const base = path.resolve(root);
  return async (relativePath) => {
    const full = path.resolve(base, relativePath);
    const rel = path.relative(base, full);
    if (rel === '' || rel === '..' || rel.startsWith(`..${path.sep}`) || path.isAbsolute(rel)) return null;
    try {
      const info = await stat(full);
      if (!info.isFile() || info.size > maxBytes) return null;
      const bytes = await readFile(full);
      return looksBinary(bytes) ? null : bytes.toString('utf8');
    } catch {
      return null;
    }
  };
}
