import type { DumpReader } from './dump-reader.js';
import type { CpuArch, MinidumpMiscInfo, MinidumpSystemInfo, OsPlatform, StreamEntry } from './minidump-types.js';

const CPUS: Readonly<Record<number, CpuArch>> = {
  0: 'x86',
  1: 'mips',
  3: 'ppc',
  5: 'arm',
  6: 'ia64',
  9: 'amd64',
  10: 'x86', // 32-bit process on 64-bit Windows (WoW64)
  12: 'arm64',
  0x8001: 'sparc',
  0x8002: 'ppc64',
  0x8003: 'arm64', // Breakpad's value from before Windows had one
  0x8004: 'mips64',
  0x8005: 'riscv',
  0x8006: 'riscv64',
};

const PLATFORMS: Readonly<Record<number, OsPlatform>> = {
  0: 'win32s',
  1: 'win32_windows',
  2: 'win32_nt',
  3: 'win32_ce',
  0x8000: 'unix',
  0x8101: 'mac_os_x',
  0x8102: 'ios',
  0x8201: 'linux',
  0x8202: 'solaris',
  0x8203: 'android',
  0x8204: 'ps3',
  0x8205: 'nacl',
  0x8206: 'fuchsia',
};

export function cpuOf(processorArchitecture: number): CpuArch {
  return CPUS[processorArchitecture] ?? 'unknown';
}

export function is32BitCpu(cpu: CpuArch): boolean {
  return cpu === 'x86' || cpu === 'arm' || cpu === 'mips' || cpu === 'ppc' || cpu === 'sparc' || cpu === 'riscv';
}

export function isWindows(platform: OsPlatform): boolean {
  return platform.startsWith('win32');
}

/** MINIDUMP_SYSTEM_INFO (56 bytes). */
export async function readSystemInfo(reader: DumpReader, entry: StreamEntry): Promise<MinidumpSystemInfo> {
  const f = await reader.stream(entry, 32);
  const processorArchitecture = f.u16(0);
  const platformId = f.u32(20);
  const csdRva = f.u32(24);
  return {
    processorArchitecture,
    cpu: cpuOf(processorArchitecture),
    processorLevel: f.u16(2),
    processorRevision: f.u16(4),
    numberOfProcessors: f.u8(6),
    productType: f.u8(7),
    platformId,
    platform: PLATFORMS[platformId] ?? 'unknown',
    osVersion: `${f.u32(8)}.${f.u32(12)}.${f.u32(16)}`,
    csdVersion: csdRva === 0 ? '' : await reader.string('the CSD version string', csdRva),
  };
}

const MISC1_PROCESS_ID = 0x1;
const MISC1_PROCESS_TIMES = 0x2;

/** MINIDUMP_MISC_INFO and its longer successors; only the first fields are common to all. */
export async function readMiscInfo(reader: DumpReader, entry: StreamEntry): Promise<MinidumpMiscInfo> {
  const f = await reader.stream(entry, 8);
  const flags1 = f.u32(4);
  return {
    sizeOfInfo: f.u32(0),
    flags1,
    processId: flags1 & MISC1_PROCESS_ID && f.length >= 12 ? f.u32(8) : null,
    processCreateTime: flags1 & MISC1_PROCESS_TIMES && f.length >= 16 ? f.u32(12) : null,
  };
}
