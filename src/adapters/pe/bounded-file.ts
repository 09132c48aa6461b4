import type { FileHandle } from 'node:fs/promises';
import { CrashAutofixError } from '../../base/errors.js';
import { asFileError, type FileRole } from '../../base/fs/fs-error.js';
import { openRegularFile } from '../../base/fs/read-text-file.js';

/**
 * Reads of a file whose headers come from anywhere: every read is checked
 * against the file's size before a buffer is made, so a damaged offset or
 * length gives one line naming the part, never a RangeError or a huge allocation.
 */
export class BoundedFile {
  constructor(
    private readonly handle: FileHandle,
    readonly size: number,
    readonly file: string,
    private readonly role: FileRole,
  ) {}

  /** Exactly `length` bytes at `offset`, or a `bad-input` error naming `part`. */
  async bytes(offset: number, length: number, part: string): Promise<Buffer> {
    if (!Number.isSafeInteger(offset) || !Number.isSafeInteger(length) || offset < 0 || length < 0 || offset + length > this.size) {
      throw this.damaged(`${part} (${length} bytes at offset ${offset}) lies past the end of the ${this.size}-byte file`);
    }
    const buffer = Buffer.alloc(length);
    let done = 0;
    while (done < length) {
      const { bytesRead } = await this.handle.read(buffer, done, length - done, offset + done);
      if (bytesRead === 0) throw this.damaged(`it ended while ${part} was read`);
      done += bytesRead;
    }
    return buffer;
  }

  /** `<role.what> <file> is damaged or truncated: <why>; <role.fix>`. */
  damaged(why: string): CrashAutofixError {
    return new CrashAutofixError(this.role.kind, `${this.role.what} ${this.file} is damaged or truncated: ${why}; ${this.role.fix}`);
  }

  /** `<role.what> <file> <what it is instead>; <role.fix>`. */
  wrongKind(what: string): CrashAutofixError {
    return new CrashAutofixError(this.role.kind, `${this.role.what} ${this.file} ${what}; ${this.role.fix}`);
  }
}

/** Opens `file` as a regular file, runs `read` on it and closes it; file-system errors become one line. */
export async function withBoundedFile<T>(file: string, role: FileRole, read: (f: BoundedFile) => Promise<T>): Promise<T> {
  const { handle, size } = await openRegularFile(file, role);
  try {
    return await read(new BoundedFile(handle, size, file, role));
  } catch (e) {
    throw asFileError(file, role, e);
  } finally {
    await handle.close();
  }
}
