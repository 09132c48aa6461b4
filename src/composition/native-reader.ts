import { readdir } from 'node:fs/promises';
import path from 'node:path';
import type { ProcessRunner } from '../adapters/exec/process-runner.js';
import { readMinidumpNatively } from '../adapters/native/native-minidump.js';
import { LlvmSymbolizer } from '../adapters/symbolizer/llvm-symbolizer.js';
import { CrashAutofixError } from '../base/errors.js';
import { once } from '../base/once.js';
import type { RawCrash } from '../domain/raw-crash.js';
import type { DebugRequest } from '../stages/parse-dump.js';

/** Module files looked for in each `symbols` folder and the one below it; a share of builds is not walked whole here. */
const MAX_MODULE_FILES = 500;

/**
 * The minidump reader for runners without cdb: the native walk, with
 * llvm-symbolizer when it is installed (created once, on first use) and the
 * module files from `executable` and the `symbols` folders.
 */
export function nativeMinidumpReader(runner: ProcessRunner, symbolizerPath = 'llvm-symbolizer'): (request: DebugRequest, warn: (message: string) => void) => Promise<RawCrash> {
  let missing: string | null = null;
  const symbolizer = once(async () => {
    try {
      return await LlvmSymbolizer.create(runner, symbolizerPath);
    } catch (e) {
      if (!(e instanceof CrashAutofixError) || e.kind !== 'tool-missing') throw e;
      missing = `${e.message}; the stack has modules and offsets only`;
      return null;
    }
  });
  return async (request, warn) => {
    const moduleFiles = [...(request.executable ? [request.executable] : []), ...(await moduleFilesIn(request.symbols))];
    const tool = moduleFiles.length > 0 ? await symbolizer() : null;
    if (missing !== null) warn(missing);
    return readMinidumpNatively(request.dumpPath, { moduleFiles, symbolize: tool ? (requests) => tool.symbolize(requests) : null });
  };
}

async function moduleFilesIn(folders: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  const visit = async (dir: string, depth: number): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
    for (const e of entries) {
      if (out.length >= MAX_MODULE_FILES) return;
      const full = path.join(dir, e.name);
      if (e.isFile() && /\.(exe|dll)$/i.test(e.name)) out.push(full);
      else if (e.isDirectory() && depth < 1 && !e.name.startsWith('.')) await visit(full, depth + 1);
    }
  };
  for (const folder of folders) await visit(folder, 0);
  return out;
}
