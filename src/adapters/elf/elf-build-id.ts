import { open } from 'node:fs/promises';
import { MAX_NOTES, NT_GNU_BUILD_ID, PT_LOAD, PT_NOTE, buildIdFromImage, fileMappings, layout, notes, readAt, segments, word, type FileMapping, type Layout } from './elf-structures.js';

const NT_AUXV = 6;
const NT_FILE = 0x46494c45;
const AT_ENTRY = 9n;
/** More mapped files than any process loads; a damaged NT_FILE note is not read past it. */
const MAX_MODULES = 4096;

/**
 * Build ids tell whether an executable is the one that wrote a core: gdb only
 * compares file names, so a rebuilt binary of the same name slips through and
 * gives wrong lines. The kernel dumps the first page of every mapped ELF file,
 * which holds its build-id note; NT_FILE and AT_ENTRY say which one is the program.
 */

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

function auxvEntry(desc: Buffer, l: Layout): bigint | null {
  const size = l.is64 ? 8 : 4;
  for (let at = 0; at + 2 * size <= desc.length; at += 2 * size) {
    if (word(desc, at, l) === AT_ENTRY) return word(desc, at + size, l);
  }
  return null;
}
