import path from 'node:path';
import type { NativeFrame, PreTriage } from '../../domain/pre-triage.js';
import { crashingThread, type RawCrash, type RawFrame } from '../../domain/raw-crash.js';
import { preTriageMinidump } from '../minidump/minidump-pre-triage.js';
import { minidumpToRawCrash } from '../minidump/minidump-to-raw-crash.js';
import type { MinidumpModule } from '../minidump/minidump-types.js';
import { readMinidump } from '../minidump/read-minidump.js';
import { readPeIdentity } from '../pe/pe-identity.js';
import type { SourceLocation, SymbolRequest } from '../symbolizer/llvm-symbolizer.js';

export interface NativeMinidumpOptions {
  /** Module files on this machine (the crashed program, its DLLs), matched to the dump's modules by file name. */
  moduleFiles: readonly string[];
  /** llvm-symbolizer, when installed; without it the frames keep module and offset only. */
  symbolize: ((requests: readonly SymbolRequest[]) => Promise<SourceLocation[][]>) | null;
}

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
  const frames = await symbolizeFrames(walked, files, options.symbolize);
  const thread = crashingThread(raw);
  return thread ? { ...raw, threads: raw.threads.map((t) => (t === thread ? { ...t, frames } : t)) } : raw;
}

/** Each walked frame, and the inlined frames at its address (innermost first) when symbols are at hand. */
async function symbolizeFrames(walked: PreTriage, files: Map<string, string | null>, symbolize: NativeMinidumpOptions['symbolize']): Promise<RawFrame[]> {
  const requests: SymbolRequest[] = [];
  const asked: number[] = [];
  walked.frames.forEach((f, i) => {
    const module = f.module === null ? null : (files.get(f.module) ?? null);
    if (module === null || f.offset === null || symbolize === null) return;
    // A caller's address is its return address: the call itself is one byte before.
    requests.push({ module, offset: BigInt(f.offset - (i > 0 ? 1 : 0)) });
    asked.push(i);
  });
  const answers = requests.length > 0 && symbolize ? await symbolize(requests) : [];
  const located = new Map(asked.map((frameIndex, k) => [frameIndex, answers[k] ?? []]));
  const out: RawFrame[] = [];
  walked.frames.forEach((f, i) => {
    const locations = located.get(i) ?? [];
    if (locations.length === 0) {
      out.push(plain(f, out.length));
      return;
    }
    locations.forEach((l, k) => {
      out.push({ index: out.length, address: f.address, module: f.module, function: l.function, file: l.file, line: l.line, inline: k < locations.length - 1 });
    });
  });
  return out;
}

function plain(f: NativeFrame, index: number): RawFrame {
  return { index, address: f.address, module: f.module, function: null, file: null, line: null, inline: false };
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
