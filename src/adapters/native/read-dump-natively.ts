import type { RawCrash } from '../../domain/raw-crash.js';
import { identifyDump } from '../dump-file/identify-dump.js';
import { readElfCoreNatively } from './native-core.js';
import { readMinidumpNatively } from './native-minidump.js';
import type { NativeReadOptions } from './native-read-options.js';

/**
 * A minidump or an ELF core read without a debugger, whichever the file is.
 * Throws a one-line `bad-input` error for a file that is neither.
 */
export async function readDumpNatively(file: string, options: NativeReadOptions): Promise<RawCrash> {
  const kind = await identifyDump(file);
  return kind === 'elf-core' ? readElfCoreNatively(file, options) : readMinidumpNatively(file, options);
}
