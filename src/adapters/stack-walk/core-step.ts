import { CALL_WINDOW, directCallTarget } from './call-site.js';
import { framePointerCaller } from './frame-pointer.js';
import { isFrameRecord, savedFramePointer } from './frame-record.js';
import { scanForCaller, scanWords } from './stack-scan.js';
import { BP, SP, lookupAddress, reg, type WalkEnv, type WalkedFrame } from './walk-types.js';

/** Longer than any real function: a return address further than this past a function's entry is in another one. */
const MAX_FUNCTION = 256n * 1024n;

/**
 * One step of a core's walk. Programs are usually built with frame pointers
 * and the system libraries without, so bp may belong to a function further
 * up than the callee: a C library routine the program called (strlen), or
 * abort and the C++ runtime after they reused bp and saved the program's.
 *
 * When the call into bp's owner was direct (its caller's return address
 * follows `call rel32`, read from the module file), the owner's entry is
 * known: a callee inside it keeps the chain; otherwise the callee's caller is
 * found by a scan below bp's slot that passes over return addresses into the
 * owner's module that are not into the owner (stale ones from earlier calls).
 * Without the code at hand, a chain step into another module is checked the
 * same way with any return address. After a scan, bp is the callee's still,
 * or the one a library function saved on the stack.
 */
export function coreCaller(callee: WalkedFrame, env: WalkEnv, context: WalkedFrame): WalkedFrame | null {
  const byChain = framePointerCaller(callee, env, true);
  const bp = reg(callee.regs, BP);
  if (byChain && bp !== null && callee.trust !== 'frame-pointer') {
    const hidden = hiddenCaller(callee, byChain, bp, env);
    if (hidden) return hidden;
  }
  if (byChain) return byChain;
  const scanned = scanForCaller(callee, env, { words: scanWords(callee, false), bp: 'keep' });
  const callerSp = scanned && reg(scanned.regs, SP);
  if (!scanned || callerSp === null) return null;
  const slot = callerSp - BigInt(env.wordSize);
  const kept = reg(scanned.regs, BP);
  const from = reg(context.regs, SP) ?? slot;
  scanned.regs.gpr[BP] = kept !== null && kept > slot && isFrameRecord(kept, env) ? kept : savedFramePointer(slot, from, env);
  return scanned;
}

/** The callee's caller when it lies between the callee and bp's owner, else null (the chain step is right). */
function hiddenCaller(callee: WalkedFrame, byChain: WalkedFrame, bp: bigint, env: WalkEnv): WalkedFrame | null {
  const below = bp + BigInt(env.wordSize);
  const words = scanWords(callee, false);
  const before = env.codeBefore?.(byChain.regs.pc, CALL_WINDOW);
  const owner = before ? directCallTarget(byChain.regs.pc, before) : null;
  const ownerModule = owner === null ? null : env.code.moduleAt(owner);
  const owns = (address: bigint): boolean => {
    if (owner === null || env.code.moduleAt(address) !== ownerModule) return false;
    // The module's function table says exactly; without it, anything a little past the entry counts.
    const start = env.functionStart?.(address) ?? null;
    return start !== null ? start === owner : owner <= address && address - owner < MAX_FUNCTION;
  };
  if (owner !== null && ownerModule !== null) {
    if (owns(lookupAddress(callee))) return null;
    return scanForCaller(callee, env, { words, below, bp: 'keep', accept: (v) => env.code.moduleAt(v - 1n) !== ownerModule || owns(v - 1n) });
  }
  const crosses = env.code.moduleAt(lookupAddress(callee)) !== env.code.moduleAt(lookupAddress(byChain));
  return crosses ? scanForCaller(callee, env, { words, below, bp: 'keep' }) : null;
}
