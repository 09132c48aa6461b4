import type { CpuArch, CrashSummary, MinidumpException, MinidumpModule, MinidumpSystemInfo, MinidumpThread } from './minidump-types.js';
import { is32BitCpu, isWindows } from './system-info.js';

const ACCESS_VIOLATION = 0xc0000005;
const IN_PAGE_ERROR = 0xc0000006;

/**
 * The crash as breakpad's MinidumpProcessor and rust-minidump report it: for
 * Windows access violations and in-page errors the address is the data the
 * instruction touched (ExceptionInformation[1]); otherwise the exception
 * address. 32-bit CPUs keep only the low 32 bits, as a 32-bit process cannot
 * touch more.
 */
export function summariseCrash(
  exception: MinidumpException,
  threads: readonly MinidumpThread[],
  modules: readonly MinidumpModule[],
  systemInfo: MinidumpSystemInfo | null,
  contextCpu: CpuArch | null,
): CrashSummary {
  const cpu = systemInfo && systemInfo.cpu !== 'unknown' ? systemInfo.cpu : contextCpu;
  // Without a system info stream, only Windows uses NTSTATUS-sized codes.
  const windows = systemInfo ? isWindows(systemInfo.platform) : exception.code > 0xffff;
  const dataAddress = exception.parameters[1];
  const faultsOnData = windows && (exception.code === ACCESS_VIOLATION || exception.code === IN_PAGE_ERROR);
  let address = faultsOnData && dataAddress !== undefined ? dataAddress : exception.address;
  if (cpu && is32BitCpu(cpu)) address &= 0xffffffffn;
  const ip = exception.instructionPointer;
  const module = ip === null ? null : moduleAt(modules, ip);
  const index = threads.findIndex((t) => t.id === exception.threadId);
  return {
    threadId: exception.threadId,
    threadIndex: index < 0 ? null : index,
    address,
    instructionPointer: ip,
    module,
    moduleOffset: module && ip !== null ? ip - module.base : null,
  };
}

/** The module whose [base, base + size) holds `address`. */
export function moduleAt(modules: readonly MinidumpModule[], address: bigint): MinidumpModule | null {
  return modules.find((m) => m.base <= address && address < m.end) ?? null;
}
