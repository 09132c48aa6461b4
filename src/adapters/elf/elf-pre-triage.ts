import type { FileHandle } from 'node:fs/promises';
import { CrashAutofixError } from '../../base/errors.js';
import { asFileError, type FileRole } from '../../base/fs/fs-error.js';
import { openRegularFile } from '../../base/fs/read-text-file.js';
import { FAULT_SIGNALS, describeSiginfo, signalByNumber } from '../../domain/exceptions/linux-signals.js';
import type { NativeFrame, NativeModule, PreTriage } from '../../domain/pre-triage.js';
import type { RawException } from '../../domain/raw-crash.js';
import { CodeMap, type ModuleRange } from '../stack-walk/code-map.js';
import { StackMemory, stackWindow } from '../stack-walk/stack-memory.js';
import { DEFAULT_MAX_FRAMES, walkStack } from '../stack-walk/walk-stack.js';
import { BP, SP, lookupAddress, type WalkEnv, type WalkedFrame } from '../stack-walk/walk-types.js';
import { EM_386, EM_X86_64, readCoreImage, type CoreImage, type CoreThread } from './elf-core-image.js';
import { inspectElfCore } from './elf-core.js';
import { moduleCode, type CoreModuleFileLookup } from './elf-module-code.js';
import { PF_X, buildIdFromImage, readAt } from './elf-structures.js';

export interface CorePreTriageOptions {
  /**
   * A module's file on this machine; default: the path the core recorded. Its
   * code, when its build id is the core's, tells return addresses from other
   * words on the stack.
   */
  moduleFile?: CoreModuleFileLookup;
  maxFrames?: number;
}

const CORE_ROLE: FileRole = { what: 'Dump', kind: 'bad-input', fix: "check the 'dump' path", folderFix: 'pass the core file itself' };
/** The build-id note sits in the first page of an ELF file; two pages allow for large program header tables. */
const HEAD_BYTES = 8192;

interface CoreModule extends NativeModule {
  start: bigint;
  end: bigint;
}

const hex = (v: bigint): string => `0x${v.toString(16)}`;

/**
 * Pre-triage of a Linux core without a debugger: the signal from NT_SIGINFO,
 * the crashing thread's registers from its NT_PRSTATUS (the first the core
 * lists, as gdb takes it), the mapped files from NT_FILE with the build ids
 * their dumped first pages hold, and a walk of the stack the core's segments
 * hold. Throws a one-line `bad-input` error for a file that is not a usable core.
 */
export async function preTriageElfCore(file: string, options: CorePreTriageOptions = {}): Promise<PreTriage> {
  const { handle, size } = await openRegularFile(file, CORE_ROLE);
  try {
    await inspectElfCore(handle, file, size);
    const image = await readCoreImage(handle);
    const thread = image?.threads[0];
    if (!image || !thread) {
      throw new CrashAutofixError('bad-input', `${file} is a core dump without a thread status note (NT_PRSTATUS); it is damaged or was not written at a crash, copy the core again or pass another one`);
    }
    return await triage(handle, image, thread, options);
  } catch (e) {
    throw asFileError(file, CORE_ROLE, e);
  } finally {
    await handle.close();
  }
}

async function triage(handle: FileHandle, image: CoreImage, thread: CoreThread, options: CorePreTriageOptions): Promise<PreTriage> {
  const modules = await coreModules(handle, image);
  const code = new CodeMap(
    modules.map((m, index) => ({ start: m.start, end: m.end, index })),
    executableRanges(image, modules),
  );
  const toFrame = (f: WalkedFrame): NativeFrame => {
    const index = code.moduleAt(lookupAddress(f));
    const m = index === null ? undefined : modules[index];
    return { address: hex(f.regs.pc), module: m?.name ?? null, offset: m ? Number(f.regs.pc - m.start) : null, trust: f.trust };
  };
  const machine = image.layout.machine;
  const regs = thread.registers;
  const faulting = regs ? code.moduleAt(regs.pc) : null;
  const base = {
    format: 'elf-core' as const,
    cpu: machine === EM_X86_64 ? 'amd64' : machine === EM_386 ? 'x86' : `elf-machine-${machine}`,
    exception: exceptionOf(image, thread),
    crashingThreadId: String(thread.tid),
    faultingModule: faulting === null ? null : (modules[faulting]?.name ?? null),
    faultingOffset: faulting === null || !regs ? null : Number(regs.pc - (modules[faulting]?.start ?? 0n)),
    modules: modules.map(({ start: _s, end: _e, ...m }) => m),
  };
  if (!regs) return { ...base, frames: [], walk: { end: 'unsupported-cpu', notes: [] } };
  const context: WalkedFrame = { regs: { pc: regs.pc, gpr: [...regs.gpr] }, trust: 'context' };
  const wordSize = machine === EM_X86_64 ? 8 : 4;
  const memory = await stackOf(handle, image, regs.gpr[SP] ?? 0n, regs.gpr[BP] ?? 0n, wordSize);
  if (memory.bytes.length === 0) return { ...base, frames: [toFrame(context)], walk: { end: 'no-stack-memory', notes: [] } };
  const files = await moduleCode(memory, regs.gpr[SP] ?? 0n, code, image.files, modules, options.moduleFile ?? ((m) => m.path));
  const env: WalkEnv = {
    memory,
    code,
    wordSize,
    moduleBase: (i) => modules[i]?.start ?? 0n,
    unwind: null,
    codeBefore: (a, n) => files.codeBefore(a, n),
    functionStart: (a) => files.functionStart(a),
  };
  const walk = await walkStack(context, env, wordSize === 8 ? 'amd64-core' : 'x86', options.maxFrames ?? DEFAULT_MAX_FRAMES);
  return { ...base, frames: walk.frames.map(toFrame), walk: { end: walk.end, notes: [] } };
}

