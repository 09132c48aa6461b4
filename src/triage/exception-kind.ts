import { normalizeFunctionName } from './function-name.js';
import { findRunawayRecursion } from './recursion.js';
import { crashStartIndex, isAssertHelper, isSystemFrame, type FrameNames } from './system-frames.js';

/**
 * The platform-neutral kind of a crash, from the debugger's exception code
 * (POSIX signal name or Windows NTSTATUS), refined by the stack where a code
 * alone is ambiguous. Kinds are lower-case words joined by `-`.
 */
export type ExceptionKind = string;

const WINDOWS_KINDS: Readonly<Record<string, ExceptionKind>> = {
  c0000005: 'access-violation',
  c0000006: 'access-violation', // in-page I/O error: a mapped page could not be read
  c0000008: 'invalid-handle',
  c0000017: 'out-of-memory',
  c000001d: 'illegal-instruction',
  c0000096: 'illegal-instruction', // privileged instruction
  c0000025: 'noncontinuable-exception',
  c000008c: 'array-bounds-exceeded',
  c000008e: 'divide-by-zero', // floating-point divide by zero (when not masked)
  c0000094: 'divide-by-zero',
  c0000095: 'divide-by-zero', // integer overflow: INT_MIN / -1
  c000008d: 'floating-point',
  c000008f: 'floating-point',
  c0000090: 'floating-point',
  c0000091: 'floating-point',
  c0000092: 'floating-point',
  c0000093: 'floating-point',
  c00002b4: 'floating-point',
  c00002b5: 'floating-point',
  c00000fd: 'stack-overflow',
  c0000374: 'heap-corruption',
  c0000409: 'fail-fast',
  c0000602: 'fail-fast',
  c0000420: 'assertion',
  e06d7363: 'cpp-exception',
  e0434352: 'clr-exception',
  e0434f4d: 'clr-exception',
  '80000003': 'breakpoint',
  '80000004': 'breakpoint', // single step
  '4000001f': 'breakpoint', // WOW64 breakpoint
  '80000002': 'misaligned-data',
  c0000194: 'deadlock', // possible deadlock on a critical section
};

const SIGNAL_KINDS: Readonly<Record<string, ExceptionKind>> = {
  SIGSEGV: 'access-violation',
  SIGBUS: 'access-violation',
  SIGFPE: 'divide-by-zero', // the signal does not say which arithmetic fault; on x86 it is integer division
  SIGABRT: 'abort',
  SIGIOT: 'abort',
  SIGILL: 'illegal-instruction',
  SIGTRAP: 'breakpoint',
  SIGSYS: 'bad-system-call',
  SIGKILL: 'killed',
  SIGTERM: 'terminated',
  SIGXCPU: 'cpu-time-limit',
  SIGXFSZ: 'file-size-limit',
};

/** Linux signal numbers, for debuggers that print a number. */
const SIGNAL_NUMBERS = ['', 'SIGHUP', 'SIGINT', 'SIGQUIT', 'SIGILL', 'SIGTRAP', 'SIGABRT', 'SIGBUS', 'SIGFPE',
  'SIGKILL', 'SIGUSR1', 'SIGSEGV', 'SIGUSR2', 'SIGPIPE', 'SIGALRM', 'SIGTERM'];

