import type { DumpReader } from './dump-reader.js';
import type { Fields } from './le-fields.js';
import type { CpuArch, Location } from './minidump-types.js';

/**
 * Where each CPU's context record keeps its instruction pointer, and which
 * ContextFlags bits mark a record as that CPU's. x86 CONTEXT: Eip after the
 * debug, float-save, segment and integer registers. AMD64 CONTEXT: Rip after
 * the home area, segments, debug and 16 integer registers. ARM (Breakpad):
 * r15 of iregs[16]. ARM64 (Windows, and Breakpad's older layout): Pc after
 * x0..x30 and Sp.
 */
interface Layout {
  cpu: CpuArch;
  /** AMD64 keeps ContextFlags after six home-area registers; everyone else starts with them. */
  flagsAt: number;
  /** The CPU bits of ContextFlags; Windows may add status bits above them on AMD64. */
  mask: number;
  flag: number;
  offset: number;
  width: 4 | 8;
}

const X86: Layout = { cpu: 'x86', mask: 0x00ffff00, flagsAt: 0, flag: 0x00010000, offset: 184, width: 4 };
const AMD64: Layout = { cpu: 'amd64', mask: 0x00ffff00, flagsAt: 48, flag: 0x00100000, offset: 248, width: 8 };
const ARM64: Layout = { cpu: 'arm64', mask: 0x00ffff00, flagsAt: 0, flag: 0x00400000, offset: 264, width: 8 };
const ARM64_OLD: Layout = { cpu: 'arm64', mask: 0xffffff00, flagsAt: 0, flag: 0x80000000, offset: 264, width: 8 };
const ARM: Layout = { cpu: 'arm', mask: 0xffffff00, flagsAt: 0, flag: 0x40000000, offset: 64, width: 4 };

/** Tried in this order when the system info stream names no CPU or another one. */
const BY_FLAGS: readonly Layout[] = [AMD64, X86, ARM64, ARM, ARM64_OLD];
const BY_CPU: Partial<Record<CpuArch, Layout>> = { x86: X86, amd64: AMD64, arm64: ARM64, arm: ARM };

const READ_BYTES = 272;

/**
 * Integer registers by x86 encoding number (eax/rax 0 ... edi/rdi 7, r8-r15),
 * where each CPU's CONTEXT keeps them: AMD64 from Rax at 120, eight bytes
 * each in encoding order; x86 in the order Edi, Esi, Ebx, Edx, Ecx, Eax, Ebp
 * from 156, Esp at 196.
 */
const AMD64_GPR = Array.from({ length: 16 }, (_, i) => 120 + i * 8);
const X86_GPR = [176, 172, 168, 164, 196, 180, 160, 156];

export interface ContextRegisters {
  cpu: 'x86' | 'amd64';
  pc: bigint;
  /** By encoding number; 16 for amd64, 8 for x86. */
  gpr: bigint[];
}

/**
 * The layout of the context at `location`. The CPU of the system info stream
 * is used when the context's flags agree or say nothing; a context whose
 * flags name another CPU (a 32-bit process on 64-bit Windows) is read as that
 * CPU's. Null for CPUs we do not know the layout of.
 */
async function contextLayout(reader: DumpReader, what: string, location: Location, cpu: CpuArch | null): Promise<{ layout: Layout; f: Fields } | null> {
  reader.check(what, location.rva, location.size);
  if (location.size < 4) return null;
  const f = await reader.fields(what, location.rva, Math.min(location.size, READ_BYTES));
  const fits = (l: Layout): boolean => location.size >= l.offset + l.width;
  const matches = (l: Layout): boolean => fits(l) && (f.u32(l.flagsAt) & l.mask) >>> 0 === l.flag;
  const own = cpu ? BY_CPU[cpu] : undefined;
  const layout = (own && matches(own) ? own : undefined) ?? BY_FLAGS.find(matches) ?? (own && fits(own) ? own : undefined);
  return layout ? { layout, f } : null;
}

/** The instruction pointer of the context at `location`, and the CPU whose layout it was read with. */
export async function instructionPointer(
  reader: DumpReader,
  what: string,
  location: Location,
  cpu: CpuArch | null,
): Promise<{ value: bigint; cpu: CpuArch } | null> {
  const found = await contextLayout(reader, what, location, cpu);
  if (!found) return null;
  const { layout, f } = found;
  const value = layout.width === 4 ? BigInt(f.u32(layout.offset)) : f.u64(layout.offset);
  return { value, cpu: layout.cpu };
}

/** The integer registers of an x86 or AMD64 context, for a stack walk; null for other CPUs or a context too short to hold them. */
export async function contextRegisters(reader: DumpReader, what: string, location: Location, cpu: CpuArch | null): Promise<ContextRegisters | null> {
  const found = await contextLayout(reader, what, location, cpu);
  if (!found) return null;
  const { layout, f } = found;
  if (layout.cpu === 'amd64' && f.length >= 256) return { cpu: 'amd64', pc: f.u64(layout.offset), gpr: AMD64_GPR.map((o) => f.u64(o)) };
  if (layout.cpu === 'x86' && f.length >= 200) return { cpu: 'x86', pc: BigInt(f.u32(layout.offset)), gpr: X86_GPR.map((o) => BigInt(f.u32(o))) };
  return null;
}
