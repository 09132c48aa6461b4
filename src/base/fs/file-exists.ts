import { access } from 'node:fs/promises';

/** True when `file` (a file or a folder) can be seen; any error, missing or not, counts as absent. */
export async function fileExists(file: string): Promise<boolean> {
  try {
    await access(file);
    return true;
  } catch {
    return false;
  }
}
