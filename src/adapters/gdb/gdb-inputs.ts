import { identifyDump } from '../dump-file/identify-dump.js';
import { isElf } from '../elf/elf-core.js';
import { CrashAutofixError } from '../../base/errors.js';
import { asFileError, type FileRole } from '../../base/fs/fs-error.js';
import { openRegularFile } from '../../base/fs/read-text-file.js';
import { readCoreProgram, readExecutableBuildId } from '../elf/elf-build-id.js';

export interface InputCheck {
  /** True when build ids proved the executable is the one that wrote the core. */
  buildIdsMatch: boolean;
}

/**
 * Checks the core and the executable before gdb sees them, so bad input gets
 * a precise message instead of gdb's partial backtrace of the wrong program.
 */
export async function checkGdbInputs(corePath: string, executablePath: string): Promise<InputCheck> {
  const kind = await identifyDump(corePath);
  if (kind === 'minidump') {
    throw new CrashAutofixError('bad-input', `${corePath} is a Windows minidump, not an ELF core dump; analyse it with cdb ('debugger: cdb') or pass a Linux core file`);
  }
  await checkExecutable(executablePath);
  const [program, exeId] = await Promise.all([readCoreProgram(corePath).catch(() => null), readExecutableBuildId(executablePath).catch(() => null)]);
  if (!program?.buildId || !exeId) return { buildIdsMatch: false };
  if (program.buildId !== exeId) {
    throw new CrashAutofixError(
      'bad-input',
      `Executable ${executablePath} does not match core ${corePath}: the core was written by ${program.path} with build id ${program.buildId}, this file has build id ${exeId}; pass the exact binary (or its debug file) from the build that crashed`,
    );
  }
  return { buildIdsMatch: true };
}

const EXECUTABLE_ROLE: FileRole = {
  what: 'Executable',
  kind: 'bad-input',
  fix: "pass the program that wrote the core (built with debug info) as 'executable'",
  folderFix: "pass the program binary itself as 'executable'",
};

async function checkExecutable(file: string): Promise<void> {
  const { handle } = await openRegularFile(file, EXECUTABLE_ROLE);
  try {
    const head = Buffer.alloc(18);
    const { bytesRead } = await handle.read(head, 0, head.length, 0).catch((e: unknown) => {
      throw asFileError(file, EXECUTABLE_ROLE, e);
    });
    if (bytesRead < 18 || !isElf(head)) {
      throw new CrashAutofixError('bad-input', `Executable ${file} is not an ELF program; pass the Linux binary that wrote the core as 'executable'`);
    }
    const type = head[5] === 2 ? head.readUInt16BE(16) : head.readUInt16LE(16);
    if (type === 4) {
      throw new CrashAutofixError('bad-input', `Executable ${file} is a core dump, not a program; pass the core as 'dump' and the binary as 'executable'`);
    }
  } finally {
    await handle.close();
  }
}
