import type { FileHandle } from 'node:fs/promises';
import { MAX_NOTES, PT_LOAD, PT_NOTE, fileMappings, layout, notes, readAt, segments, type FileMapping, type Layout, type Segment } from './elf-structures.js';

const NT_PRSTATUS = 1;
const NT_PRPSINFO = 3;
const NT_SIGINFO = 0x53494749;
const NT_FILE = 0x46494c45;
export const EM_386 = 3;
export const EM_X86_64 = 62;

/** A thread's integer registers by x86 encoding number (rax 0 ... rdi 7, r8-r15), and its pc. */
export interface CoreRegisters {
  pc: bigint;
  gpr: bigint[];
}

export interface CoreThread {
  /** The kernel's thread id (LWP), as gdb names threads. */
  tid: number;
  /** pr_cursig: the signal being delivered. */
  signal: number;
  /** Null for machines other than x86 and x86-64. */
  registers: CoreRegisters | null;
}

export interface CoreSignal {
  signo: number;
  code: number;
  /** si_addr: the faulting address of SIGSEGV, SIGBUS, SIGFPE and SIGILL. */
  address: bigint;
}

export interface CoreImage {
  layout: Layout;
  segments: Segment[];
  /** In the order the core lists them: the thread that took the signal first. */
  threads: CoreThread[];
  signal: CoreSignal | null;
  files: FileMapping[];
  /** From NT_PRPSINFO: the process id and the first 79 bytes of its command line. */
  process: CoreProcess | null;
}

export interface CoreProcess {
  pid: number;
  /** pr_psargs: the arguments joined by spaces, cut at 79 bytes by the kernel. */
  commandLine: string;
}

/**
 * Where elf_prstatus keeps pr_pid and pr_reg, and where user_regs_struct
 * keeps each register: x86-64 r15, r14, r13, r12, rbp, rbx, r11, r10, r9,
 * r8, rax, rcx, rdx, rsi, rdi, orig_rax, rip, cs, eflags, rsp; i386 ebx,
 * ecx, edx, esi, edi, ebp, eax, ds, es, fs, gs, orig_eax, eip, cs, eflags, esp.
 */
const PRSTATUS = {
  [EM_X86_64]: { pid: 32, regs: 112, width: 8, pc: 16, gpr: [10, 11, 12, 5, 19, 4, 13, 14, 9, 8, 7, 6, 3, 2, 1, 0] },
  [EM_386]: { pid: 24, regs: 72, width: 4, pc: 12, gpr: [6, 1, 2, 0, 15, 5, 3, 4] },
} as const;

/** Reads a core's program headers and notes: threads, signal and mapped files. Damaged notes are skipped, not trusted. */
export async function readCoreImage(handle: FileHandle): Promise<CoreImage | null> {
  const l = layout(await readAt(handle, 0, 64));
  if (!l) return null;
  const segs = segments(await readAt(handle, l.phoff, l.phnum * l.phentsize), l);
  const image: CoreImage = { layout: l, segments: segs.filter((s) => s.type === PT_LOAD), threads: [], signal: null, files: [], process: null };
  for (const seg of segs) {
    if (seg.type !== PT_NOTE || seg.filesz > MAX_NOTES) continue;
    for (const n of notes(await readAt(handle, seg.offset, seg.filesz), l.le)) {
      if (n.name !== 'CORE') continue;
      if (n.type === NT_PRSTATUS) image.threads.push(prstatus(n.desc, l));
      else if (n.type === NT_SIGINFO && !image.signal) image.signal = siginfo(n.desc, l);
      else if (n.type === NT_FILE && image.files.length === 0) image.files = fileMappings(n.desc, l);
      else if (n.type === NT_PRPSINFO && !image.process) image.process = prpsinfo(n.desc, l);
    }
  }
  return image;
}

function prstatus(desc: Buffer, l: Layout): CoreThread {
  const u16 = (o: number): number => (desc.length >= o + 2 ? (l.le ? desc.readUInt16LE(o) : desc.readUInt16BE(o)) : 0);
  const u32 = (o: number): number => (desc.length >= o + 4 ? (l.le ? desc.readUInt32LE(o) : desc.readUInt32BE(o)) : 0);
  const shape = l.machine === EM_X86_64 && l.is64 ? PRSTATUS[EM_X86_64] : l.machine === EM_386 && !l.is64 ? PRSTATUS[EM_386] : null;
  const tid = u32(shape?.pid ?? (l.is64 ? 32 : 24));
  let registers: CoreRegisters | null = null;
  if (shape && desc.length >= shape.regs + (Math.max(shape.pc, ...shape.gpr) + 1) * shape.width) {
    const reg = (i: number): bigint => (shape.width === 8 ? desc.readBigUInt64LE(shape.regs + i * 8) : BigInt(desc.readUInt32LE(shape.regs + i * 4)));
    registers = { pc: reg(shape.pc), gpr: shape.gpr.map(reg) };
  }
  return { tid, signal: u16(12), registers };
}

/** siginfo_t: si_signo, si_errno, si_code, then (after padding on 64-bit) si_addr for the fault signals. */
function siginfo(desc: Buffer, l: Layout): CoreSignal | null {
  const addrAt = l.is64 ? 16 : 12;
  if (desc.length < addrAt + (l.is64 ? 8 : 4)) return null;
  const i32 = (o: number): number => (l.le ? desc.readInt32LE(o) : desc.readInt32BE(o));
  const address = l.is64 ? (l.le ? desc.readBigUInt64LE(addrAt) : desc.readBigUInt64BE(addrAt)) : BigInt(l.le ? desc.readUInt32LE(addrAt) : desc.readUInt32BE(addrAt));
  return { signo: i32(0), code: i32(8), address };
}

/**
 * elf_prpsinfo: pr_pid after the state bytes and pr_flag (and uid and gid,
 * 16-bit on i386), then pr_fname[16] and pr_psargs[80].
 */
function prpsinfo(desc: Buffer, l: Layout): CoreProcess | null {
  const [pidAt, argsAt] = l.is64 ? [24, 56] : [12, 44];
  if (desc.length < argsAt + 80) return null;
  const pid = l.le ? desc.readUInt32LE(pidAt) : desc.readUInt32BE(pidAt);
  const raw = desc.subarray(argsAt, argsAt + 80);
  const end = raw.indexOf(0);
  // As gdb (bfd) reads it: UTF-8, and the one trailing space some kernels add cut off.
  const commandLine = raw.subarray(0, end < 0 ? raw.length : end).toString('utf8').replace(/ $/, '');
  return { pid, commandLine };
}
