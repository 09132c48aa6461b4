import { open } from 'node:fs/promises';
import path from 'node:path';
import { CrashAutofixError } from '../base/errors.js';
import type { ExtractedFile } from './extract-archive.js';

export type DumpFileKind = 'minidump' | 'elf-core';

/** A minidump starts `MDMP`; an ELF core is an ELF file of type ET_CORE (4). Anything else is not a dump. */
export async function dumpFileKind(file: string): Promise<DumpFileKind | null> {
  const handle = await open(file, 'r');
  try {
    const head = Buffer.alloc(20);
    const { bytesRead } = await handle.read(head, 0, 20, 0);
    if (bytesRead >= 4 && head.toString('latin1', 0, 4) === 'MDMP') return 'minidump';
    if (bytesRead >= 18 && head[0] === 0x7f && head.toString('latin1', 1, 4) === 'ELF') {
      const type = head[5] === 2 ? head.readUInt16BE(16) : head.readUInt16LE(16);
      return type === 4 ? 'elf-core' : null;
    }
    return null;
  } finally {
    await handle.close();
  }
}

/** The one dump among an archive's files; the others (executable, symbols) come along as symbols. */
export async function pickDump(files: readonly ExtractedFile[], archive: string): Promise<ExtractedFile> {
  const dumps: ExtractedFile[] = [];
  for (const f of files) if ((await dumpFileKind(f.file)) !== null) dumps.push(f);
  if (dumps.length === 1 && dumps[0]) return dumps[0];
  if (dumps.length === 0) {
    const names = files.slice(0, 5).map((f) => path.basename(f.file)).join(', ');
    throw new CrashAutofixError('bad-input', `${archive} holds no minidump or core file (${files.length} files: ${names}${files.length > 5 ? ', …' : ''}); send the archive the crash reporter wrote`);
  }
  throw new CrashAutofixError('bad-input', `${archive} holds ${dumps.length} dumps (${dumps.map((d) => d.entry).slice(0, 5).join(', ')}); one job takes one dump, so send them one per archive, or scan the folder`);
}
