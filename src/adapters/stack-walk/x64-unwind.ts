import { SP, lookupAddress, reg, type Registers, type WalkEnv, type WalkedFrame } from './walk-types.js';
import { epilogueCaller } from './x64-epilogue.js';

const UNW_FLAG_CHAININFO = 0x4;
/** A chain longer than this loops; real ones are one or two deep. */
const MAX_CHAIN = 32;
/** rbx, rbp, rsi, rdi, r12-r15: what a Windows x64 callee must preserve, so they carry to the caller. */
const NONVOLATILE = new Set([3, 5, 6, 7, 12, 13, 14, 15]);

const Op = {
  PushNonvol: 0,
  AllocLarge: 1,
  AllocSmall: 2,
  SetFpreg: 3,
  SaveNonvol: 4,
  SaveNonvolFar: 5,
  Epilog: 6,
  SpareCode: 7,
  SaveXmm128: 8,
  SaveXmm128Far: 9,
  PushMachframe: 10,
} as const;

/** Slots (2 bytes each) an unwind code takes, itself included. */
function slotsOf(op: number, info: number): number {
  if (op === Op.AllocLarge) return info === 0 ? 2 : 3;
  if (op === Op.SaveNonvol || op === Op.SaveXmm128 || op === Op.Epilog) return 2;
  if (op === Op.SaveNonvolFar || op === Op.SaveXmm128Far || op === Op.SpareCode) return 3;
  return 1;
}

/**
 * The caller by the module's x64 unwind data, as RtlVirtualUnwind computes it:
 * the function's UNWIND_INFO undoes its prologue (only the part that ran when
 * the context frame stopped inside it), chained infos are followed, and a pc
 * no function covers is a leaf whose return address is at rsp. Null when the
 * module has no unwind data at hand, or the data or the stack is unreadable.
 */
export async function unwindX64(callee: WalkedFrame, env: WalkEnv): Promise<WalkedFrame | null> {
  if (!env.unwind || env.wordSize !== 8) return null;
  const at = lookupAddress(callee);
  const index = env.code.moduleAt(at);
  if (index === null) return null;
  const table = await env.unwind.forModule(index);
  if (!table) return null;
  const base = env.moduleBase(index);
  const sp = reg(callee.regs, SP);
  if (sp === null) return null;
  const state = carried(callee.regs);
  let fn = table.lookup(Number(at - base));
  if (!fn) return popReturn(state, env);
  if (callee.trust === 'context') {
    const pcRva = Number(callee.regs.pc - base);
    const { begin, end } = fn;
    const code = await table.read(pcRva, 64);
    const done = code && epilogueCaller(code, state, env.memory, (d) => pcRva + d < begin || pcRva + d >= end);
    if (done) return { regs: done, trust: 'cfi' };
  }
  // Only the context frame can have stopped in a prologue; a caller is past its call.
  let prologOffset = callee.trust === 'context' ? Number(callee.regs.pc - base) - fn.begin : Infinity;
  for (let depth = 0; depth < MAX_CHAIN; depth++) {
    const head = await table.read(fn.unwindInfo, 4);
    if (!head || head.length < 4) return null;
    const version = (head[0] ?? 0) & 7;
    const flags = (head[0] ?? 0) >> 3;
    const prologSize = head[1] ?? 0;
    const count = head[2] ?? 0;
    if (version !== 1 && version !== 2) return null;
    const codesLength = ((count + 1) & ~1) * 2;
    const chained = (flags & UNW_FLAG_CHAININFO) !== 0;
    const body = await table.read(fn.unwindInfo + 4, codesLength + (chained ? 12 : 0));
    if (!body || body.length < codesLength + (chained ? 12 : 0)) return null;
    const applied = prologOffset < prologSize ? prologOffset : Infinity;
    const result = applyCodes(body, count, { frameRegister: (head[3] ?? 0) & 15, frameOffset: ((head[3] ?? 0) >> 4) * 16 }, applied, state, env);
    if (result === 'failed') return null;
    if (result === 'machine-frame') return { regs: state, trust: 'cfi' };
    if (!chained) return popReturn(state, env);
    const view = new DataView(body.buffer, body.byteOffset + codesLength, 12);
    fn = { begin: view.getUint32(0, true), end: view.getUint32(4, true), unwindInfo: view.getUint32(8, true) };
    prologOffset = Infinity;
  }
  return null;
}

