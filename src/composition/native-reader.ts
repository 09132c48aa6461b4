import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { identifyDump, type DumpKind } from '../adapters/dump-file/identify-dump.js';
import type { ProcessRunner } from '../adapters/exec/process-runner.js';
import { readElfCoreNatively } from '../adapters/native/native-core.js';
import { readMinidumpNatively } from '../adapters/native/native-minidump.js';
import type { NativeReadOptions } from '../adapters/native/native-read-options.js';
import { LlvmSymbolizer } from '../adapters/symbolizer/llvm-symbolizer.js';
import { cachedSymbolize } from '../adapters/symbolizer/symbol-cache.js';
import { CrashAutofixError } from '../base/errors.js';
import { once } from '../base/once.js';
import type { RawCrash } from '../domain/raw-crash.js';
import type { DebugRequest } from '../stages/parse-dump.js';

export { readDumpNatively } from '../adapters/native/read-dump-natively.js';
export type { NativeReadOptions } from '../adapters/native/native-read-options.js';

/** Module files looked for in each `symbols` folder and the one below it; a share of builds is not walked whole here. */
const MAX_MODULE_FILES = 500;

/** What a native read needs: the dump, the program and the folders of module files. */
export type NativeDumpRequest = Pick<DebugRequest, 'dumpPath' | 'executable' | 'symbols'>;
export type NativeDumpReader = (request: NativeDumpRequest, warn: (message: string) => void) => Promise<RawCrash>;

/**
 * The dump reader without a debugger, for minidumps and ELF cores alike: the
 * native walk, with llvm-symbolizer when it is installed (created once, on
 * first use) and the module files from `executable` and the `symbols`
 * folders. A core also symbolises the libraries it recorded when they are on
 * this machine with the same build id, so it asks for the symbolizer even
 * without module files.
 */
export function nativeDumpReader(runner: ProcessRunner, symbolizerPath = 'llvm-symbolizer'): NativeDumpReader {
  const symbolizer = symbolizerOnce(runner, symbolizerPath);
  // A scan reads many dumps with the same folders: they are listed once per reader.
  const listed = new Map<string, Promise<string[]>>();
  const filesIn = (folders: readonly string[], kind: DumpKind): Promise<string[]> => {
    const key = `${kind}\0${folders.join('\0')}`;
    let files = listed.get(key);
    if (!files) listed.set(key, (files = moduleFilesIn(folders, kind)));
    return files;
  };
  return async (request, warn) => {
    const kind = await identifyDump(request.dumpPath);
    const moduleFiles = [...(request.executable ? [request.executable] : []), ...(await filesIn(request.symbols, kind))];
    const symbolize = kind === 'elf-core' || moduleFiles.length > 0 ? await symbolizer(warn) : null;
    const options = { moduleFiles, symbolize, warn };
    return kind === 'elf-core' ? readElfCoreNatively(request.dumpPath, options) : readMinidumpNatively(request.dumpPath, options);
  };
}

/** The minidump reader for runners without cdb (the pipeline's fallback): nativeDumpReader, which reads minidumps as it always did. */
export function nativeMinidumpReader(runner: ProcessRunner, symbolizerPath = 'llvm-symbolizer'): (request: DebugRequest, warn: (message: string) => void) => Promise<RawCrash> {
  return nativeDumpReader(runner, symbolizerPath);
}

/** llvm-symbolizer created once; when it is missing, null, and each read warns that its stack has modules and offsets only. */
function symbolizerOnce(runner: ProcessRunner, symbolizerPath: string): (warn: (message: string) => void) => Promise<NativeReadOptions['symbolize']> {
  let missing: string | null = null;
  const tool = once(async () => {
    try {
      return await LlvmSymbolizer.create(runner, symbolizerPath);
    } catch (e) {
      if (!(e instanceof CrashAutofixError) || e.kind !== 'tool-missing') throw e;
      missing = `${e.message}; the stack has modules and offsets only`;
      return null;
    }
  });
  // The dumps of one bug ask for the same addresses: llvm-symbolizer is started once for them.
  const cached = cachedSymbolize(async (requests) => {
    const found = await tool();
    return found ? found.symbolize(requests) : requests.map(() => []);
  });
  return async (warn) => {
    const found = await tool();
    if (missing !== null) warn(missing);
    return found ? cached : null;
  };
}

/** Program files in each folder and the one below it: `.exe`/`.dll` for a minidump; for a core any file (the names decide). */
async function moduleFilesIn(folders: readonly string[], kind: DumpKind): Promise<string[]> {
  const wanted = kind === 'minidump' ? (name: string) => /\.(exe|dll)$/i.test(name) : (name: string) => !/\.(exe|dll|pdb|dmp)$/i.test(name);
  const out: string[] = [];
  const visit = async (dir: string, depth: number): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
    for (const e of entries) {
      if (out.length >= MAX_MODULE_FILES) return;
      const full = path.join(dir, e.name);
      if (e.isFile() && wanted(e.name)) out.push(full);
      else if (e.isDirectory() && depth < 1 && !e.name.startsWith('.')) await visit(full, depth + 1);
    }
  };
  for (const folder of folders) await visit(folder, 0);
  return out;
}
