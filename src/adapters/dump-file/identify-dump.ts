import { CrashAutofixError } from '../../base/errors.js';
import { asFileError, type FileRole } from '../../base/fs/fs-error.js';
import { openRegularFile } from '../../base/fs/read-text-file.js';
import { inspectElfCore, isElf } from '../elf/elf-core.js';
import { readMinidump } from '../minidump/read-minidump.js';

export type DumpKind = 'elf-core' | 'minidump';

const DUMP_ROLE: FileRole = { what: 'Dump', kind: 'bad-input', fix: "check the 'dump' path", folderFix: 'pass the dump file itself' };

/** Looks at a file's first bytes and says which kind of dump it is, or why it is not one. */
export async function identifyDump(file: string): Promise<DumpKind> {
  const { handle, size } = await openRegularFile(file, DUMP_ROLE);
  try {
    if (size === 0) throw new CrashAutofixError('bad-input', `Dump ${file} is empty (0 bytes); the crash handler did not finish writing it`);
    const head = Buffer.alloc(64);
    const { bytesRead } = await handle.read(head, 0, 64, 0);
    const bytes = head.subarray(0, bytesRead);
    if (isElf(bytes)) {
      await inspectElfCore(handle, file, size);
      return 'elf-core';
    }
    if (bytes.subarray(0, 4).toString('latin1') === 'MDMP') {
      // Reads only the header, directory and lists: catches truncated dumps before cdb does.
      await readMinidump(file);
      return 'minidump';
    }
    if (bytes.subarray(0, 4).toString('latin1') === 'PAGE') {
      throw new CrashAutofixError('bad-input', `${file} is a Windows kernel memory dump; crash-autofix handles user-mode minidumps (.dmp from a process crash)`);
    }
    if (looksLikeText(bytes)) {
      throw new CrashAutofixError('bad-input', `${file} is a text file, not a dump; if it is saved debugger output, pass it as 'from-output' instead of 'dump'`);
    }
    throw new CrashAutofixError('bad-input', `${file} is neither an ELF core file nor a Windows minidump (it starts with bytes ${bytes.subarray(0, 8).toString('hex')}); pass the dump the crash produced`);
  } catch (e) {
    throw asFileError(file, DUMP_ROLE, e);
  } finally {
    await handle.close();
  }
}

function looksLikeText(bytes: Uint8Array): boolean {
  if (bytes.length === 0) return false;
  let printable = 0;
  for (const b of bytes) if (b === 9 || b === 10 || b === 13 || (b >= 32 && b < 127) || b >= 0xc2) printable++;
  return printable / bytes.length > 0.95;
}
