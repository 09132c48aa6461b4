import { randomBytes } from 'node:crypto';
import { chmod, lstat, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * Writes a planned file atomically: a fresh temporary file (`wx`, so nothing
 * planted under that name is followed) renamed over the target, which also
 * replaces a hard link instead of writing through it. An existing file keeps
 * its permission bits, so the diff shows no mode change.
 */
export async function writeRepoFile(absolute: string, content: string): Promise<void> {
  let mode = 0o644;
  try {
    mode = (await lstat(absolute)).mode & 0o777;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  const dir = path.dirname(absolute);
  await mkdir(dir, { recursive: true });
  const temp = path.join(dir, `.${path.basename(absolute)}.${randomBytes(6).toString('hex')}.crash-autofix.tmp`);
  try {
    await writeFile(temp, content, { encoding: 'utf8', flag: 'wx', mode });
    await chmod(temp, mode);
    await rename(temp, absolute);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}
