import type { FileHandle } from 'node:fs/promises';

/**
 * Random access to a dump's bytes. Dumps can be gigabytes, so the reader asks
 * only for the header, the directory and the streams it parses.
 */
export interface ByteSource {
  readonly size: number;
  /** `length` bytes at `offset`; callers check the range against `size` first. */
  read(offset: number, length: number): Promise<Uint8Array>;
}

export function memorySource(bytes: Uint8Array): ByteSource {
  return {
    size: bytes.length,
    read: (offset, length) => Promise.resolve(bytes.subarray(offset, offset + length)),
  };
}

export function fileSource(handle: FileHandle, size: number): ByteSource {
  return {
    size,
    async read(offset, length) {
      const buffer = Buffer.alloc(length);
      let done = 0;
      // read() may return fewer bytes than asked; a short file ends the loop.
      while (done < length) {
        const { bytesRead } = await handle.read(buffer, done, length - done, offset + done);
        if (bytesRead === 0) break;
        done += bytesRead;
      }
      return buffer.subarray(0, done);
    },
  };
}
