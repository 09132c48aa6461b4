import { CALL_WINDOW, precededByCall } from './call-site.js';
import { BP, SP, isNonCanonical, reg, registers, type WalkEnv, type WalkedFrame } from './walk-types.js';

/**
 * The caller by the frame-pointer chain: a function that keeps a frame
 * pointer pushes its caller's one and points bp at it, so [bp] is the
 * caller's bp, [bp + word] the return address and bp + 2 words the caller's
 * sp. `strict` rejects a chain that does not hold together (bp below the
 * caller's sp, a caller bp outside the stack, a non-canonical return
 * address, a stack that does not grow, a return address no call precedes
 * when the code is at hand): how rust-minidump checks amd64 frames. Without it (rust-minidump's x86), any readable chain is taken.
 */
export function framePointerCaller(callee: WalkedFrame, env: WalkEnv, strict: boolean): WalkedFrame | null {
  const w = BigInt(env.wordSize);
  const bp = reg(callee.regs, BP);
  const sp = reg(callee.regs, SP);
  if (bp === null) return null;
  const limit = env.wordSize === 8 ? 0xffffffffffffffffn : 0xffffffffn;
  if (bp >= limit - 2n * w) return null;
  const pc = env.memory.word(bp + w);
  const callerBp = env.memory.word(bp);
  if (pc === null || callerBp === null) return null;
  const callerSp = bp + 2n * w;
  if (strict) {
    if (callerBp < callerSp) return null;
    if (env.memory.word(callerBp) === null) return null;
    if (env.wordSize === 8 && isNonCanonical(pc)) return null;
    if (sp === null || callerSp <= sp || !env.memory.has(callerSp)) return null;
    const before = env.codeBefore?.(pc, CALL_WINDOW);
    if (before && !precededByCall(before)) return null;
  }
  return { regs: registers(pc, { [SP]: callerSp, [BP]: callerBp }), trust: 'frame-pointer' };
}
