import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { CrashAutofixError, describeError } from '../errors.js';

/**
 * The I/O behind path mapping and source context: listing the checkout's files
 * and reading one of them, both bounded.
 */

/** Folders that hold no sources of the repository: VCS data, dependencies, build output. */
const SKIPPED_DIRECTORY = /^(?:\.git|\.hg|\.svn|node_modules|\.vs|\.vscode|\.idea|\.cache|build|out|_build|cmakefiles|cmake-build-.*|build-.*)$/i;

export const DEFAULT_MAX_FILES = 200_000;

/** Source files larger than this are not read for context. */
export const MAX_SOURCE_BYTES = 2 * 1024 * 1024;

export interface RepositoryFiles {
  /** Repository-relative paths with `/`, sorted. */
  files: string[];
  /** True when the listing stopped at `maxFiles`. */
  truncated: boolean;
}

/** Lists the files under `root`, skipping VCS, dependency and build folders and symbolic links. */
export async function listRepositoryFiles(root: string, maxFiles = DEFAULT_MAX_FILES): Promise<RepositoryFiles> {
  try {
    if (!(await stat(root)).isDirectory()) throw new Error('not a directory');
  } catch (error) {
    throw new CrashAutofixError(
      'bad-input',
      `Source root ${root} is not a readable directory (${describeError(error)}); set 'source-root' to the repository checkout.`,
      { cause: error },
    );
  }
  const files: string[] = [];
  const pending: string[] = [''];
  for (let next = 0; next < pending.length; next++) {
    const dir = pending[next] as string;
    let entries;
    try {
      entries = await readdir(path.join(root, dir), { withFileTypes: true });
    } catch {
      continue; // an unreadable folder only loses its own files
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const rel = dir === '' ? entry.name : `${dir}/${entry.name}`;
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRECTORY.test(entry.name)) pending.push(rel);
      } else if (entry.isFile()) {
        if (files.length >= maxFiles) return { files: files.sort(), truncated: true };
        files.push(rel);
      }
    }
  }
  return { files: files.sort(), truncated: false };
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
