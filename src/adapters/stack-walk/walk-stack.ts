import type { WalkEnd } from '../../domain/pre-triage.js';
import { framePointerCaller } from './frame-pointer.js';
import { coreCaller } from './core-step.js';
import { scanForCaller, scanWords } from './stack-scan.js';
import { SP, reg, type Step, type WalkEnv, type WalkedFrame } from './walk-types.js';
import { unwindX64 } from './x64-unwind.js';

/** Frames walked at most; deep recursion is cut here (gdb's cap in this project is 256, bucketing needs the top few). */
export const DEFAULT_MAX_FRAMES = 128;
/** Addresses in the first page are null pointers, not code: the walk has left the stack. */
const NULL_PAGE = 4096n;

/**
 * How callers are found, per dump kind:
 * - `x86`: frame pointer (any readable chain), else scan; rust-minidump's x86.
 * - `amd64-posix`: frame pointer with its checks, else scan; rust-minidump's
 *   amd64 without symbols (Linux and macOS minidumps).
 * - `amd64-windows`: the module's unwind data when its PE is at hand, else
 *   scan; Windows x64 code keeps no usable frame-pointer chain.
 * - `amd64-core`: for ELF cores, where the program is usually built with
 *   frame pointers and the system libraries without (see core-step.ts).
 */
export type WalkPolicy = 'x86' | 'amd64-posix' | 'amd64-windows' | 'amd64-core';

export interface WalkResult {
  frames: WalkedFrame[];
  end: WalkEnd;
}

/** Walks from the context frame to its callers, at most `maxFrames` in all. */
export async function walkStack(context: WalkedFrame, env: WalkEnv, policy: WalkPolicy, maxFrames: number = DEFAULT_MAX_FRAMES): Promise<WalkResult> {
  const frames = [context];
  const step = STEPS[policy];
  while (frames.length < maxFrames) {
    const callee = frames[frames.length - 1] ?? context;
    const caller = await step(callee, env, context);
    if (!caller || caller.regs.pc < NULL_PAGE) return { frames, end: 'end-of-stack' };
    const calleeSp = reg(callee.regs, SP);
    const callerSp = reg(caller.regs, SP);
    // Each caller's frame lies above its callee's: a walk that does not climb would loop.
    if (calleeSp === null || callerSp === null || callerSp <= calleeSp) return { frames, end: 'end-of-stack' };
    frames.push(caller);
  }
  return { frames, end: 'frame-limit' };
}

const x86: Step = (callee, env) =>
  Promise.resolve(framePointerCaller(callee, env, false) ?? scanForCaller(callee, env, { words: scanWords(callee, false), bp: 'x86' }));

const amd64Posix: Step = (callee, env) =>
  Promise.resolve(framePointerCaller(callee, env, true) ?? scanForCaller(callee, env, { words: scanWords(callee, true), bp: 'amd64' }));

const amd64Windows: Step = async (callee, env) =>
  (await unwindX64(callee, env)) ?? scanForCaller(callee, env, { words: scanWords(callee, true), bp: 'amd64' });

const amd64Core: Step = (callee, env, context) => Promise.resolve(coreCaller(callee, env, context));

const STEPS: Record<WalkPolicy, Step> = { x86, 'amd64-posix': amd64Posix, 'amd64-windows': amd64Windows, 'amd64-core': amd64Core };
