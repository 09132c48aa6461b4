import { open, type FileHandle } from 'node:fs/promises';

/**
 * Build ids tell whether an executable is the one that wrote a core: gdb only
 * compares file names, so a rebuilt binary of the same name slips through and
 * gives wrong lines. The kernel dumps the first page of every mapped ELF file,
 * which holds its build-id note; NT_FILE and AT_ENTRY say which one is the program.
 */

const PT_LOAD = 1;
const PT_NOTE = 4;
const NT_GNU_BUILD_ID = 3;
const NT_AUXV = 6;
const NT_FILE = 0x46494c45;
const AT_ENTRY = 9n;
const MAX_NOTES = 64 * 1024 * 1024;
/** More mapped files than any process loads; a damaged NT_FILE note is not read past it. */
const MAX_MODULES = 4096;

interface Layout {
  is64: boolean;
  le: boolean;
  type: number;
  phoff: number;
  phentsize: number;
  phnum: number;
}

interface Segment {
  type: number;
  offset: number;
  vaddr: bigint;
  filesz: number;
}

function layout(head: Buffer): Layout | null {
  if (head.length < 52 || head.readUInt32BE(0) !== 0x7f454c46) return null;
  const is64 = head[4] === 2;
  const le = head[5] !== 2;
  if (is64 && head.length < 64) return null;
  const u16 = (o: number): number => (le ? head.readUInt16LE(o) : head.readUInt16BE(o));
  const phoff = is64 ? Number(le ? head.readBigUInt64LE(32) : head.readBigUInt64BE(32)) : le ? head.readUInt32LE(28) : head.readUInt32BE(28);
  const phentsize = u16(is64 ? 54 : 42);
  // Entries shorter than an Elf64_Phdr/Elf32_Phdr would be read past their end: a damaged file, no build id.
  if (phentsize < (is64 ? 56 : 32) || phentsize > 1024) return null;
  return { is64, le, type: u16(16), phoff, phentsize, phnum: u16(is64 ? 56 : 44) };
}

function word(buf: Buffer, at: number, l: Pick<Layout, 'is64' | 'le'>): bigint {
  if (l.is64) return l.le ? buf.readBigUInt64LE(at) : buf.readBigUInt64BE(at);
  return BigInt(l.le ? buf.readUInt32LE(at) : buf.readUInt32BE(at));
}

function segments(table: Buffer, l: Layout): Segment[] {
  const out: Segment[] = [];
  for (let i = 0; i < l.phnum && (i + 1) * l.phentsize <= table.length; i++) {
    const b = i * l.phentsize;
    const u32 = (o: number): number => (l.le ? table.readUInt32LE(b + o) : table.readUInt32BE(b + o));
    out.push(
      l.is64
        ? { type: u32(0), offset: Number(word(table, b + 8, l)), vaddr: word(table, b + 16, l), filesz: Number(word(table, b + 32, l)) }
        : { type: u32(0), offset: u32(4), vaddr: BigInt(u32(8)), filesz: u32(16) },
    );
  }
  return out;
}

interface Note {
  name: string;
  type: number;
  desc: Buffer;
}

