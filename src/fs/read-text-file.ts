import { constants, type Stats } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { CrashAutofixError, type ErrorKind } from '../errors.js';

/** How a file is named in messages, and what the user should do when it is unusable. */
export interface FileRole {
  /** Starts the message: `Config file`, `Debugger text`, `Dump`. */
  what: string;
  /** `config` for a file a setting names (exit 2), `bad-input` for a crash input. */
  kind: ErrorKind;
  /** Ends the message: "fix the 'config' setting". */
  fix: string;
  /** Ends the message for a folder, when it should say more than `fix`. */
  folderFix?: string;
}

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

/**
 * An errno error (EIO, ENOENT, …) from reading `file` as one line; anything
 * else, a CrashAutofixError already or a bug, passes through unchanged.
 */
export function asFileError(file: string, role: FileRole, error: unknown): unknown {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return !(error instanceof CrashAutofixError) && typeof code === 'string' && /^E[A-Z0-9]+$/.test(code) ? fileError(file, role, error) : error;
}

/** One line for an errno from opening or reading `file`. */
export function fileError(file: string, role: FileRole, error: unknown): CrashAutofixError {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  const name = `${role.what} ${shownPath(file)}`;
  const fail = (what: string, fix = role.fix): CrashAutofixError => new CrashAutofixError(role.kind, `${name} ${what}; ${fix}`, { cause: error });
  switch (code) {
    case 'ENOENT':
      return fail('does not exist');
    case 'EISDIR':
      return fail('is a folder', role.folderFix ?? role.fix);
    case 'ENOTDIR':
      return fail('cannot be opened: a part of its path is a file, not a folder');
    case 'ELOOP':
      return fail('cannot be opened: its path runs into a loop of symbolic links');
    case 'ENAMETOOLONG':
      return fail(`cannot be opened: the path is too long (${file.length} characters)`);
    case 'EACCES':
    case 'EPERM':
      return fail('cannot be read: permission denied');
    case 'EIO':
      return fail('cannot be read: input/output error (a failing disk or network share, or a special file)');
    case 'EMFILE':
    case 'ENFILE':
      return fail('cannot be opened: too many open files');
    case 'ENXIO':
    case 'ENODEV':
      return fail('is a device or socket, not a regular file');
    default:
      return fail(`cannot be read (${code ?? (error instanceof Error ? error.message : String(error))})`);
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

/** A path as shown in a message: a very long one keeps its start and end. */
export function shownPath(file: string): string {
  return file.length <= 300 ? file : `${file.slice(0, 150)}…${file.slice(-100)}`;
}

export function formatBytes(n: number): string {
  if (n >= 1024 * 1024 * 1024) return `${(n / (1024 * 1024 * 1024)).toFixed(1)} GiB`;
  if (n >= 1024 * 1024) return `${(n / (1024 * 1024)).toFixed(1)} MiB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${n} bytes`;
}
