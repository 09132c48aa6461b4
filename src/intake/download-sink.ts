import { createHash, type Hash } from 'node:crypto';
import { open, rename, rm, type FileHandle } from 'node:fs/promises';
import { CrashAutofixError } from '../base/errors.js';

export interface Progress {
  bytes: number;
  /** Null when the server did not say how big the file is. */
  total: number | null;
  bytesPerSecond: number;
}

/**
 * The `.part` file a download writes into, hashing every byte as it is
 * written (no second pass) and refusing to grow past the cap. Only `finish`
 * gives the file its real name, so a failed download leaves nothing behind.
 */
export class DownloadSink {
  private hash: Hash = createHash('sha256');
  private written = 0;
  private lastReport = 0;
  private readonly started: number;

  private constructor(
    private handle: FileHandle,
    private readonly partFile: string,
    private readonly options: { maxBytes: number; source: string; onProgress: ((p: Progress) => void) | null; now: () => number; progressEveryMs: number },
  ) {
    this.started = options.now();
  }

  static async create(partFile: string, options: DownloadSink['options']): Promise<DownloadSink> {
    return new DownloadSink(await open(partFile, 'w'), partFile, options);
  }

  get bytes(): number {
    return this.written;
  }

  /** The server sent the whole file again (no range support): start over. */
  async restart(): Promise<void> {
    await this.handle.truncate(0);
    this.hash = createHash('sha256');
    this.written = 0;
  }

  /** Refuses a declared size over the cap before a byte is read. */
  checkDeclaredSize(total: number | null): void {
    if (total !== null && total > this.options.maxBytes) throw this.tooLarge(total);
  }

  async write(chunk: Buffer, total: number | null): Promise<void> {
    if (this.written + chunk.length > this.options.maxBytes) throw this.tooLarge(null);
    await this.handle.write(chunk, 0, chunk.length, this.written);
    this.hash.update(chunk);
    this.written += chunk.length;
    const now = this.options.now();
    if (this.options.onProgress && now - this.lastReport >= this.options.progressEveryMs) {
      this.lastReport = now;
      this.options.onProgress(this.progress(total, now));
    }
  }

  /** Closes the part file, checks the hash and gives the file its name. */
  async finish(file: string, expectedSha256: string | null, total: number | null): Promise<{ sha256: string; bytes: number }> {
    await this.handle.close();
    const sha256 = this.hash.digest('hex');
    if (expectedSha256 !== null && sha256 !== expectedSha256.toLowerCase()) {
      await this.discard();
      throw new CrashAutofixError('bad-input', `${this.options.source} has sha256 ${sha256}, not the ${expectedSha256} that 'dump-sha256' expects; the file is not the dump you meant, or it changed on the server`);
    }
    await rename(this.partFile, file);
    this.options.onProgress?.(this.progress(total, this.options.now()));
    return { sha256, bytes: this.written };
  }

  /** Removes the part file; safe to call twice. */
  async discard(): Promise<void> {
    await this.handle.close().catch(() => undefined);
    await rm(this.partFile, { force: true });
  }

  private progress(total: number | null, now: number): Progress {
    const seconds = Math.max((now - this.started) / 1000, 0.001);
    return { bytes: this.written, total, bytesPerSecond: this.written / seconds };
  }

  private tooLarge(total: number | null): CrashAutofixError {
    const size = total === null ? `more than ${this.options.maxBytes} bytes` : `${total} bytes`;
    return new CrashAutofixError('bad-input', `${this.options.source} is ${size}, over 'dump-max-bytes' (${this.options.maxBytes}); raise the setting if the dump is real`);
  }
}

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];

export function formatBytes(n: number): string {
  let value = n;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${n} B` : `${value.toFixed(1)} ${UNITS[unit]}`;
}

/** `12.3 MiB of 40.0 MiB (30%) at 5.1 MiB/s`, or without the total when the server gave none. */
export function describeProgress(p: Progress): string {
  const rate = `${formatBytes(Math.round(p.bytesPerSecond))}/s`;
  if (p.total === null || p.total === 0) return `${formatBytes(p.bytes)} at ${rate}`;
  const percent = Math.floor((p.bytes / p.total) * 100);
  return `${formatBytes(p.bytes)} of ${formatBytes(p.total)} (${percent}%) at ${rate}`;
}
