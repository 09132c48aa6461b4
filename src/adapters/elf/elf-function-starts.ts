import type { FileHandle } from 'node:fs/promises';
import { layout, readAt, segments } from './elf-structures.js';

const PT_GNU_EH_FRAME = 0x6474e550;
const PT_LOAD = 1;
const UDATA4 = 0x03;
const PCREL_SDATA4 = 0x1b;
const DATAREL_SDATA4 = 0x3b;
/** .eh_frame_hdr of the largest libraries holds some hundred thousand entries. */
const MAX_HDR = 16 * 1024 * 1024;

export interface FunctionStarts {
  /** p_vaddr of the segment that maps the file's first byte: a load address less this is the bias. */
  firstVaddr: number;
  /** Entry addresses (file vaddrs) of every function with unwind info, ascending. */
  starts: Float64Array;
}

/**
 * Where each function of an ELF file starts, from the binary-search table of
 * its .eh_frame_hdr (PT_GNU_EH_FRAME), which compilers emit for C++ and, on
 * x86-64, for C. Only the table's usual encodings (a 4-byte count, entries of
 * two 4-byte offsets from the header) are read; null otherwise.
 */
export async function readFunctionStarts(handle: FileHandle): Promise<FunctionStarts | null> {
  const l = layout(await readAt(handle, 0, 64));
  if (!l) return null;
  const segs = segments(await readAt(handle, l.phoff, l.phnum * l.phentsize), l);
  const hdr = segs.find((s) => s.type === PT_GNU_EH_FRAME);
  const first = segs.find((s) => s.type === PT_LOAD && s.offset === 0);
  if (!hdr || !first || hdr.filesz < 12 || hdr.filesz > MAX_HDR) return null;
  const b = await readAt(handle, hdr.offset, hdr.filesz);
  if (b.length < 12 || b[0] !== 1 || b[1] !== PCREL_SDATA4 || b[2] !== UDATA4 || b[3] !== DATAREL_SDATA4) return null;
  const count = Math.min(l.le ? b.readUInt32LE(8) : b.readUInt32BE(8), Math.floor((b.length - 12) / 8));
  const base = Number(hdr.vaddr);
  const starts = new Float64Array(count);
  for (let i = 0; i < count; i++) starts[i] = base + (l.le ? b.readInt32LE(12 + i * 8) : b.readInt32BE(12 + i * 8));
  // The table is sorted by definition; a damaged one is sorted here so the search stays right.
  starts.sort();
  return { firstVaddr: Number(first.vaddr), starts };
}

/** The entry of the function holding `vaddr`, or null before the first one. */
export function functionStartAt(f: FunctionStarts, vaddr: number): number | null {
  let lo = 0;
  let hi = f.starts.length - 1;
  let found: number | null = null;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const s = f.starts[mid] ?? 0;
    if (s <= vaddr) {
      found = s;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return found;
}
