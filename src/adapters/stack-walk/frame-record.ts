import { looksLikeReturnAddress } from './stack-scan.js';
import type { WalkEnv } from './walk-types.js';

/** As in the scan: a frame further than this above its return address is not one. */
const MAX_FRAME_GAP = 128n * 1024n;
/** Words looked through for a saved frame pointer; a walk's frames below one slot never span more. */
const MAX_WORDS = 65_536;

/** Whether `at` looks like a frame record: [at] the caller's one (or 0, the chain's end) further up, [at + word] a return address. */
export function isFrameRecord(at: bigint, env: WalkEnv): boolean {
  const w = BigInt(env.wordSize);
  if (at % w !== 0n) return false;
  const link = env.memory.word(at);
  const ret = env.memory.word(at + w);
  if (link === null || ret === null || !looksLikeReturnAddress(ret, env)) return false;
  return link === 0n || (link > at && env.memory.has(link));
}

/**
 * The frame pointer of a function whose return address a scan found at
 * `slot`, after callees without frame pointers (a C library, a C++ runtime)
 * reused bp. Each saved it before reusing it, so its value lies on the stack
 * below `slot`, in the frames walked since `from` (the context's sp): the
 * lowest value there that points just above `slot` at a frame record. Null
 * when none does.
 */
export function savedFramePointer(slot: bigint, from: bigint, env: WalkEnv): bigint | null {
  const w = BigInt(env.wordSize);
  let best: bigint | null = null;
  let words = 0;
  for (let at = from; at < slot && words < MAX_WORDS; at += w, words++) {
    const v = env.memory.word(at);
    if (v === null || v <= slot || v - slot > MAX_FRAME_GAP || (best !== null && v >= best)) continue;
    if (isFrameRecord(v, env)) best = v;
  }
  return best;
}
