import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import path from 'node:path';

/** Finds a program by name; the caller passes PATH so nothing here reads the environment. */
export type PathLookup = (name: string) => Promise<string | null>;

/**
 * A PathLookup over `pathEnv` (the value of PATH): the first executable file
 * named `name` (on Windows also with each PATHEXT-style suffix) in its folders.
 */
export function pathLookup(pathEnv: string | undefined, platform: NodeJS.Platform = process.platform): PathLookup {
  const windows = platform === 'win32';
  const dirs = (pathEnv ?? '').split(windows ? ';' : ':').filter(Boolean);
  const suffixes = windows ? ['.exe', '.cmd', '.bat', ''] : [''];
  return async (name) => {
    const p = windows ? path.win32 : path.posix;
    const candidates = name.includes('/') || name.includes('\\') ? [name] : dirs.flatMap((dir) => suffixes.map((s) => p.join(dir, `${name}${s}`)));
    for (const candidate of candidates) {
      try {
        if (!(await stat(candidate)).isFile()) continue;
        await access(candidate, windows ? constants.F_OK : constants.X_OK);
        return candidate;
      } catch {
        // not here
      }
    }
    return null;
  };
}
