/**
 * The crashing thread's stack bytes as the dump holds them: one window of
 * memory starting at `base`. Every read is bounds-checked and gives null past
 * the window, so a damaged dump or a wild frame pointer ends the walk instead
 * of reading elsewhere.
 */
export class StackMemory {
  private readonly view: DataView;

  constructor(
    readonly base: bigint,
    readonly bytes: Uint8Array,
    readonly wordSize: 4 | 8,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  static empty(wordSize: 4 | 8): StackMemory {
    return new StackMemory(0n, new Uint8Array(0), wordSize);
  }

  get end(): bigint {
    return this.base + BigInt(this.bytes.length);
  }

  /** Whether `length` bytes at `address` are all in the window. */
  has(address: bigint, length: number = this.wordSize): boolean {
    return address >= this.base && address + BigInt(length) <= this.end;
  }

  /** The pointer-sized little-endian word at `address`, or null outside the window. */
  word(address: bigint): bigint | null {
    return this.wordSize === 8 ? this.u64(address) : this.u32(address);
  }

  u64(address: bigint): bigint | null {
    if (!this.has(address, 8)) return null;
    return this.view.getBigUint64(Number(address - this.base), true);
  }

  u32(address: bigint): bigint | null {
    if (!this.has(address, 4)) return null;
    return BigInt(this.view.getUint32(Number(address - this.base), true));
  }
}

/** Bytes kept around the stack pointer; deeper than any frame cap walks, small enough for a share of a thousand dumps. */
export const MAX_STACK_WINDOW = 2 * 1024 * 1024;
/** Kept below the stack pointer: code never reads there, but a frame pointer of a damaged context may point a little below. */
const BELOW_SP = 64 * 1024;

/**
 * The part of the range [start, end) worth reading for a thread whose stack
 * pointer is `sp`: from a little below sp to at most MAX_STACK_WINDOW above,
 * so a dump that claims a gigabyte of stack costs two megabytes.
 */
export function stackWindow(start: bigint, end: bigint, sp: bigint): { start: bigint; end: bigint } {
  const anchor = sp < start ? start : sp > end ? end : sp;
  const from = anchor - BigInt(BELOW_SP) > start ? anchor - BigInt(BELOW_SP) : start;
  const to = from + BigInt(MAX_STACK_WINDOW) < end ? from + BigInt(MAX_STACK_WINDOW) : end;
  return { start: from, end: to };
}
