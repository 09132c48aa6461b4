import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';

/** Files up to this size are hashed whole. */
const WHOLE_LIMIT = 8 * 1024 * 1024;
const HEAD = 4 * 1024 * 1024;
const TAIL = 1024 * 1024;
const SAMPLES = 16;
const SAMPLE = 64 * 1024;

/**
 * Identifies a dump by content without reading all of it: a multi-gigabyte
 * core would take longer to hash than gdb takes to read it. SHA-256 over the
 * size, the first 4 MiB (ELF notes with registers and pids, or the minidump
 * header and streams), the last 1 MiB and 16 evenly spaced 64 KiB blocks.
 * Small files are hashed whole.
 */
export async function fingerprintFile(file: string): Promise<{ fingerprint: string; sizeBytes: number }> {
  const handle = await open(file, 'r');
  try {
    const { size } = await handle.stat();
    const hash = createHash('sha256').update(`crash-autofix/fingerprint/v1\n${size}\n`);
    const ranges: Array<[number, number]> = [];
    if (size <= WHOLE_LIMIT) ranges.push([0, size]);
    else {
      ranges.push([0, HEAD]);
      const step = Math.floor((size - HEAD - TAIL) / (SAMPLES + 1));
      for (let i = 1; i <= SAMPLES; i++) ranges.push([HEAD + i * step, SAMPLE]);
      ranges.push([size - TAIL, TAIL]);
    }
    const buffer = Buffer.alloc(Math.min(Math.max(HEAD, SAMPLE), Math.max(size, 1)));
    for (const [start, length] of ranges) {
      let done = 0;
      while (done < length) {
        const want = Math.min(buffer.length, length - done);
        const { bytesRead } = await handle.read(buffer, 0, want, start + done);
        if (bytesRead === 0) break;
        hash.update(buffer.subarray(0, bytesRead));
        done += bytesRead;
      }
    }
    return { fingerprint: hash.digest('hex'), sizeBytes: size };
  } finally {
    await handle.close();
  }
}
