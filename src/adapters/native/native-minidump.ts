import path from 'node:path';
import { crashingThread, type RawCrash } from '../../domain/raw-crash.js';
import { preTriageMinidump } from '../minidump/minidump-pre-triage.js';
import { minidumpToRawCrash } from '../minidump/minidump-to-raw-crash.js';
import type { MinidumpModule } from '../minidump/minidump-types.js';
import { readMinidump } from '../minidump/read-minidump.js';
import { readPeIdentity } from '../pe/pe-identity.js';
import type { NativeReadOptions } from './native-read-options.js';
import { symbolizeStacks } from './symbolize-frames.js';

/** The options of readMinidumpNatively; module files are matched by file name and PE header (TimeDateStamp, SizeOfImage). */
export type NativeMinidumpOptions = NativeReadOptions;

/**
 * A minidump read without a debugger, as far as it goes: the dump's threads,
 * modules and exception; the crashing thread walked (x64 unwind data from the
 * module files at hand, else frame pointers and a stack scan); and, with
 * llvm-symbolizer and the module files, functions, files and lines from their
 * DWARF or PDB, inlined frames included.
 */
export async function readMinidumpNatively(file: string, options: NativeMinidumpOptions): Promise<RawCrash> {
  const md = await readMinidump(file);
  const byPath = await matchModuleFiles(md.modules, options.moduleFiles);
  const lookup = (module: MinidumpModule): string | null => byPath.get(module.path) ?? null;
  const raw = minidumpToRawCrash(md);
  const walked = await preTriageMinidump(file, { moduleFile: lookup });
  const files = new Map(walked.modules.map((m) => [m.name, byPath.get(m.path) ?? null]));
  const [frames = []] = await symbolizeStacks([walked.frames], (m) => files.get(m) ?? null, options.symbolize);
  const thread = crashingThread(raw);
  return thread ? { ...raw, threads: raw.threads.map((t) => (t === thread ? { ...t, frames } : t)) } : raw;
}

/**
 * Each dump module's file among those at hand: the first of its name whose
 * PE header is the same build (TimeDateStamp and SizeOfImage), so a folder
 * holding several builds of one program gives each dump its own. A file of
 * the name that is another build is never used: its lines would be wrong.
 * One whose header cannot be read is used only when no file matches.
 */
async function matchModuleFiles(modules: readonly MinidumpModule[], files: readonly string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const m of modules) {
    const named = files.filter((f) => path.basename(f).toLowerCase() === windowsBaseName(m.path).toLowerCase());
    let unreadable: string | null = null;
    for (const f of named) {
      const id = await readPeIdentity(f).catch(() => null);
      if (id === null) unreadable ??= f;
      else if (id.timeDateStamp === m.timeDateStamp && id.sizeOfImage === m.size) {
        out.set(m.path, f);
        break;
      }
    }
    if (!out.has(m.path) && unreadable !== null) out.set(m.path, unreadable);
  }
  return out;
}

/** `C:\srv\worldserver.exe` or `Z:\tmp\x.dll` (Wine) → the file name. */
function windowsBaseName(p: string): string {
  return p.split(/[\\/]/).pop() ?? p;
}
