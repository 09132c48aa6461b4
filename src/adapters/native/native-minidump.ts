import path from 'node:path';
import { crashingThread, type RawCrash } from '../../domain/raw-crash.js';
import { preTriageMinidump } from '../minidump/minidump-pre-triage.js';
import { minidumpToRawCrash } from '../minidump/minidump-to-raw-crash.js';
import type { MinidumpModule } from '../minidump/minidump-types.js';
import { readMinidump } from '../minidump/read-minidump.js';
import type { NativeReadOptions } from './native-read-options.js';
import { symbolizeStacks } from './symbolize-frames.js';

/** The options of readMinidumpNatively; module files are matched by file name (PE files carry no GNU build id). */
export type NativeMinidumpOptions = NativeReadOptions;

/**
 * A minidump read without a debugger, as far as it goes: the dump's threads,
 * modules and exception; the crashing thread walked (x64 unwind data from the
 * module files at hand, else frame pointers and a stack scan); and, with
 * llvm-symbolizer and the module files, functions, files and lines from their
 * DWARF or PDB, inlined frames included.
 */
export async function readMinidumpNatively(file: string, options: NativeMinidumpOptions): Promise<RawCrash> {
  const byName = new Map(options.moduleFiles.map((f) => [path.basename(f).toLowerCase(), f]));
  const lookup = (module: MinidumpModule): string | null => byName.get(windowsBaseName(module.path).toLowerCase()) ?? null;
  const raw = minidumpToRawCrash(await readMinidump(file));
  const walked = await preTriageMinidump(file, { moduleFile: lookup });
  const files = new Map(walked.modules.map((m) => [m.name, byName.get(windowsBaseName(m.path).toLowerCase()) ?? null]));
  const [frames = []] = await symbolizeStacks([walked.frames], (m) => files.get(m) ?? null, options.symbolize);
  const thread = crashingThread(raw);
  return thread ? { ...raw, threads: raw.threads.map((t) => (t === thread ? { ...t, frames } : t)) } : raw;
}

/** `C:\srv\worldserver.exe` or `Z:\tmp\x.dll` (Wine) → the file name. */
function windowsBaseName(p: string): string {
  return p.split(/[\\/]/).pop() ?? p;
}
