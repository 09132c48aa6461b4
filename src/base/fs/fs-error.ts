import { CrashAutofixError, type ErrorKind } from '../errors.js';

/**
 * The one errno-to-words mapping: every place where a failed file-system call
 * or program start becomes a message for the user says it the same way.
 * Code that only checks a code for control flow (ENOENT → null) does not need it.
 */

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

/** The errno code (`ENOENT`, `EACCES`, …) of a Node error, or null for anything else. */
export function errnoCode(error: unknown): string | null {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^E[A-Z0-9]+$/.test(code) ? code : null;
}

const WORDS: Readonly<Record<string, string>> = {
  ENOENT: 'no such file or folder',
  ENOTDIR: 'a part of its path is a file, not a folder',
  ELOOP: 'its path runs into a loop of symbolic links',
  ENAMETOOLONG: 'the path is too long',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EIO: 'input/output error (a failing disk or network share, or a special file)',
  EMFILE: 'too many open files',
  ENFILE: 'too many open files',
  EISDIR: 'it is a folder',
  ENXIO: 'it is a device or socket, not a regular file',
  ENODEV: 'it is a device or socket, not a regular file',
  ENOSPC: 'no space left on the disk',
  EDQUOT: 'the disk quota is used up',
  EROFS: 'the file system is read-only',
  ENOEXEC: 'it is not a program this system can run',
};

/** What went wrong, in plain words (`permission denied`); the code or message itself when there are none. */
export function errnoWords(error: unknown): string {
  const code = errnoCode(error);
  if (code !== null) return WORDS[code] ?? code;
  return error instanceof Error ? error.message : String(error);
}

/** Codes that fail before a byte is read: the message says "cannot be opened". */
const OPEN_CODES = new Set(['ENOTDIR', 'ELOOP', 'EMFILE', 'ENFILE']);

/** The rest of a sentence that starts with the file's name: `does not exist`, `cannot be read: permission denied`. */
export function describeFsError(error: unknown, file: string): string {
  const code = errnoCode(error);
  switch (code) {
    case 'ENOENT':
      return 'does not exist';
    case 'EISDIR':
      return 'is a folder';
    case 'ENXIO':
    case 'ENODEV':
      return 'is a device or socket, not a regular file';
    case 'ENAMETOOLONG':
      return `cannot be opened: the path is too long (${file.length} characters)`;
    case null:
      return `cannot be read (${errnoWords(error)})`;
    default:
      if (WORDS[code] === undefined) return `cannot be read (${code})`;
      return `${OPEN_CODES.has(code) ? 'cannot be opened' : 'cannot be read'}: ${errnoWords(error)}`;
  }
}

/** One line for an errno from using `file`: `<role.what> <file> <what went wrong>; <role.fix>`, with `role.kind`. */
export function fileError(file: string, role: FileRole, error: unknown): CrashAutofixError {
  const fix = errnoCode(error) === 'EISDIR' ? (role.folderFix ?? role.fix) : role.fix;
  return new CrashAutofixError(role.kind, `${role.what} ${shownPath(file)} ${describeFsError(error, file)}; ${fix}`, { cause: error });
}

/**
 * An errno error (EIO, ENOENT, …) from using `file` as one line; anything
 * else, a CrashAutofixError already or a bug, passes through unchanged.
 */
export function asFileError(file: string, role: FileRole, error: unknown): unknown {
  return !(error instanceof CrashAutofixError) && errnoCode(error) !== null ? fileError(file, role, error) : error;
}

/** A path as shown in a message: a very long one keeps its start and end. */
export function shownPath(file: string): string {
  return file.length <= 300 ? file : `${file.slice(0, 150)}…${file.slice(-100)}`;
}
