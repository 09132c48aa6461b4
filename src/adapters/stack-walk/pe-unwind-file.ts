import { open, type FileHandle } from 'node:fs/promises';
import { describeFsError } from '../../base/fs/fs-error.js';
import type { ModuleUnwind, RuntimeFunction } from './unwind-tables.js';

const MACHINE_AMD64 = 0x8664;
const PE32_PLUS = 0x20b;
const HEADER_READ = 4096;
/** The PE format allows 96 sections. */
const MAX_SECTIONS = 96;
/** .pdata of the largest real DLLs is a few megabytes; more is damage. */
const MAX_PDATA = 64 * 1024 * 1024;

interface Section {
  va: number;
  virtualSize: number;
  rawSize: number;
  rawOffset: number;
}

/**
 * A 64-bit PE file's unwind data: the .pdata table of RUNTIME_FUNCTIONs
 * (sorted by address, searched by halves) and reads of the image by RVA for
 * UNWIND_INFO and epilogue code. Identified by TimeDateStamp and SizeOfImage,
 * which a minidump records for every module.
 */
export class PeUnwindFile implements ModuleUnwind {
  private constructor(
    private readonly handle: FileHandle,
    private readonly fileSize: number,
    private readonly sections: readonly Section[],
    private readonly table: Uint32Array,
    readonly timeDateStamp: number,
    readonly sizeOfImage: number,
  ) {}

  /** Opens `file`; a string says in a few words why it is not usable (not a 64-bit PE, unreadable). */
  static async open(file: string): Promise<PeUnwindFile | string> {
    let handle: FileHandle;
    try {
      handle = await open(file, 'r');
    } catch (e) {
      return describeFsError(e, file);
    }
    try {
      const parsed = await parse(handle);
      if (typeof parsed === 'string') {
        await handle.close();
        return `${file} ${parsed}`;
      }
      return new PeUnwindFile(handle, parsed.fileSize, parsed.sections, parsed.table, parsed.timeDateStamp, parsed.sizeOfImage);
    } catch (e) {
      await handle.close();
      return describeFsError(e, file);
    }
  }

  get functionCount(): number {
    return this.table.length / 3;
  }

  lookup(rva: number): RuntimeFunction | null {
    let lo = 0;
    let hi = this.functionCount - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const begin = this.table[mid * 3] ?? 0;
      const end = this.table[mid * 3 + 1] ?? 0;
      if (rva < begin) hi = mid - 1;
      else if (rva >= end) lo = mid + 1;
      else return { begin, end, unwindInfo: this.table[mid * 3 + 2] ?? 0 };
    }
    return null;
  }

  async read(rva: number, length: number): Promise<Uint8Array | null> {
    const s = this.sections.find((x) => x.va <= rva && rva < x.va + Math.max(x.virtualSize, x.rawSize));
    if (!s) return null;
    const into = rva - s.va;
    const available = Math.min(length, s.rawSize - into, this.fileSize - (s.rawOffset + into));
    if (available <= 0) return null;
    const buffer = Buffer.alloc(available);
    const { bytesRead } = await this.handle.read(buffer, 0, available, s.rawOffset + into);
    return buffer.subarray(0, bytesRead);
  }

  async close(): Promise<void> {
    await this.handle.close();
  }
}

type Parsed = { fileSize: number; sections: Section[]; table: Uint32Array; timeDateStamp: number; sizeOfImage: number };

async function parse(handle: FileHandle): Promise<Parsed | string> {
  const fileSize = (await handle.stat()).size;
  const head = Buffer.alloc(Math.min(HEADER_READ, fileSize));
  await handle.read(head, 0, head.length, 0);
  if (head.length < 64 || head.toString('latin1', 0, 2) !== 'MZ') return 'is not a PE file (no MZ header)';
  const pe = head.readUInt32LE(0x3c);
  if (pe + 24 > head.length || head.toString('latin1', pe, pe + 4) !== 'PE\0\0') return 'is not a PE file (no PE signature in its first 4 KB)';
  const machine = head.readUInt16LE(pe + 4);
  if (machine !== MACHINE_AMD64) return `is not an x64 image (machine 0x${machine.toString(16)})`;
  const sectionCount = head.readUInt16LE(pe + 6);
  const timeDateStamp = head.readUInt32LE(pe + 8);
  const optionalSize = head.readUInt16LE(pe + 20);
  const opt = pe + 24;
  if (opt + 112 > head.length || head.readUInt16LE(opt) !== PE32_PLUS) return 'has no PE32+ optional header';
  const sizeOfImage = head.readUInt32LE(opt + 56);
  const directories = head.readUInt32LE(opt + 108);
  const sectionsAt = opt + optionalSize;
  if (sectionCount > MAX_SECTIONS || sectionsAt + sectionCount * 40 > head.length) return `has a damaged section table (${sectionCount} sections)`;
  const sections: Section[] = [];
  for (let i = 0; i < sectionCount; i++) {
    const at = sectionsAt + i * 40;
    sections.push({ virtualSize: head.readUInt32LE(at + 8), va: head.readUInt32LE(at + 12), rawSize: head.readUInt32LE(at + 16), rawOffset: head.readUInt32LE(at + 20) });
  }
  const exceptionRva = directories > 3 && opt + 112 + 32 <= sectionsAt ? head.readUInt32LE(opt + 112 + 24) : 0;
  const exceptionSize = directories > 3 && opt + 112 + 32 <= sectionsAt ? head.readUInt32LE(opt + 112 + 28) : 0;
  if (exceptionRva === 0 || exceptionSize < 12) return 'has no exception directory (.pdata)';
  if (exceptionSize > MAX_PDATA) return `claims a ${exceptionSize}-byte .pdata, more than any real image has`;
  const s = sections.find((x) => x.va <= exceptionRva && exceptionRva + exceptionSize <= x.va + Math.max(x.virtualSize, x.rawSize));
  const start = s ? s.rawOffset + (exceptionRva - s.va) : -1;
  if (!s || start + exceptionSize > fileSize) return 'has its .pdata outside the file; it is truncated';
  const raw = Buffer.alloc(exceptionSize - (exceptionSize % 12));
  await handle.read(raw, 0, raw.length, start);
  const table = new Uint32Array(raw.length / 4);
  for (let i = 0; i < table.length; i++) table[i] = raw.readUInt32LE(i * 4);
  return { fileSize, sections, table: sortedTable(table), timeDateStamp, sizeOfImage };
}

/** Linkers write .pdata sorted; a table that is not gets sorted here, empty entries dropped. */
function sortedTable(table: Uint32Array): Uint32Array {
  const count = table.length / 3;
  let sorted = true;
  for (let i = 1; i < count && sorted; i++) sorted = (table[i * 3] ?? 0) >= (table[(i - 1) * 3 + 1] ?? 0);
  if (sorted && !table.some((_, i) => i % 3 === 0 && (table[i + 1] ?? 0) <= (table[i] ?? 0))) return table;
  const entries: [number, number, number][] = [];
  for (let i = 0; i < count; i++) {
    const begin = table[i * 3] ?? 0;
    const end = table[i * 3 + 1] ?? 0;
    if (end > begin) entries.push([begin, end, table[i * 3 + 2] ?? 0]);
  }
  entries.sort((a, b) => a[0] - b[0]);
  return Uint32Array.from(entries.flat());
}
