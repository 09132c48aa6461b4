import type { FileHandle } from 'node:fs/promises';

/** ELF structures that cores and executables share: headers, program headers, notes. */

export const PT_LOAD = 1;
export const PT_NOTE = 4;
export const PF_X = 1;
export const NT_GNU_BUILD_ID = 3;
export const MAX_NOTES = 64 * 1024 * 1024;

export interface Layout {
  is64: boolean;
  le: boolean;
  type: number;
  machine: number;
  phoff: number;
  phentsize: number;
  phnum: number;
}

export interface Segment {
  type: number;
  flags: number;
  offset: number;
  vaddr: bigint;
  filesz: number;
  memsz: bigint;
}

export function layout(head: Buffer): Layout | null {
  if (head.length < 52 || head.readUInt32BE(0) !== 0x7f454c46) return null;
  const is64 = head[4] === 2;
  const le = head[5] !== 2;
  if (is64 && head.length < 64) return null;
  const u16 = (o: number): number => (le ? head.readUInt16LE(o) : head.readUInt16BE(o));
  const phoff = is64 ? Number(le ? head.readBigUInt64LE(32) : head.readBigUInt64BE(32)) : le ? head.readUInt32LE(28) : head.readUInt32BE(28);
  const phentsize = u16(is64 ? 54 : 42);
  // Entries shorter than an Elf64_Phdr/Elf32_Phdr would be read past their end: a damaged file, no build id.
  if (phentsize < (is64 ? 56 : 32) || phentsize > 1024) return null;
  return { is64, le, type: u16(16), machine: u16(18), phoff, phentsize, phnum: u16(is64 ? 56 : 44) };
}

export function word(buf: Buffer, at: number, l: Pick<Layout, 'is64' | 'le'>): bigint {
  if (l.is64) return l.le ? buf.readBigUInt64LE(at) : buf.readBigUInt64BE(at);
  return BigInt(l.le ? buf.readUInt32LE(at) : buf.readUInt32BE(at));
}

export function segments(table: Buffer, l: Layout): Segment[] {
  const out: Segment[] = [];
  for (let i = 0; i < l.phnum && (i + 1) * l.phentsize <= table.length; i++) {
    const b = i * l.phentsize;
    const u32 = (o: number): number => (l.le ? table.readUInt32LE(b + o) : table.readUInt32BE(b + o));
    out.push(
      l.is64
        ? { type: u32(0), flags: u32(4), offset: Number(word(table, b + 8, l)), vaddr: word(table, b + 16, l), filesz: Number(word(table, b + 32, l)), memsz: word(table, b + 40, l) }
        : { type: u32(0), flags: u32(24), offset: u32(4), vaddr: BigInt(u32(8)), filesz: u32(16), memsz: BigInt(u32(20)) },
    );
  }
  return out;
}

export interface Note {
  name: string;
  type: number;
  desc: Buffer;
}

export function* notes(buf: Buffer, le: boolean): Generator<Note> {
  const u32 = (o: number): number => (le ? buf.readUInt32LE(o) : buf.readUInt32BE(o));
  // Not `(n + 3) & ~3`: bitwise operators wrap at 2^31 and a damaged size would point backwards.
  const align4 = (n: number): number => Math.ceil(n / 4) * 4;
  let at = 0;
  while (at + 12 <= buf.length) {
    const namesz = u32(at);
    const descsz = u32(at + 4);
    const type = u32(at + 8);
    const descAt = at + 12 + align4(namesz);
    if (descAt + descsz > buf.length) return;
    yield { name: buf.toString('latin1', at + 12, at + 12 + Math.max(0, namesz - 1)), type, desc: buf.subarray(descAt, descAt + descsz) };
    at = descAt + align4(descsz);
  }
}

/** Up to `length` bytes at `offset`; never more than the file holds, whatever a damaged header claims. */
export async function readAt(handle: FileHandle, offset: number, length: number): Promise<Buffer> {
  const { size } = await handle.stat();
  if (!Number.isSafeInteger(offset) || offset < 0 || offset >= size) return Buffer.alloc(0);
  const buf = Buffer.alloc(Math.max(0, Math.min(length, size - offset)));
  const { bytesRead } = await handle.read(buf, 0, buf.length, offset);
  return buf.subarray(0, bytesRead);
}

/** The GNU build id in an ELF image whose first bytes are `image` (file or memory copy). */
export function buildIdFromImage(image: Buffer): string | null {
  const l = layout(image);
  if (!l) return null;
  const table = image.subarray(l.phoff, l.phoff + l.phnum * l.phentsize);
  for (const seg of segments(table, l)) {
    if (seg.type !== PT_NOTE || seg.offset + seg.filesz > image.length) continue;
    for (const n of notes(image.subarray(seg.offset, seg.offset + seg.filesz), l.le)) {
      if (n.name === 'GNU' && n.type === NT_GNU_BUILD_ID) return n.desc.toString('hex');
    }
  }
  return null;
}

export interface FileMapping {
  start: bigint;
  end: bigint;
  /** Offset into the file, in pages of `pageSize` bytes. */
  page: bigint;
  pageSize: bigint;
  path: string;
}

/** NT_FILE: the files mapped into the process, one entry per mapping. */
export function fileMappings(desc: Buffer, l: Pick<Layout, 'is64' | 'le'>): FileMapping[] {
  const size = l.is64 ? 8 : 4;
  if (desc.length < 2 * size) return [];
  const count = Number(word(desc, 0, l));
  const pageSize = word(desc, size, l);
  const namesAt = 2 * size + count * 3 * size;
  if (namesAt > desc.length) return [];
  const names = desc.toString('utf8', namesAt).split('\0');
  const out = [];
  for (let i = 0; i < count; i++) {
    const b = 2 * size + i * 3 * size;
    out.push({ start: word(desc, b, l), end: word(desc, b + size, l), page: word(desc, b + 2 * size, l), pageSize, path: names[i] ?? '' });
  }
  return out;
}
