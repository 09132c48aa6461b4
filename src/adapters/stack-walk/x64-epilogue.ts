import type { StackMemory } from './stack-memory.js';
import { SP, reg, type Registers } from './walk-types.js';

/** An epilogue has at most a stack adjustment, the eight nonvolatile pops and a return. */
const MAX_INSTRUCTIONS = 12;

/**
 * When the context frame stopped inside an epilogue, the prologue's unwind
 * codes no longer describe the stack; Windows then runs the rest of the
 * epilogue forward instead. An x64 epilogue has one shape: `add rsp, n` or
 * `lea rsp, [frame register + n]`, pops of nonvolatile registers, then `ret`
 * or a `jmp` to another function. Returns the caller's registers when `code`
 * (the bytes at pc) is such a tail, else null. `leavesFunction(d)` says
 * whether pc + d lies outside the function: a jmp inside it is no tail call.
 */
export function epilogueCaller(code: Uint8Array, state: Registers, memory: StackMemory, leavesFunction: (displacement: number) => boolean): Registers | null {
  const regs = { pc: state.pc, gpr: [...state.gpr] };
  let at = 0;
  let first = true;
  for (let n = 0; n < MAX_INSTRUCTIONS; n++) {
    const b0 = code[at];
    const b1 = code[at + 1];
    if (b0 === undefined) return null;
    const sp = reg(regs, SP);
    if (sp === null) return null;
    if (first && (b0 & 0xf8) === 0x48 && b1 !== undefined) {
      // Only the first instruction may move rsp by a constant.
      first = false;
      const adjust = stackAdjustment(code, at, regs);
      if (adjust) {
        regs.gpr[SP] = adjust.sp;
        at += adjust.length;
        continue;
      }
    }
    first = false;
    if (b0 >= 0x58 && b0 <= 0x5f) {
      if (!pop(regs, b0 - 0x58, memory)) return null;
      at += 1;
    } else if (b0 === 0x41 && b1 !== undefined && b1 >= 0x58 && b1 <= 0x5f) {
      if (!pop(regs, b1 - 0x58 + 8, memory)) return null;
      at += 2;
    } else if (b0 === 0xc3 || (b0 === 0xf3 && b1 === 0xc3) || isTailJump(code, at, leavesFunction)) {
      // ret, rep ret, or a tail call whose callee returns to our caller: the return address is at rsp.
      const pc = memory.u64(sp);
      if (pc === null) return null;
      return { pc, gpr: regs.gpr.map((v, i) => (i === SP ? sp + 8n : v)) };
    } else {
      return null;
    }
  }
  return null;
}

/** `jmp rel32` out of the function, or `jmp [rip + disp]` (an import), with or without REX.W. */
function isTailJump(code: Uint8Array, at: number, leavesFunction: (displacement: number) => boolean): boolean {
  const b0 = code[at];
  if (b0 === 0xe9 && at + 5 <= code.length) {
    const rel = new DataView(code.buffer, code.byteOffset, code.byteLength).getInt32(at + 1, true);
    return leavesFunction(at + 5 + rel);
  }
  const jmp = b0 === 0x48 ? at + 1 : at;
  return code[jmp] === 0xff && code[jmp + 1] === 0x25;
}

function pop(regs: Registers, r: number, memory: StackMemory): boolean {
  const sp = reg(regs, SP);
  const value = sp === null ? null : memory.u64(sp);
  if (sp === null || value === null) return false;
  regs.gpr[r] = value;
  regs.gpr[SP] = sp + 8n;
  return true;
}

/** `add rsp, imm8/imm32` (48 83 c4 / 48 81 c4) or `lea rsp, [reg + disp8/disp32]` (48/49 8d /r, reg field rsp). */
function stackAdjustment(code: Uint8Array, at: number, regs: Registers): { sp: bigint; length: number } | null {
  const view = new DataView(code.buffer, code.byteOffset, code.byteLength);
  const rex = code[at] ?? 0;
  const opcode = code[at + 1];
  const modrm = code[at + 2] ?? 0;
  const sp = reg(regs, SP);
  if (sp === null) return null;
  if (rex === 0x48 && opcode === 0x83 && modrm === 0xc4 && at + 4 <= code.length) return { sp: sp + BigInt(view.getInt8(at + 3)), length: 4 };
  if (rex === 0x48 && opcode === 0x81 && modrm === 0xc4 && at + 7 <= code.length) return { sp: sp + BigInt(view.getInt32(at + 3, true)), length: 7 };
  if ((rex === 0x48 || rex === 0x49) && opcode === 0x8d && ((modrm >> 3) & 7) === 4) {
    const mod = modrm >> 6;
    const rm = (modrm & 7) + (rex === 0x49 ? 8 : 0);
    // rm 4 would need a SIB byte; a frame register is never rsp.
    if ((modrm & 7) === 4 || (mod !== 1 && mod !== 2)) return null;
    const baseValue = reg(regs, rm);
    if (baseValue === null) return null;
    if (mod === 1 && at + 4 <= code.length) return { sp: baseValue + BigInt(view.getInt8(at + 3)), length: 4 };
    if (mod === 2 && at + 7 <= code.length) return { sp: baseValue + BigInt(view.getInt32(at + 3, true)), length: 7 };
  }
  return null;
}
