/** Little-endian fields of one structure read from a dump. Offsets are relative to the structure. */
export class Fields {
  private readonly view: DataView;

  constructor(readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  get length(): number {
    return this.bytes.length;
  }

  u8(offset: number): number {
    return this.view.getUint8(offset);
  }

  u16(offset: number): number {
    return this.view.getUint16(offset, true);
  }

  u32(offset: number): number {
    return this.view.getUint32(offset, true);
  }

  u64(offset: number): bigint {
    return this.view.getBigUint64(offset, true);
  }

  /** The `length` bytes at `offset` as their own structure. */
  slice(offset: number, length: number): Fields {
    return new Fields(this.bytes.subarray(offset, offset + length));
  }

  /** A NUL-terminated UTF-16LE string in a fixed-size field of `maxBytes`. */
  utf16z(offset: number, maxBytes: number): string {
    const end = Math.min(this.length, offset + maxBytes);
    let stop = offset;
    while (stop + 1 < end && (this.bytes[stop] !== 0 || this.bytes[stop + 1] !== 0)) stop += 2;
    return Buffer.from(this.bytes.subarray(offset, stop)).toString('utf16le');
  }

  /** A NUL-terminated UTF-8 string running at most to the end of the structure. */
  utf8z(offset: number): string {
    const zero = this.bytes.indexOf(0, offset);
    return Buffer.from(this.bytes.subarray(offset, zero < 0 ? this.length : zero)).toString('utf8');
  }
}
