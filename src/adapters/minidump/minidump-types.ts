/**
 * What the minidump reader extracts from an MDMP file (Windows minidumps and
 * the Breakpad/Crashpad minidumps written on Linux and macOS). Addresses are
 * bigint because they are 64-bit; counts and file offsets fit a number.
 */

export type CpuArch = 'x86' | 'amd64' | 'arm' | 'arm64' | 'mips' | 'mips64' | 'ppc' | 'ppc64' | 'sparc' | 'riscv' | 'riscv64' | 'ia64' | 'unknown';

export type OsPlatform =
  | 'win32s'
  | 'win32_windows'
  | 'win32_nt'
  | 'win32_ce'
  | 'unix'
  | 'mac_os_x'
  | 'ios'
  | 'linux'
  | 'solaris'
  | 'android'
  | 'ps3'
  | 'nacl'
  | 'fuchsia'
  | 'unknown';

export interface MinidumpHeader {
  /** Full 32-bit version; the low 16 bits are always 0xa793. */
  version: number;
  streamCount: number;
  streamDirectoryRva: number;
  checksum: number;
  /** Seconds since 1970 (UTC) when the dump was written. */
  timeDateStamp: number;
  /** MINIDUMP_TYPE flags the writer used. */
  flags: bigint;
}

/** A location in the file: `size` bytes at file offset `rva`. */
export interface Location {
  size: number;
  rva: number;
}

export interface StreamEntry extends Location {
  type: number;
  /** `ThreadList`, `BreakpadInfo`, ... or `Stream0x1234` for types we do not know. */
  name: string;
}

export interface MinidumpThread {
  id: number;
  /** From the ThreadNames stream, when the writer recorded one. */
  name: string | null;
  suspendCount: number;
  priorityClass: number;
  priority: number;
  teb: bigint;
  stack: Location & { start: bigint };
  context: Location;
  /** Eip/Rip/Pc of the thread's context, or null when the CPU or context is not understood. */
  instructionPointer: bigint | null;
}

export type CodeViewRecord =
  | { format: 'pdb70'; pdbName: string; guid: string; age: number }
  | { format: 'pdb20'; pdbName: string; signature: number; age: number }
  | { format: 'elf'; buildId: string }
  | { format: 'unknown'; signature: number };

export interface MinidumpModule {
  base: bigint;
  size: number;
  /** base + size: the first address past the module. */
  end: bigint;
  /** Path as recorded (`C:\Windows\System32\ntdll.dll`, `/usr/lib/libc.so.6`). */
  path: string;
  /** Last path component (`ntdll.dll`, `libc.so.6`). */
  name: string;
  checksum: number;
  timeDateStamp: number;
  /** `10.0.19041.1` from VS_FIXEDFILEINFO, or null when the module has none. */
  version: string | null;
  productVersion: string | null;
  codeView: CodeViewRecord | null;
  /** Breakpad's debug identifier (`5A9832E5287241C1838ED98914E9B7FF1`), the symbol-server key. */
  debugId: string | null;
}

export interface MinidumpException {
  threadId: number;
  /** Raw ExceptionCode: NTSTATUS on Windows, signal number on Linux, Mach exception type on macOS. */
  code: number;
  /** Windows: 1 if non-continuable; Linux: si_code; macOS: the Mach exception code. */
  flags: number;
  address: bigint;
  /** ExceptionInformation[0 .. NumberParameters). */
  parameters: bigint[];
  context: Location;
  /** The instruction pointer of the exception context (the faulting instruction). */
  instructionPointer: bigint | null;
}

export interface MinidumpSystemInfo {
  processorArchitecture: number;
  cpu: CpuArch;
  processorLevel: number;
  processorRevision: number;
  numberOfProcessors: number;
  productType: number;
  platformId: number;
  platform: OsPlatform;
  /** `major.minor.build`. */
  osVersion: string;
  /** Service pack on Windows, build on macOS, `uname -srvmo` on Linux; '' when absent. */
  csdVersion: string;
}

export interface MinidumpMiscInfo {
  sizeOfInfo: number;
  flags1: number;
  /** Only when flags1 says the writer recorded it. */
  processId: number | null;
  processCreateTime: number | null;
}

export interface BreakpadInfo {
  validity: number;
  dumpThreadId: number;
  requestingThreadId: number;
}

/** Breakpad's AssertionInfo stream: an invalid-parameter or pure-call report. */
export interface AssertionInfo {
  expression: string;
  function: string;
  file: string;
  line: number;
  type: number;
}

export interface MemorySummary {
  rangeCount: number;
  totalBytes: number;
  /** Each captured range and where its bytes are in the file (checked to lie inside it). */
  ranges: MemoryRange[];
}

export interface MemoryRange {
  start: bigint;
  size: number;
  /** File offset of the range's bytes. */
  rva: number;
}

/** The crash as breakpad and rust-minidump summarise it. */
export interface CrashSummary {
  threadId: number;
  /** Index of the crashing thread in `threads`, or null when the thread list lacks it. */
  threadIndex: number | null;
  /** Windows access violations: the data address; otherwise the exception address. */
  address: bigint;
  instructionPointer: bigint | null;
  /** The module holding the instruction pointer; null when it lies in none (stack, JIT code). */
  module: MinidumpModule | null;
  moduleOffset: bigint | null;
}

export interface Minidump {
  file: string;
  fileSize: number;
  header: MinidumpHeader;
  streams: StreamEntry[];
  systemInfo: MinidumpSystemInfo | null;
  miscInfo: MinidumpMiscInfo | null;
  breakpadInfo: BreakpadInfo | null;
  assertion: AssertionInfo | null;
  threads: MinidumpThread[];
  modules: MinidumpModule[];
  unloadedModuleCount: number | null;
  memoryInfoCount: number | null;
  /** MemoryListStream; Memory64ListStream (full dumps) is in `memory64`. */
  memory: MemorySummary | null;
  memory64: MemorySummary | null;
  /** From Breakpad's LinuxCmdLine stream, arguments joined by spaces. */
  commandLine: string | null;
  exception: MinidumpException | null;
  crash: CrashSummary | null;
}