/** Windows and Breakpad exception names, for sources that give a name instead of a code. */
const NAMED_KINDS: Readonly<Record<string, ExceptionKind>> = {
  EXCEPTION_ACCESS_VIOLATION: 'access-violation',
  EXCEPTION_IN_PAGE_ERROR: 'access-violation',
  EXCEPTION_STACK_OVERFLOW: 'stack-overflow',
  EXCEPTION_INT_DIVIDE_BY_ZERO: 'divide-by-zero',
  EXCEPTION_INT_OVERFLOW: 'divide-by-zero',
  EXCEPTION_FLT_DIVIDE_BY_ZERO: 'divide-by-zero',
  EXCEPTION_ILLEGAL_INSTRUCTION: 'illegal-instruction',
  EXCEPTION_PRIV_INSTRUCTION: 'illegal-instruction',
  EXCEPTION_BREAKPOINT: 'breakpoint',
  EXCEPTION_SINGLE_STEP: 'breakpoint',
  STATUS_HEAP_CORRUPTION: 'heap-corruption',
  STATUS_STACK_BUFFER_OVERRUN: 'fail-fast',
  STATUS_FAIL_FAST_EXCEPTION: 'fail-fast',
  EXC_BAD_ACCESS: 'access-violation',
  EXC_BAD_INSTRUCTION: 'illegal-instruction',
  EXC_ARITHMETIC: 'divide-by-zero',
  EXC_BREAKPOINT: 'breakpoint',
  EXC_CRASH: 'abort',
};

/** The kind for a code alone, without looking at the stack. */
export function kindOfCode(code: string): ExceptionKind {
  const c = code.trim();
  const hex = c.toLowerCase().replace(/^0x/, '');
  if (/^[0-9a-f]{8}$/.test(hex)) return WINDOWS_KINDS[hex] ?? `exception-${hex}`;
  const upper = c.toUpperCase();
  if (/^\d{1,2}$/.test(c)) {
    const name = SIGNAL_NUMBERS[Number(c)];
    return name ? kindOfCode(name) : `signal-${Number(c)}`;
  }
  const named = NAMED_KINDS[upper.replace(/_(?:READ|WRITE|EXEC)$/, '')];
  if (named) return named;
  if (/^SIG[A-Z0-9]+$/.test(upper)) return SIGNAL_KINDS[upper] ?? `signal-${upper.slice(3).toLowerCase()}`;
  const slug = c.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  return slug === '' ? 'unknown' : slug;
}

/** Runtime functions that tell what a SIGABRT really was, as on Windows the exception code does. */
const ABORT_CAUSES: readonly [RegExp, ExceptionKind][] = [
  [/^(?:malloc_printerr|_int_free|_int_malloc|_int_realloc)$/, 'heap-corruption'],
  [/^(?:__stack_chk_fail|__fortify_fail|__chk_fail)$/, 'fail-fast'],
  [/^(?:__cxa_throw|__cxa_rethrow|__cxa_call_terminate|std::rethrow_exception)$/, 'cpp-exception'],
  [/^(?:__assert_fail|__assert_fail_base|__assert_perror_fail|__assert_rtn|_assert|_wassert)$/, 'assertion'],
];

/**
 * The kind of a crash from its exception code and the crashing thread's frames
 * (innermost first). The frames turn a Linux SIGABRT into the kind Windows
 * reports for the same failure, and a SIGSEGV from runaway recursion into
 * `stack-overflow`.
 */
export function exceptionKind(code: string, frames: readonly FrameNames[] = []): ExceptionKind {
  const kind = kindOfCode(code);
  if (kind === 'abort') return abortCause(frames) ?? kind;
  if (kind === 'access-violation' && isRunawayRecursion(frames)) return 'stack-overflow';
  return kind;
}

/** Looks only at the runtime frames on top of the stack, down to and including the first frame of the program. */
function abortCause(frames: readonly FrameNames[]): ExceptionKind | null {
  for (let i = crashStartIndex(frames); i < frames.length; i++) {
    const frame = frames[i] as FrameNames;
    const name = frame.function === null ? '' : normalizeFunctionName(frame.function);
    // The program's own assert helper (`Trinity::Assert`) fails like assert() does.
    if (!isSystemFrame(frame)) return isAssertHelper(name) ? 'assertion' : null;
    for (const [pattern, cause] of ABORT_CAUSES) if (pattern.test(name)) return cause;
  }
  return null;
}

function isRunawayRecursion(frames: readonly FrameNames[]): boolean {
  const names = frames.map((f) => (f.function === null ? '' : normalizeFunctionName(f.function))).filter((n) => n !== '');
  return findRunawayRecursion(names) !== null;
}
