/**
 * What the bytes before a return address say: a CALL ends exactly there,
 * or the word is no return address (a function pointer, a stale constant).
 * x86 and x86-64 calls are `E8 rel32` or `FF /2` with any ModRM form (a
 * register, [reg], [reg + disp8/32], SIB, [rip + disp32]); a REX or other
 * prefix comes before the opcode and does not change where the call ends.
 */

/** Bytes of the image read before a return address; more than the longest call (7 bytes and a prefix). */
export const CALL_WINDOW = 8;

export function precededByCall(before: Uint8Array): boolean {
  const n = before.length;
  if (n >= 5 && before[n - 5] === 0xe8) return true;
  for (let length = 2; length <= 7 && length <= n; length++) {
    const start = n - length;
    if (before[start] !== 0xff) continue;
    const modrm = before[start + 1] ?? 0;
    if (((modrm >> 3) & 7) === 2 && 1 + modrmLength(modrm, before[start + 2]) === length) return true;
  }
  return false;
}

/** The target of a direct `call rel32` ending at `returnAddress`, or null when the call there is not one. */
export function directCallTarget(returnAddress: bigint, before: Uint8Array): bigint | null {
  const n = before.length;
  if (n < 5 || before[n - 5] !== 0xe8) return null;
  const rel = new DataView(before.buffer, before.byteOffset + n - 4, 4).getInt32(0, true);
  return returnAddress + BigInt(rel);
}

/** ModRM, SIB and displacement bytes of an operand. */
function modrmLength(modrm: number, sib: number | undefined): number {
  const mod = modrm >> 6;
  const rm = modrm & 7;
  if (mod === 3) return 1;
  const hasSib = rm === 4;
  const base = hasSib ? (sib ?? 0) & 7 : rm;
  let length = 1 + (hasSib ? 1 : 0);
  if (mod === 1) length += 1;
  else if (mod === 2) length += 4;
  else if (base === 5) length += 4; // mod 0: [rip + disp32], or a SIB without a base
  return length;
}
