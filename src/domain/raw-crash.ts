/**
 * What a debugger adapter extracts from a dump, before any repository-aware
 * processing (path mapping, culprit, signature). Debugger-neutral.
 */
export interface RawFrame {
  index: number;
  /** Instruction or return address as printed, lower-case hex with 0x prefix. */
  address: string | null;
  /** Module short name: `libc.so.6`, `worldserver`, `ntdll`, `AccessV`. */
  module: string | null;
  /** Function as the debugger prints it (demangled), without the `+0x..` offset. */
  function: string | null;
  /** Source file exactly as recorded in the debug info (build-machine path). */
  file: string | null;
  line: number | null;
  /** True for a frame that gdb or cdb reports as inlined into its caller. */
  inline: boolean;
}

export interface RawThread {
  /** Debugger thread id: gdb's LWP number, cdb's `pid.tid` or system tid. */
  id: string;
  name: string | null;
  frames: RawFrame[];
}

export interface RawModule {
  name: string;
  path: string | null;
  base: string | null;
  end: string | null;
  version: string | null;
}

export interface RawException {
  /** `SIGSEGV` on POSIX, 8 lower-case hex digits (`c0000005`) on Windows. */
  code: string;
  /** Human name: `Segmentation fault`, `EXCEPTION_ACCESS_VIOLATION`. */
  name: string;
  /** Faulting data address for access violations / SIGSEGV, when known. */
  address: string | null;
  /** Free-text detail from the debugger (`Attempt to write to address 0`). */
  description: string | null;
}

/** Extra facts only `!analyze -v` knows; null elsewhere. */
/**
 * The code of a crash whose text names no exception: a bare stack listing
 * (cdb's `k` family). The report still has the stack, culprit and signature
 * (kind `unknown`); the job warns that the exception is missing.
 */
export const UNKNOWN_EXCEPTION_CODE = 'unknown';

export interface RawAnalysis {
  failureBucketId: string | null;
  symbolName: string | null;
  moduleName: string | null;
  faultingSource: { file: string; line: number } | null;
}

export interface RawCrash {
  /** `minidump` and `native`: read without a debugger (a minidump's streams; a core's notes), by the stack walk and llvm-symbolizer. */
  debugger: { name: 'gdb' | 'cdb' | 'minidump' | 'native'; version: string | null };
  exception: RawException;
  crashingThreadId: string;
  /** All threads; the crashing thread is among them. */
  threads: RawThread[];
  modules: RawModule[];
  process: { name: string | null; pid: number | null; commandLine: string | null };
  analysis: RawAnalysis | null;
}

export function crashingThread(raw: RawCrash): RawThread | undefined {
  return raw.threads.find((t) => t.id === raw.crashingThreadId);
}

/** Line numbers past this are damage in the text, not source lines (and past 2^53 not even exact numbers). */
const MAX_SOURCE_LINE = 2 ** 31 - 1;

/** Whether a number read from debugger output can be a source line. */
export function isSourceLine(n: number | null): n is number {
  return n !== null && Number.isSafeInteger(n) && n > 0 && n <= MAX_SOURCE_LINE;
}
