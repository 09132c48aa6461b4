import { constants, type Stats } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { CrashAutofixError } from '../errors.js';
import { asFileError, fileError, shownPath, type FileRole } from './fs-error.js';

/**
 * Opens a file for reading, refusing anything but a regular file with one
 * clear line. O_NONBLOCK keeps a FIFO from blocking the open forever (it has
 * no effect on regular files); the type check then refuses it, as it does
 * folders and devices (`/dev/zero` never ends).
 */
export async function openRegularFile(file: string, role: FileRole): Promise<{ handle: FileHandle; size: number }> {
  let handle: FileHandle;
  try {
    handle = await open(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    throw fileError(file, role, e);
  }
  try {
    const info = await handle.stat();
    if (!info.isFile()) throw notRegular(file, role, info);
    return { handle, size: info.size };
  } catch (e) {
    await handle.close();
    throw asFileError(file, role, e);
  }
}

/**
 * Reads a whole text file of at most `maxBytes`, as UTF-8. Reads to the end
 * rather than trusting the size, which is 0 for files in /proc and may grow
 * while the file is written.
 */
export async function readTextFile(file: string, role: FileRole, maxBytes: number): Promise<string> {
  const { handle, size } = await openRegularFile(file, role);
  try {
    if (size > maxBytes) throw tooLarge(file, role, size, maxBytes);
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.alloc(Math.min(Math.max(size - total, 64 * 1024), maxBytes + 1 - total));
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, total);
      if (bytesRead === 0) break;
      chunks.push(chunk.subarray(0, bytesRead));
      total += bytesRead;
      if (total > maxBytes) throw tooLarge(file, role, null, maxBytes);
    }
    return Buffer.concat(chunks, total).toString('utf8');
  } catch (e) {
    throw asFileError(file, role, e);
  } finally {
    await handle.close();
  }
}

/** The first `maxBytes` of a text file (or all of a shorter one), for files that are cut anyway. */
export async function readTextFileHead(file: string, role: FileRole, maxBytes: number): Promise<string> {
  const { handle } = await openRegularFile(file, role);
  try {
    const buffer = Buffer.alloc(maxBytes);
    let total = 0;
    while (total < maxBytes) {
      const { bytesRead } = await handle.read(buffer, total, maxBytes - total, total);
      if (bytesRead === 0) break;
      total += bytesRead;
    }
    return buffer.subarray(0, total).toString('utf8');
  } catch (e) {
    throw asFileError(file, role, e);
  } finally {
    await handle.close();
  }
}

/** As readTextFile, but null when the file does not exist. */
export async function readOptionalTextFile(file: string, role: FileRole, maxBytes: number): Promise<string | null> {
  try {
    return await readTextFile(file, role, maxBytes);
  } catch (e) {
    if (e instanceof CrashAutofixError && (e.cause as NodeJS.ErrnoException | undefined)?.code === 'ENOENT') return null;
    throw e;
  }
}

function notRegular(file: string, role: FileRole, info: Stats): CrashAutofixError {
  const name = `${role.what} ${shownPath(file)}`;
  if (info.isDirectory()) return new CrashAutofixError(role.kind, `${name} is a folder; ${role.folderFix ?? role.fix}`);
  const kind = info.isFIFO()
    ? 'a named pipe (FIFO)'
    : info.isCharacterDevice()
      ? 'a character device'
      : info.isBlockDevice()
        ? 'a block device'
        : info.isSocket()
          ? 'a socket'
          : 'not a regular file';
  return new CrashAutofixError(role.kind, `${name} is ${kind}, not a regular file; ${role.fix}`);
}

/** `size` is null when the file turned out larger than it said. */
function tooLarge(file: string, role: FileRole, size: number | null, maxBytes: number): CrashAutofixError {
  const is = size === null ? '' : ` (${formatBytes(size)})`;
  return new CrashAutofixError(role.kind, `${role.what} ${shownPath(file)} is larger than the ${formatBytes(maxBytes)} crash-autofix reads${is}; ${role.fix}`);
}

export function formatBytes(n: number): string {
  if (n >= 1024 * 1024 * 1024) return `${(n / (1024 * 1024 * 1024)).toFixed(1)} GiB`;
  if (n >= 1024 * 1024) return `${(n / (1024 * 1024)).toFixed(1)} MiB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${n} bytes`;
}
