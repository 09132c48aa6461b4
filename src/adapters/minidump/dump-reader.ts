import type { ByteSource } from './byte-source.js';
import { Fields } from './le-fields.js';
import { damagedDump, truncatedDump } from './minidump-errors.js';
import type { StreamEntry } from './minidump-types.js';

/** MINIDUMP_STRING lengths above this are damage, not names (Windows paths stop at 32767 characters). */
const MAX_STRING_BYTES = 65_536;
/** No real thread, module or memory list comes near this; a larger one is a damaged count. */
export const MAX_LIST_BYTES = 64 * 1024 * 1024;

export interface ListStream {
  count: number;
  /** The entries only, `count * entrySize` bytes. */
  entries: Fields;
}

/**
 * Bounded reads from one dump that fail with one clear line when a structure
 * lies outside the file (truncated) or contradicts itself (damaged).
 */
export class DumpReader {
  constructor(
    private readonly source: ByteSource,
    readonly file: string,
  ) {}

  get size(): number {
    return this.source.size;
  }

  /** Throws when `length` bytes at `rva` are not all in the file. */
  check(what: string, rva: number | bigint, length: number | bigint): void {
    if (BigInt(rva) + BigInt(length) <= BigInt(this.size)) return;
    const at = Number(rva);
    throw truncatedDump(this.file, what, at, Number(length), this.size);
  }

  async fields(what: string, rva: number | bigint, length: number): Promise<Fields> {
    this.check(what, rva, length);
    return new Fields(await this.source.read(Number(rva), length));
  }

  /** A stream's data, at least `minSize` bytes of it or a damaged-dump error. */
  async stream(entry: StreamEntry, minSize = 0): Promise<Fields> {
    if (entry.size < minSize) this.damaged(`stream ${entry.name} is ${entry.size} bytes, shorter than the ${minSize} its header needs`);
    return this.fields(`stream ${entry.name}`, entry.rva, entry.size);
  }

  /**
   * A stream that is a 32-bit count followed by fixed-size entries. Some
   * writers pad the count to 8 bytes; the stream is then 4 bytes longer.
   */
  async list(entry: StreamEntry, entrySize: number, what: string): Promise<ListStream> {
    const head = await this.fields(`stream ${entry.name}`, entry.rva, Math.min(entry.size, 4));
    if (head.length < 4) this.damaged(`stream ${entry.name} is ${entry.size} bytes, too short for its ${what} count`);
    const count = head.u32(0);
    const needed = 4 + count * entrySize;
    const claim = `stream ${entry.name} says it holds ${count} ${what} (${needed} bytes)`;
    if (needed > entry.size) this.damaged(`${claim} but is ${entry.size} bytes long`);
    if (needed > MAX_LIST_BYTES) this.damaged(`${claim}, more than any real dump holds`);
    const start = entry.size === needed + 4 ? 8 : 4;
    const entries = await this.fields(`stream ${entry.name}`, entry.rva + start, count * entrySize);
    return { count, entries };
  }

  /** A MINIDUMP_STRING: a 32-bit byte length, then UTF-16LE text. */
  async string(what: string, rva: number | bigint): Promise<string> {
    const length = (await this.fields(what, rva, 4)).u32(0);
    if (length > MAX_STRING_BYTES) this.damaged(`${what} at RVA 0x${rva.toString(16)} claims to be ${length} bytes long`);
    const text = await this.fields(what, BigInt(rva) + 4n, length - (length % 2));
    return Buffer.from(text.bytes).toString('utf16le');
  }

  damaged(detail: string): never {
    throw damagedDump(this.file, detail);
  }
}
