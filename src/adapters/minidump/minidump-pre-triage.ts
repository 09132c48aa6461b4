import { asFileError } from '../../base/fs/fs-error.js';
import { openRegularFile } from '../../base/fs/read-text-file.js';
import type { NativeFrame, NativeModule, PreTriage, WalkEnd } from '../../domain/pre-triage.js';
import { CodeMap } from '../stack-walk/code-map.js';
import { DEFAULT_MAX_FRAMES, walkStack, type WalkPolicy } from '../stack-walk/walk-stack.js';
import { SP, lookupAddress, registers, type WalkEnv, type WalkedFrame } from '../stack-walk/walk-types.js';
import { fileSource, memorySource, type ByteSource } from './byte-source.js';
import { contextRegisters } from './cpu-context.js';
import { DumpReader } from './dump-reader.js';
import { describeException, hex } from './exception-naming.js';
import { noExceptionRecord } from './minidump-errors.js';
import { threadStack } from './minidump-stack.js';
import type { Minidump, MinidumpModule } from './minidump-types.js';
import { moduleNamer } from './module-naming.js';
import { PeUnwindTables, type ModuleFileLookup } from './pe-unwind-tables.js';
import { MINIDUMP_ROLE, parseMinidump } from './read-minidump.js';
import { isWindows } from './system-info.js';

export interface MinidumpPreTriageOptions {
  /** A module's PE file on this machine; with it, x64 frames are walked by its unwind data instead of a scan. */
  moduleFile?: ModuleFileLookup;
  maxFrames?: number;
}

/**
 * Pre-triage of a minidump without a debugger: the exception, the faulting
 * module and offset, and a walk of the crashing thread's stack from the
 * exception context. Throws a one-line `bad-input` error for a file that is
 * not a readable minidump or holds no exception.
 */
export async function preTriageMinidump(file: string, options: MinidumpPreTriageOptions = {}): Promise<PreTriage> {
  const { handle, size } = await openRegularFile(file, MINIDUMP_ROLE);
  try {
    return await preTriageMinidumpSource(fileSource(handle, size), file, options);
  } catch (e) {
    throw asFileError(file, MINIDUMP_ROLE, e);
  } finally {
    await handle.close();
  }
}

/** The same from bytes in memory or any random-access source; `file` names it in errors. */
export async function preTriageMinidumpSource(input: Uint8Array | ByteSource, file: string, options: MinidumpPreTriageOptions = {}): Promise<PreTriage> {
  const source = input instanceof Uint8Array ? memorySource(input) : input;
  const md = await parseMinidump(source, file);
  const { exception, crash } = md;
  if (!exception || !crash) throw noExceptionRecord(file);
  const reader = new DumpReader(source, file);
  const name = moduleNamer(md);
  const code = new CodeMap(md.modules.map((m, index) => ({ start: m.base, end: m.end, index })));
  const notes: string[] = [];
  const context = await contextRegisters(reader, 'the exception context', exception.context, md.systemInfo?.cpu ?? null);
  const base = {
    format: 'minidump' as const,
    cpu: context?.cpu ?? md.systemInfo?.cpu ?? 'unknown',
    exception: describeException(md, exception),
    crashingThreadId: String(exception.threadId),
    faultingModule: crash.module ? name(crash.module) : null,
    faultingOffset: crash.moduleOffset === null ? null : Number(crash.moduleOffset),
    modules: md.modules.map((m): NativeModule => ({ name: name(m), path: m.path, base: hex(m.base), size: m.size, buildId: buildIdOf(m) })),
  };
  const toFrame = (f: WalkedFrame): NativeFrame => {
    const index = code.moduleAt(lookupAddress(f));
    const m = index === null ? undefined : md.modules[index];
    return { address: hex(f.regs.pc), module: m ? name(m) : null, offset: m ? Number(f.regs.pc - m.base) : null, trust: f.trust };
  };
  const only = (end: WalkEnd): PreTriage => {
    const pc = crash.instructionPointer;
    return { ...base, frames: pc === null ? [] : [toFrame({ regs: registers(pc, {}), trust: 'context' })], walk: { end, notes } };
  };
  if (!context) return only('unsupported-cpu');
  const wordSize = context.cpu === 'amd64' ? 8 : 4;
  const sp = context.gpr[SP] ?? 0n;
  const memory = await threadStack(reader, md, md.threads.find((t) => t.id === exception.threadId), sp, wordSize);
  if (memory.bytes.length === 0) return only('no-stack-memory');
  const unwind = options.moduleFile && context.cpu === 'amd64' ? new PeUnwindTables(md.modules, options.moduleFile, notes) : null;
  try {
    const env: WalkEnv = { memory, code, wordSize, moduleBase: (i) => md.modules[i]?.base ?? 0n, unwind };
    const start: WalkedFrame = { regs: { pc: context.pc, gpr: [...context.gpr] }, trust: 'context' };
    const walk = await walkStack(start, env, policyOf(md, context.cpu), options.maxFrames ?? DEFAULT_MAX_FRAMES);
    return { ...base, frames: walk.frames.map(toFrame), walk: { end: walk.end, notes } };
  } finally {
    await unwind?.close();
  }
}

function policyOf(md: Minidump, cpu: 'x86' | 'amd64'): WalkPolicy {
  if (cpu === 'x86') return 'x86';
  const windows = md.systemInfo ? isWindows(md.systemInfo.platform) : (md.exception?.code ?? 0) > 0xffff;
  return windows ? 'amd64-windows' : 'amd64-posix';
}

/** GNU build id, PDB GUID and age, or the PE's TimeDateStamp and SizeOfImage as symbol stores file executables. */
function buildIdOf(m: MinidumpModule): string | null {
  if (m.codeView?.format === 'elf') return m.codeView.buildId;
  if (m.debugId) return m.debugId;
  if (m.timeDateStamp !== 0 && m.size !== 0) return `${m.timeDateStamp.toString(16).toUpperCase().padStart(8, '0')}${m.size.toString(16)}`;
  return null;
}
