import { exceptionName } from '../../domain/exceptions/windows-exceptions.js';
import { FAULT_SIGNALS, describeSiginfo, signalByNumber } from '../../domain/exceptions/linux-signals.js';
import type { RawException } from '../../domain/raw-crash.js';
import type { Minidump, MinidumpException, OsPlatform } from './minidump-types.js';
import { isWindows } from './system-info.js';

/** Mach exception types (mach/exception_types.h), as macOS/iOS writers store them in ExceptionCode. */
const MACH_EXCEPTIONS: Readonly<Record<number, string>> = {
  1: 'EXC_BAD_ACCESS',
  2: 'EXC_BAD_INSTRUCTION',
  3: 'EXC_ARITHMETIC',
  4: 'EXC_EMULATION',
  5: 'EXC_SOFTWARE',
  6: 'EXC_BREAKPOINT',
  7: 'EXC_SYSCALL',
  8: 'EXC_MACH_SYSCALL',
  9: 'EXC_RPC_ALERT',
  10: 'EXC_CRASH',
  11: 'EXC_RESOURCE',
  12: 'EXC_GUARD',
  13: 'EXC_CORPSE_NOTIFY',
};
const MACH_FAULTS = new Set(['EXC_BAD_ACCESS', 'EXC_BAD_INSTRUCTION', 'EXC_ARITHMETIC']);

/** kern_return_t codes an EXC_BAD_ACCESS carries in ExceptionFlags. */
const KERN_CODES: Readonly<Record<number, string>> = {
  1: 'KERN_INVALID_ADDRESS',
  2: 'KERN_PROTECTION_FAILURE',
  8: 'KERN_NO_ACCESS',
  9: 'KERN_MEMORY_FAILURE',
  10: 'KERN_MEMORY_ERROR',
  13: 'EXC_I386_GPFLT',
  50: 'KERN_CODESIGN_ERROR',
};

/** __fastfail codes (winnt.h FAST_FAIL_*), ExceptionInformation[0] of STATUS_STACK_BUFFER_OVERRUN. */
const FAST_FAIL: readonly string[] = [
  'LEGACY_GS_VIOLATION',
  'VTGUARD_CHECK_FAILURE',
  'STACK_COOKIE_CHECK_FAILURE',
  'CORRUPT_LIST_ENTRY',
  'INCORRECT_STACK',
  'INVALID_ARG',
  'GS_COOKIE_INIT',
  'FATAL_APP_EXIT',
  'RANGE_CHECK_FAILURE',
  'UNSAFE_REGISTRY_ACCESS',
  'GUARD_ICALL_CHECK_FAILURE',
  'GUARD_WRITE_CHECK_FAILURE',
  'INVALID_FIBER_SWITCH',
  'INVALID_SET_OF_CONTEXT',
  'INVALID_REFERENCE_COUNT',
  '',
  '',
  '',
  'INVALID_JUMP_BUFFER',
  'MRDATA_MODIFIED',
  'CERTIFICATION_FAILURE',
  'INVALID_EXCEPTION_CHAIN',
  'CRYPTO_LIBRARY',
  'INVALID_CALL_IN_DLL_CALLOUT',
  'INVALID_IMAGE_BASE',
  'DLOAD_PROTECTION_FAILURE',
];

const ACCESS_KINDS: Readonly<Record<string, string>> = {
  '0': 'Attempt to read from address',
  '1': 'Attempt to write to address',
  '8': 'Attempt to execute non-executable address',
};

export const hex = (value: bigint | number): string => `0x${value.toString(16)}`;

/**
 * The exception in the words the other debugger adapters use: 8 hex digits
 * and the NTSTATUS name on Windows, the signal on Linux, the Mach exception on
 * macOS. `address` is the faulting data address, only for memory faults.
 */
export function describeException(md: Minidump, exception: MinidumpException): RawException {
  const platform: OsPlatform = md.systemInfo?.platform ?? (exception.code > 0xffff ? 'win32_nt' : 'unknown');
  const crashAddress = md.crash ? hex(md.crash.address) : null;
  if (platform === 'linux' || platform === 'android' || platform === 'solaris' || platform === 'unix') {
    const signal = signalByNumber(exception.code);
    const fault = FAULT_SIGNALS.has(signal.code);
    const address = fault ? crashAddress : null;
    // si_code is signed; Crashpad and newer Breakpad store it in ExceptionFlags, older Breakpad left 0 there.
    const siCode = exception.flags | 0;
    return { ...signal, address, description: siCode === 0 ? null : describeSiginfo(signal.code, siCode, address) };
  }
  if (platform === 'mac_os_x' || platform === 'ios') {
    const name = MACH_EXCEPTIONS[exception.code] ?? `EXC_${exception.code}`;
    const fault = MACH_FAULTS.has(name);
    const kern = name === 'EXC_BAD_ACCESS' ? KERN_CODES[exception.flags] : undefined;
    const address = fault ? crashAddress : null;
    return { code: name, name, address, description: kern ? `${kern}${address ? ` at ${address}` : ''}` : null };
  }
  const code = exception.code.toString(16).padStart(8, '0');
  const windows = isWindows(platform);
  const memoryFault = windows && (code === 'c0000005' || code === 'c0000006') && exception.parameters.length >= 2;
  const address = memoryFault ? crashAddress : null;
  return { code, name: exceptionName(code), address, description: windows ? windowsDetail(code, exception, address) : null };
}

function windowsDetail(code: string, exception: MinidumpException, address: string | null): string | null {
  const first = exception.parameters[0];
  if (first === undefined) return null;
  if (address !== null) {
    const attempt = ACCESS_KINDS[first.toString()] ?? `Attempt to access (kind ${first}) address`;
    return code === 'c0000006' ? `${attempt} ${address} (in-page I/O error)` : `${attempt} ${address}`;
  }
  if (code === 'c0000409') {
    const name = FAST_FAIL[Number(first)];
    return `Subcode: ${hex(first)}${name ? ` FAST_FAIL_${name}` : ''}`;
  }
  return null;
}
