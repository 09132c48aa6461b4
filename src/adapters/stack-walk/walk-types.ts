import type { FrameTrust } from '../../domain/pre-triage.js';
import type { CodeMap } from './code-map.js';
import type { StackMemory } from './stack-memory.js';
import type { UnwindTables } from './unwind-tables.js';

/**
 * Integer registers by their x86 encoding number, which x64 unwind codes use
 * too: 0 rax/eax, 1 rcx, 2 rdx, 3 rbx, 4 rsp, 5 rbp, 6 rsi, 7 rdi, 8-15 r8-r15.
 * Null marks a register whose value the walk does not know.
 */
export const SP = 4;
export const BP = 5;
export const REGISTER_COUNT = 16;

export interface Registers {
  pc: bigint;
  gpr: (bigint | null)[];
}

export interface WalkedFrame {
  regs: Registers;
  trust: FrameTrust;
}

/** What a step may look at to find the caller of one frame. */
export interface WalkEnv {
  memory: StackMemory;
  code: CodeMap;
  /** amd64 (8) or x86 (4). */
  wordSize: 4 | 8;
  /** Module bases by index, for unwind data keyed by RVA. */
  moduleBase: (index: number) => bigint;
  /** x64 unwind data of the modules whose PE file is at hand. */
  unwind: UnwindTables | null;
  /** The `length` bytes of code just before `address`, when the module's file is at hand; null otherwise. */
  codeBefore?: (address: bigint, length: number) => Uint8Array | null;
  /** The entry of the function holding `address`, when its module's function table is at hand; null otherwise. */
  functionStart?: (address: bigint) => bigint | null;
}

/** Finds the caller of `callee` (the walk began at `context`), or null when it cannot. */
export type Step = (callee: WalkedFrame, env: WalkEnv, context: WalkedFrame) => Promise<WalkedFrame | null>;

export function registers(pc: bigint, values: Partial<Record<number, bigint>>): Registers {
  const gpr: (bigint | null)[] = Array.from({ length: REGISTER_COUNT }, (_, i) => values[i] ?? null);
  return { pc, gpr };
}

export function reg(r: Registers, n: number): bigint | null {
  return r.gpr[n] ?? null;
}

/** The address to look a frame up by: a caller's return address may be one past its function (a call to a noreturn function). */
export function lookupAddress(frame: WalkedFrame): bigint {
  return frame.trust === 'context' || frame.regs.pc === 0n ? frame.regs.pc : frame.regs.pc - 1n;
}

/** x64 uses 48-bit virtual addresses: anything between the two halves is not a pointer. */
export function isNonCanonical(address: bigint): boolean {
  return address > 0x7fffffffffffn && address < 0xffff800000000000n;
}
