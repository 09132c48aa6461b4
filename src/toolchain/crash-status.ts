/**
 * Whether a finished process crashed, from how it ended. POSIX: killed by a
 * fault signal, or a shell/wrapper exit code 128+signal. Windows: an NTSTATUS
 * of error severity (0xC…, e.g. 0xC0000005 access violation), which Node
 * reports as a large unsigned or a negative exit code, except the statuses
 * that mean the program never started (a DLL missing).
 */
export const CRASH_SIGNALS = ['SIGSEGV', 'SIGABRT', 'SIGFPE', 'SIGBUS', 'SIGILL', 'SIGTRAP', 'SIGSYS'] as const;
export type CrashSignal = (typeof CRASH_SIGNALS)[number];

const SIGNAL_NUMBERS: Record<number, CrashSignal> = { 4: 'SIGILL', 5: 'SIGTRAP', 6: 'SIGABRT', 7: 'SIGBUS', 8: 'SIGFPE', 11: 'SIGSEGV', 31: 'SIGSYS' };

const NTSTATUS_NAMES: Record<number, string> = {
  0xc0000005: 'STATUS_ACCESS_VIOLATION',
  0xc000001d: 'STATUS_ILLEGAL_INSTRUCTION',
  0xc0000094: 'STATUS_INTEGER_DIVIDE_BY_ZERO',
  0xc0000095: 'STATUS_INTEGER_OVERFLOW',
  0xc000008e: 'STATUS_FLOAT_DIVIDE_BY_ZERO',
  0xc00000fd: 'STATUS_STACK_OVERFLOW',
  0xc0000374: 'STATUS_HEAP_CORRUPTION',
  0xc0000409: 'STATUS_STACK_BUFFER_OVERRUN',
  0xc0000417: 'STATUS_INVALID_CRUNTIME_PARAMETER',
  0x80000003: 'STATUS_BREAKPOINT',
  0xe06d7363: 'C++ exception',
};
/** Loader failures: the program did not run, so it did not crash. */
const NOT_STARTED = new Set([0xc0000135, 0xc0000139, 0xc0000142, 0xc000007b]);

export interface CrashStatus {
  crashed: boolean;
  /** `SIGSEGV`, `STATUS_ACCESS_VIOLATION`, `0xC0000420`…, or null. */
  reason: string | null;
}

export function crashStatus(end: { signal: string | null; exitCode: number | null }, platform: NodeJS.Platform): CrashStatus {
  if (end.signal !== null) {
    const crashed = (CRASH_SIGNALS as readonly string[]).includes(end.signal);
    return { crashed, reason: end.signal };
  }
  const code = end.exitCode;
  if (code === null) return { crashed: false, reason: null };
  if (platform === 'win32') {
    const status = code >>> 0;
    const known = NTSTATUS_NAMES[status];
    if (known) return { crashed: true, reason: known };
    if (status >= 0xc0000000 && status <= 0xcfffffff && !NOT_STARTED.has(status)) {
      return { crashed: true, reason: `0x${status.toString(16).toUpperCase()}` };
    }
    return { crashed: false, reason: null };
  }
  const viaShell = code > 128 ? SIGNAL_NUMBERS[code - 128] : undefined;
  return viaShell ? { crashed: true, reason: viaShell } : { crashed: false, reason: null };
}