/** The signal as gdb reports it: NT_SIGINFO when the core has it, else the thread's pr_cursig. */
function exceptionOf(image: CoreImage, thread: CoreThread): RawException {
  const info = image.signal;
  const signal = signalByNumber(info?.signo ?? thread.signal);
  // A fault signal the kernel raised (si_code > 0) carries the faulting address; one sent by kill() does not.
  const address = info && FAULT_SIGNALS.has(signal.code) && info.code > 0 ? hex(info.address) : null;
  return { ...signal, address, description: describeSiginfo(signal.code, info?.code ?? null, address) };
}

/** One module per mapped file, in the order NT_FILE lists them; based where its first page (file offset 0) is mapped. */
async function coreModules(handle: FileHandle, image: CoreImage): Promise<CoreModule[]> {
  const byPath = new Map<string, CoreModule>();
  for (const f of image.files) {
    if (f.end <= f.start) continue;
    const known = byPath.get(f.path);
    if (!known) {
      byPath.set(f.path, { name: f.path.slice(f.path.lastIndexOf('/') + 1), path: f.path, base: hex(f.start), size: 0, buildId: null, start: f.start, end: f.end });
      continue;
    }
    if (f.page === 0n && f.start < known.start) known.start = f.start;
    if (f.end > known.end) known.end = f.end;
  }
  const modules = [...byPath.values()];
  for (const m of modules) {
    m.base = hex(m.start);
    m.size = Number(m.end - m.start);
    const seg = image.segments.find((s) => s.vaddr <= m.start && m.start < s.vaddr + BigInt(s.filesz));
    if (seg) m.buildId = buildIdFromImage(await readAt(handle, seg.offset + Number(m.start - seg.vaddr), HEAD_BYTES));
  }
  return modules;
}

/** The mapped-file ranges the core's segments mark executable: only those hold return addresses. */
function executableRanges(image: CoreImage, modules: readonly CoreModule[]): ModuleRange[] {
  const index = new Map(modules.map((m, i) => [m.path, i]));
  const out: ModuleRange[] = [];
  for (const f of image.files) {
    const i = index.get(f.path);
    const seg = image.segments.find((s) => s.vaddr <= f.start && f.start < s.vaddr + s.memsz);
    if (i !== undefined && seg && (seg.flags & PF_X) !== 0) out.push({ start: f.start, end: f.end, index: i });
  }
  return out;
}

/** The dumped segment holding sp (or bp, when sp ran off the stack's end in an overflow), read around sp. */
async function stackOf(handle: FileHandle, image: CoreImage, sp: bigint, bp: bigint, wordSize: 4 | 8): Promise<StackMemory> {
  const holds = (a: bigint) => image.segments.find((s) => s.filesz > 0 && s.vaddr <= a && a < s.vaddr + BigInt(s.filesz));
  const seg = holds(sp) ?? holds(bp);
  if (!seg) return StackMemory.empty(wordSize);
  const window = stackWindow(seg.vaddr, seg.vaddr + BigInt(seg.filesz), sp);
  const bytes = await readAt(handle, seg.offset + Number(window.start - seg.vaddr), Number(window.end - window.start));
  return new StackMemory(window.start, bytes, wordSize);
}
