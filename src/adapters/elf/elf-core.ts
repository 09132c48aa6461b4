import type { FileHandle } from 'node:fs/promises';
import { CrashAutofixError } from '../../base/errors.js';

export interface ElfCoreInfo {
  class: 32 | 64;
  littleEndian: boolean;
  machine: number;
  programHeaders: number;
  /** Bytes the program headers say the file must hold. */
  requiredSize: number;
}

const ET_CORE = 4;
const ET_EXEC = 2;
const ET_DYN = 3;
/** No ELF writer pads program headers this far; a larger entry size is damage, and would make a huge table. */
const MAX_PHENTSIZE = 1024;

export function isElf(head: Uint8Array): boolean {
  return head.length >= 4 && head[0] === 0x7f && head[1] === 0x45 && head[2] === 0x4c && head[3] === 0x46;
}

/** Checks the ELF header and program headers of a core file, reading only what it needs. */
export async function inspectElfCore(handle: FileHandle, file: string, size: number): Promise<ElfCoreInfo> {
  const head = Buffer.alloc(64);
  const { bytesRead } = await handle.read(head, 0, 64, 0);
  if (bytesRead === 0) throw new CrashAutofixError('bad-input', `Dump ${file} is empty (0 bytes); the crash handler did not finish writing it`);
  if (!isElf(head.subarray(0, bytesRead))) {
    throw new CrashAutofixError('bad-input', `${file} is not an ELF core dump (it starts with bytes ${head.subarray(0, Math.min(8, bytesRead)).toString('hex')}); pass the core file the crash wrote`);
  }
  if (bytesRead < 52) throw truncated(file, 'the ELF header', 52, size);
  const cls = head[4] === 2 ? 64 : head[4] === 1 ? 32 : null;
  if (cls === null) throw new CrashAutofixError('bad-input', `${file} has an ELF header with an unknown class (${head[4]}); it is damaged`);
  const le = head[5] !== 2;
  const u16 = (o: number): number => (le ? head.readUInt16LE(o) : head.readUInt16BE(o));
  const type = u16(16);
  if (type !== ET_CORE) {
    const what = type === ET_EXEC || type === ET_DYN ? 'an executable or shared library' : `an ELF file of type ${type}`;
    throw new CrashAutofixError('bad-input', `${file} is ${what}, not a core dump; pass the core file as 'dump' and the program as 'executable'`);
  }
  if (cls === 64 && bytesRead < 64) throw truncated(file, 'the ELF64 header', 64, size);
  const phoff = cls === 64 ? Number(le ? head.readBigUInt64LE(32) : head.readBigUInt64BE(32)) : le ? head.readUInt32LE(28) : head.readUInt32BE(28);
  const phentsize = u16(cls === 64 ? 54 : 42);
  const phnum = u16(cls === 64 ? 56 : 44);
  // Elf64_Phdr is 56 bytes and Elf32_Phdr 32; the offset and size fields are read from each entry.
  const minEntry = cls === 64 ? 56 : 32;
  if (phnum > 0 && (phentsize < minEntry || phentsize > MAX_PHENTSIZE)) {
    throw new CrashAutofixError(
      'bad-input',
      `${file} is a damaged core dump: its program headers are ${phentsize} bytes each, but an ELF${cls} program header is ${minEntry}; copy the core again or pass another one`,
    );
  }
  const tableEnd = phoff + phentsize * phnum;
  if (tableEnd > size) throw truncated(file, 'the program header table', tableEnd, size);
  const table = Buffer.alloc(phentsize * phnum);
  await handle.read(table, 0, table.length, phoff);
  let required = tableEnd;
  for (let i = 0; i < phnum; i++) {
    const base = i * phentsize;
    const offset = cls === 64 ? Number(le ? table.readBigUInt64LE(base + 8) : table.readBigUInt64BE(base + 8)) : le ? table.readUInt32LE(base + 4) : table.readUInt32BE(base + 4);
    const filesz = cls === 64 ? Number(le ? table.readBigUInt64LE(base + 32) : table.readBigUInt64BE(base + 32)) : le ? table.readUInt32LE(base + 16) : table.readUInt32BE(base + 16);
    required = Math.max(required, offset + filesz);
  }
  if (required > size) throw truncated(file, 'its memory segments', required, size);
  return { class: cls, littleEndian: le, machine: u16(18), programHeaders: phnum, requiredSize: required };
}

function truncated(file: string, what: string, need: number, have: number): CrashAutofixError {
  return new CrashAutofixError('bad-input', `${file} is a truncated core dump: ${what} needs ${need} bytes but the file has ${have}; copy the complete core (check the disk space and 'ulimit -c' where it was written)`);
}
