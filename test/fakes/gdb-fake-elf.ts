/**
 * Minimal ELF64 little-endian files for unit tests: an executable with a build
 * id and a core whose notes name the program (NT_AUXV AT_ENTRY, NT_FILE) and
 * whose first PT_LOAD is a copy of that program's first page, as the kernel writes it.
 */
import { writeFile } from 'node:fs/promises';

const EHDR = 64;
const PHDR = 56;

function elfHeader(type: number, phnum: number): Buffer {
  const h = Buffer.alloc(EHDR);
  h.writeUInt32BE(0x7f454c46, 0);
  h[4] = 2; // ELFCLASS64
  h[5] = 1; // little endian
  h[6] = 1; // EV_CURRENT
  h.writeUInt16LE(type, 16);
  h.writeUInt16LE(62, 18); // x86-64
  h.writeUInt32LE(1, 20);
  h.writeBigUInt64LE(BigInt(EHDR), 32); // e_phoff
  h.writeUInt16LE(EHDR, 52);
  h.writeUInt16LE(PHDR, 54);
  h.writeUInt16LE(phnum, 56);
  return h;
}

function programHeader(type: number, offset: number, vaddr: bigint, filesz: number, memsz = filesz): Buffer {
  const p = Buffer.alloc(PHDR);
  p.writeUInt32LE(type, 0);
  p.writeBigUInt64LE(BigInt(offset), 8);
  p.writeBigUInt64LE(vaddr, 16);
  p.writeBigUInt64LE(BigInt(filesz), 32);
  p.writeBigUInt64LE(BigInt(memsz), 40);
  return p;
}

function note(name: string, type: number, desc: Buffer): Buffer {
  const pad = (b: Buffer): Buffer => Buffer.concat([b, Buffer.alloc((4 - (b.length % 4)) % 4)]);
  const head = Buffer.alloc(12);
  head.writeUInt32LE(name.length + 1, 0);
  head.writeUInt32LE(desc.length, 4);
  head.writeUInt32LE(type, 8);
  return Buffer.concat([head, pad(Buffer.from(`${name}\0`, 'latin1')), pad(desc)]);
}

/** An ET_DYN image with one PT_NOTE holding the GNU build id (hex). */
export function fakeExecutableImage(buildId: string): Buffer {
  const notes = note('GNU', 3, Buffer.from(buildId, 'hex'));
  const notesAt = EHDR + PHDR;
  return Buffer.concat([elfHeader(3, 1), programHeader(4, notesAt, BigInt(notesAt), notes.length), notes]);
}

export async function writeFakeExecutable(file: string, buildId: string): Promise<void> {
  await writeFile(file, fakeExecutableImage(buildId));
}

export interface FakeCoreOptions {
  /** Program path recorded in NT_FILE. */
  programPath: string;
  /** Build id in the dumped first page; null dumps a page without one. */
  buildId: string | null;
  /** Bytes cut from the end, to make a truncated core. */
  truncateBy?: number;
}

const BASE = 0x555555554000n;

export async function writeFakeCore(file: string, options: FakeCoreOptions): Promise<void> {
  await writeFile(file, fakeCoreImage(options));
}

/** The bytes of a fake core: notes naming the program, then its first page as a PT_LOAD. */
export function fakeCoreImage(options: FakeCoreOptions): Buffer {
  const auxv = Buffer.alloc(32);
  auxv.writeBigUInt64LE(9n, 0); // AT_ENTRY
  auxv.writeBigUInt64LE(BASE + 0x1040n, 8);
  const name = Buffer.from(`${options.programPath}\0`, 'utf8');
  const files = Buffer.alloc(16 + 24);
  files.writeBigUInt64LE(1n, 0);
  files.writeBigUInt64LE(4096n, 8);
  files.writeBigUInt64LE(BASE, 16);
  files.writeBigUInt64LE(BASE + 0x2000n, 24);
  files.writeBigUInt64LE(0n, 32);
  const notes = Buffer.concat([note('CORE', 6, auxv), note('CORE', 0x46494c45, Buffer.concat([files, name]))]);

  const page = Buffer.alloc(4096);
  (options.buildId ? fakeExecutableImage(options.buildId) : elfHeader(3, 0)).copy(page);
  const notesAt = EHDR + 2 * PHDR;
  const pageAt = notesAt + notes.length + ((8 - (notes.length % 8)) % 8);
  const core = Buffer.alloc(pageAt + page.length);
  elfHeader(4, 2).copy(core, 0);
  programHeader(4, notesAt, 0n, notes.length).copy(core, EHDR);
  programHeader(1, pageAt, BASE, page.length, 0x2000).copy(core, EHDR + PHDR);
  notes.copy(core, notesAt);
  page.copy(core, pageAt);
  return core.subarray(0, core.length - (options.truncateBy ?? 0));
}
