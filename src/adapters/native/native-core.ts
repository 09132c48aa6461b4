import path from 'node:path';
import type { NativeFrame, NativeModule } from '../../domain/pre-triage.js';
import type { RawCrash, RawFrame, RawModule, RawThread } from '../../domain/raw-crash.js';
import { readCoreProcess } from '../elf/elf-core-process.js';
import { preTriageElfCore } from '../elf/elf-pre-triage.js';
import { CoreModuleFiles } from './core-module-files.js';
import { gdbStyleName } from './gdb-style-name.js';
import type { NativeReadOptions } from './native-read-options.js';
import { symbolizeStacks } from './symbolize-frames.js';

export type NativeCoreOptions = NativeReadOptions;

/** pr_psargs holds 80 bytes with its NUL: a longer command line is cut at 79. */
const PSARGS_MAX = 79;

/**
 * A Linux core read without gdb, shaped as gdb's RawCrash for the same core:
 * the signal, every thread by LWP (the crashing one first, walked; the others
 * at their instruction pointer), the mapped modules, the process and its
 * command line; with llvm-symbolizer and the module files (given, or the ones
 * the core recorded when they are here with the same build id), functions,
 * files and lines, inlined frames included. Throws a one-line `bad-input`
 * error for a file that is not a usable core.
 */
export async function readElfCoreNatively(file: string, options: NativeCoreOptions): Promise<RawCrash> {
  const files = new CoreModuleFiles(options.moduleFiles, options.warn ?? (() => {}));
  const walked = await preTriageElfCore(file, { moduleFile: (m) => files.fileFor(m) });
  const facts = await readCoreProcess(file);
  const others = facts.threads.filter((t) => t.id !== walked.crashingThreadId);
  const stacks = [walked.frames, ...others.map((t) => (t.pc === null ? [] : [frameAt(t.pc, walked.modules)]))];
  const used = new Set(stacks.flat().map((f) => f.module));
  const resolved = new Map<string, string | null>();
  for (const m of walked.modules) if (used.has(m.name)) resolved.set(m.name, await files.fileFor(m));
  const named = await symbolizeStacks(stacks, (m) => resolved.get(m) ?? null, options.symbolize);
  const [crashing = [], ...rest] = named.map((frames) => frames.map(asGdbNames));
  const frames = new Map(others.map((t, i) => [t.id, rest[i] ?? []]));
  const threads: RawThread[] = facts.threads.map((t) => ({ id: t.id, name: null, frames: t.id === walked.crashingThreadId ? crashing : (frames.get(t.id) ?? []) }));
  if (!threads.some((t) => t.id === walked.crashingThreadId)) threads.unshift({ id: walked.crashingThreadId, name: null, frames: crashing });
  const commandLine = facts.process?.commandLine || null;
  return {
    // No debugger: the core's own notes, the stack walk and llvm-symbolizer.
    debugger: { name: 'native', version: null },
    exception: walked.exception,
    crashingThreadId: walked.crashingThreadId,
    threads,
    modules: walked.modules.map(toModule),
    process: { name: processName(commandLine, walked.modules[0]?.path ?? null), pid: facts.process?.pid ?? null, commandLine },
    analysis: null,
  };
}

/** Functions named as gdb names them, so reports from both paths read alike. */
function asGdbNames(f: RawFrame): RawFrame {
  return f.function === null ? f : { ...f, function: gdbStyleName(f.function) };
}

function frameAt(pc: bigint, modules: readonly NativeModule[]): NativeFrame {
  const m = modules.find((x) => BigInt(x.base) <= pc && pc < BigInt(x.base) + BigInt(x.size));
  return { address: `0x${pc.toString(16)}`, module: m?.name ?? null, offset: m ? Number(pc - BigInt(m.base)) : null, trust: 'context' };
}

function toModule(m: NativeModule): RawModule {
  return { name: m.name, path: m.path, base: m.base, end: `0x${(BigInt(m.base) + BigInt(m.size)).toString(16)}`, version: null };
}

/** As gdb names the process: the command's file name, unless the kernel cut the command mid-name; then the program's. */
function processName(commandLine: string | null, program: string | null): string | null {
  const first = commandLine?.split(/\s+/)[0];
  const cut = commandLine !== null && commandLine === first && commandLine.length >= PSARGS_MAX;
  if (first && !cut) return path.posix.basename(first);
  return program ? path.posix.basename(program) : null;
}