function* notes(buf: Buffer, le: boolean): Generator<Note> {
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
async function readAt(handle: FileHandle, offset: number, length: number): Promise<Buffer> {
  const { size } = await handle.stat();
  if (!Number.isSafeInteger(offset) || offset < 0 || offset >= size) return Buffer.alloc(0);
  const buf = Buffer.alloc(Math.max(0, Math.min(length, size - offset)));
  const { bytesRead } = await handle.read(buf, 0, buf.length, offset);
  return buf.subarray(0, bytesRead);
}

/** The GNU build id in an ELF image whose first bytes are `image` (file or memory copy). */
function buildIdFromImage(image: Buffer): string | null {
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

/** Build id of an executable or shared library, or null when it has none. */
export async function readExecutableBuildId(file: string): Promise<string | null> {
  const handle = await open(file, 'r');
  try {
    const head = await readAt(handle, 0, 64);
    const l = layout(head);
    if (!l) return null;
    const table = await readAt(handle, l.phoff, l.phnum * l.phentsize);
    for (const seg of segments(table, l)) {
      if (seg.type !== PT_NOTE || seg.filesz > MAX_NOTES) continue;
      for (const n of notes(await readAt(handle, seg.offset, seg.filesz), l.le)) {
        if (n.name === 'GNU' && n.type === NT_GNU_BUILD_ID) return n.desc.toString('hex');
      }
    }
    return null;
  } finally {
    await handle.close();
  }
}

export interface CoreProgram {
  /** The program's path on the machine that crashed. */
  path: string;
  /** Its build id, when the core holds its first page. */
  buildId: string | null;
}

export interface CoreModule extends CoreProgram {
  /** The address its first page is mapped at. */
  base: bigint;
  /** True for the program itself (the mapping holding AT_ENTRY). */
  isProgram: boolean;
}

/** Which program wrote this core, read from its notes; null when the core does not say. */
export async function readCoreProgram(corePath: string): Promise<CoreProgram | null> {
  const program = (await readCoreModules(corePath))?.find((m) => m.isProgram);
  return program ? { path: program.path, buildId: program.buildId } : null;
}

/**
 * Every file the core's NT_FILE note maps from its start (the program and its
 * shared libraries), with the build id from its dumped first page; null when
 * the core has no NT_FILE and AT_ENTRY notes to say which is the program.
 */
export async function readCoreModules(corePath: string): Promise<CoreModule[] | null> {
  const handle = await open(corePath, 'r');
  try {
    const l = layout(await readAt(handle, 0, 64));
    if (!l) return null;
    const segs = segments(await readAt(handle, l.phoff, l.phnum * l.phentsize), l);
    let entry: bigint | null = null;
    let files: FileMapping[] = [];
    for (const seg of segs) {
      if (seg.type !== PT_NOTE || seg.filesz > MAX_NOTES) continue;
      for (const n of notes(await readAt(handle, seg.offset, seg.filesz), l.le)) {
        if (n.name === 'CORE' && n.type === NT_AUXV) entry = auxvEntry(n.desc, l) ?? entry;
        if (n.name === 'CORE' && n.type === NT_FILE) files = fileMappings(n.desc, l);
      }
    }
    if (entry === null) return null;
    const at = entry;
    const programPath = files.find((f) => f.start <= at && at < f.end)?.path;
    if (programPath === undefined) return null;
    const modules: CoreModule[] = [];
    const seen = new Set<string>();
    // A file's first page mapped at its lowest address holds its ELF header and build-id note.
    for (const first of files.filter((f) => f.page === 0n).sort((a, b) => (a.start < b.start ? -1 : 1))) {
      if (seen.has(first.path) || modules.length >= MAX_MODULES) continue;
      seen.add(first.path);
      const load = segs.find((s) => s.type === PT_LOAD && s.vaddr <= first.start && first.start < s.vaddr + BigInt(s.filesz));
      let buildId: string | null = null;
      if (load) {
        const skip = Number(first.start - load.vaddr);
        const image = await readAt(handle, load.offset + skip, Math.min(64 * 1024, load.filesz - skip));
        // Mapped data files (locale archives, fonts) are not modules.
        if (!layout(image) && first.path !== programPath) continue;
        buildId = buildIdFromImage(image);
      }
      modules.push({ path: first.path, buildId, base: first.start, isProgram: first.path === programPath });
    }
    if (!modules.some((m) => m.isProgram)) modules.unshift({ path: programPath, buildId: null, base: 0n, isProgram: true });
    return modules.sort((a, b) => Number(b.isProgram) - Number(a.isProgram));
  } finally {
    await handle.close();
  }
}

interface FileMapping {
  start: bigint;
  end: bigint;
  page: bigint;
  path: string;
}

function auxvEntry(desc: Buffer, l: Layout): bigint | null {
  const size = l.is64 ? 8 : 4;
  for (let at = 0; at + 2 * size <= desc.length; at += 2 * size) {
    if (word(desc, at, l) === AT_ENTRY) return word(desc, at + size, l);
  }
  return null;
}

function fileMappings(desc: Buffer, l: Layout): FileMapping[] {
  const size = l.is64 ? 8 : 4;
  if (desc.length < 2 * size) return [];
  const count = Number(word(desc, 0, l));
  const namesAt = 2 * size + count * 3 * size;
  if (namesAt > desc.length) return [];
  const names = desc.toString('utf8', namesAt).split('\0');
  const out = [];
  for (let i = 0; i < count; i++) {
    const b = 2 * size + i * 3 * size;
    out.push({ start: word(desc, b, l), end: word(desc, b + size, l), page: word(desc, b + 2 * size, l), path: names[i] ?? '' });
  }
  return out;
}
