import { CALL_WINDOW, precededByCall } from './call-site.js';
import { BP, SP, isNonCanonical, reg, registers, type WalkEnv, type WalkedFrame } from './walk-types.js';

/** Words scanned for a return address: breakpad's and rust-minidump's 40, four times that from a frame whose registers are known. */
export const SCAN_WORDS = 40;
export const SCAN_WORDS_FIRST = 160;
/** 99.5% of real frames are smaller (breakpad's histogram); a bp further than this from its slot is not one. */
const MAX_FRAME_GAP = 128n * 1024n;

/** From the context frame (or one whose registers unwind data gave), scans reach further: the first frame is the one most often odd. */
export function scanWords(callee: WalkedFrame, cfiCounts: boolean): number {
  return callee.trust === 'context' || (cfiCounts && callee.trust === 'cfi') ? SCAN_WORDS_FIRST : SCAN_WORDS;
}

export interface ScanOptions {
  words: number;
  /** Only words below this address; a scan for a frame hidden under a known frame pointer stops at its slot. */
  below?: bigint;
  /**
   * How to guess the caller's bp: 'x86' and 'amd64' follow rust-minidump's
   * two heuristics; 'keep' hands the callee's bp on (the callee did not touch
   * it: a leaf or a function without a frame pointer).
   */
  bp: 'x86' | 'amd64' | 'keep';
  /** A further test a return address must pass. */
  accept?: (value: bigint) => boolean;
}

/**
 * Stack scanning: the first word above the callee's sp that points into a
 * module's code is taken as the return address its call pushed. A guess
 * (trust `scan`): a stale return address or a function pointer left on the
 * stack looks the same. Stops at the first unreadable word.
 */
export function scanForCaller(callee: WalkedFrame, env: WalkEnv, options: ScanOptions): WalkedFrame | null {
  const w = BigInt(env.wordSize);
  const sp = reg(callee.regs, SP);
  if (sp === null) return null;
  const lastBp = reg(callee.regs, BP);
  for (let i = 0; i < options.words; i++) {
    const at = sp + BigInt(i) * w;
    if (options.below !== undefined && at >= options.below) return null;
    const value = env.memory.word(at);
    if (value === null) return null;
    if (!looksLikeReturnAddress(value, env) || (options.accept && !options.accept(value))) continue;
    const callerSp = at + w;
    const callerBp = options.bp === 'keep' ? lastBp : recoverBp(options.bp, i, at, lastBp, callerSp, env);
    return { regs: registers(value, { [SP]: callerSp, ...(callerBp === null ? {} : { [BP]: callerBp }) }), trust: 'scan' };
  }
  return null;
}

export function looksLikeReturnAddress(value: bigint, env: WalkEnv): boolean {
  if (value === 0n) return false;
  if (env.wordSize === 8 && isNonCanonical(value)) return false;
  // The call sits just before the return address, which may be one past a noreturn callee's caller.
  if (!env.code.isCode(value - 1n)) return false;
  // With the module's code at hand, a call must end there: function pointers and constants are weeded out.
  const before = env.codeBefore?.(value, CALL_WINDOW);
  return !before || precededByCall(before);
}

/**
 * After a scan, bp is either the word just below the return address (the
 * callee pushed it first, standard prologue) or the callee's bp still (it
 * never touched it); each is kept only when it points into the stack above.
 */
function recoverBp(kind: 'x86' | 'amd64', i: number, at: bigint, lastBp: bigint | null, callerSp: bigint, env: WalkEnv): bigint | null {
  if (i === 0) return null;
  const w = BigInt(env.wordSize);
  const slot = at - w;
  const saved = env.memory.word(slot);
  if (saved === null) return null;
  const chained = saved > at && saved - slot <= MAX_FRAME_GAP && env.memory.word(saved) !== null;
  if (kind === 'x86') {
    if (saved > at && saved - slot <= MAX_FRAME_GAP) return chained ? saved : null;
    return lastBp !== null && lastBp >= callerSp && env.memory.word(lastBp) !== null ? lastBp : null;
  }
  if (lastBp === null) return null;
  if (lastBp === slot && saved > at && saved - slot <= MAX_FRAME_GAP) return chained ? saved : null;
  return lastBp >= callerSp ? lastBp : null;
}