/** The callee's registers a caller still sees: Windows x64 callers cannot rely on the volatile ones. */
function carried(regs: Registers): Registers {
  return { pc: regs.pc, gpr: regs.gpr.map((v, i) => (NONVOLATILE.has(i) || i === SP ? v : null)) };
}

function popReturn(state: Registers, env: WalkEnv): WalkedFrame | null {
  const sp = reg(state, SP);
  const pc = sp === null ? null : env.memory.u64(sp);
  if (sp === null || pc === null) return null;
  state.gpr[SP] = sp + 8n;
  return { regs: { pc, gpr: state.gpr }, trust: 'cfi' };
}

/**
 * Undoes one UNWIND_INFO's codes on `state`, in their order (the reverse of
 * the prologue's). Codes at a prologue offset above `applied` had not run.
 * Saved registers are read relative to the frame base: the frame register
 * less its offset once it is set, else rsp.
 */
function applyCodes(
  body: Uint8Array,
  count: number,
  frame: { frameRegister: number; frameOffset: number },
  applied: number,
  state: Registers,
  env: WalkEnv,
): 'done' | 'machine-frame' | 'failed' {
  const view = new DataView(body.buffer, body.byteOffset, body.byteLength);
  const slot16 = (i: number): number => view.getUint16(i * 2, true);
  const slot32 = (i: number): number => view.getUint32(i * 2, true);
  const runs = (i: number): boolean => (body[i * 2] ?? 0) <= applied;
  let setsFrame = false;
  for (let i = 0; i < count; i += slotsOf((body[i * 2 + 1] ?? 0) & 15, (body[i * 2 + 1] ?? 0) >> 4)) {
    if (((body[i * 2 + 1] ?? 0) & 15) === Op.SetFpreg && runs(i)) setsFrame = true;
  }
  const framePointer = frame.frameRegister !== 0 && setsFrame ? reg(state, frame.frameRegister) : null;
  if (frame.frameRegister !== 0 && setsFrame && framePointer === null) return 'failed';
  const frameBase = framePointer !== null ? framePointer - BigInt(frame.frameOffset) : reg(state, SP);
  if (frameBase === null) return 'failed';
  const restore = (r: number, at: bigint): boolean => {
    const value = env.memory.u64(at);
    if (value === null) return false;
    state.gpr[r] = value;
    return true;
  };
  for (let i = 0; i < count; ) {
    const op = (body[i * 2 + 1] ?? 0) & 15;
    const info = (body[i * 2 + 1] ?? 0) >> 4;
    const slots = slotsOf(op, info);
    if (i + slots > count) return 'failed';
    if (runs(i)) {
      const sp = reg(state, SP);
      if (sp === null) return 'failed';
      switch (op) {
        case Op.PushNonvol:
          if (!restore(info, sp)) return 'failed';
          state.gpr[SP] = sp + 8n;
          break;
        case Op.AllocLarge:
          state.gpr[SP] = sp + (info === 0 ? BigInt(slot16(i + 1)) * 8n : BigInt(slot32(i + 1)));
          break;
        case Op.AllocSmall:
          state.gpr[SP] = sp + BigInt(info * 8 + 8);
          break;
        case Op.SetFpreg:
          state.gpr[SP] = frameBase;
          break;
        case Op.SaveNonvol:
          if (!restore(info, frameBase + BigInt(slot16(i + 1)) * 8n)) return 'failed';
          break;
        case Op.SaveNonvolFar:
          if (!restore(info, frameBase + BigInt(slot32(i + 1)))) return 'failed';
          break;
        case Op.PushMachframe: {
          // The CPU pushed ss, rsp, eflags, cs, rip (and an error code first when info is 1).
          const top = sp + BigInt(info * 8);
          const pc = env.memory.u64(top);
          const callerSp = env.memory.u64(top + 24n);
          if (pc === null || callerSp === null) return 'failed';
          state.pc = pc;
          state.gpr[SP] = callerSp;
          return 'machine-frame';
        }
        case Op.Epilog:
        case Op.SpareCode:
        case Op.SaveXmm128:
        case Op.SaveXmm128Far:
          // Epilogue descriptions (version 2), and xmm saves (6 and 7 in version 1): no integer register moves.
          break;
        default:
          return 'failed';
      }
    }
    i += slots;
  }
  return 'done';
}
