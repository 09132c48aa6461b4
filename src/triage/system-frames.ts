import { normalizeFunctionName } from './function-name.js';

/**
 * Which frames belong to the runtime rather than to the program: the C and
 * C++ runtimes, the loader, the OS, allocators, assertion, abort, throw and
 * crash-handler machinery. These are never blamed for a crash.
 */

/** The fields of a frame these rules look at. */
export interface FrameNames {
  module: string | null;
  function: string | null;
}

const SYSTEM_MODULE = new RegExp(
  '^(?:' +
    [
      'libc', 'libm', 'libdl', 'librt', 'libpthread', 'libresolv', 'libstdc\\+\\+', 'libgcc_s', 'libgcc', 'libc\\+\\+',
      'libc\\+\\+abi', 'libunwind', 'libsupc\\+\\+', 'lib[almt]san', 'libubsan', 'ld-linux[\\w-]*', 'ld', 'ld64',
      'linux-vdso', 'linux-gate', 'ucrtbased?', 'msvcrt', 'msvcr\\d+d?', 'vcruntime\\d+(?:_\\d+)?d?',
      'msvcp\\d*(?:_\\w+)?d?', 'kernelbase', 'kernel32', 'ntdll', 'verifier', 'win32u', 'user32', 'wow64\\w*',
      'libsystem_\\w+', 'libdyld', 'dyld', 'libobjc[\\w.]*',
    ].join('|') +
    ')(?:-[\\d.]+)?$',
  'i',
);

/** Module short name without directory and extension: `/lib/x86_64-linux-gnu/libc.so.6` → `libc`. */
export function moduleBaseName(module: string): string {
  const name = module.split(/[\\/]/).pop() ?? module;
  return name.replace(/\.so(?:\.\d+)*$/i, '').replace(/\.(?:dll|exe|sys|dylib|drv)$/i, '');
}

export function isSystemModule(module: string | null): boolean {
  return module !== null && SYSTEM_MODULE.test(moduleBaseName(module));
}

/** Normalised names of runtime functions, whatever module they were linked into. */
const RUNTIME_FUNCTIONS = new Set([
  // abort, signals
  'abort', 'raise', 'gsignal', 'pthread_kill', '__pthread_kill_implementation', '__pthread_kill_internal',
  '__restore_rt', '__kernel_vsyscall', 'terminate', '_exit', 'exit',
  // assertions
  '__assert_fail', '__assert_fail_base', '__assert_perror_fail', '__assert_rtn', '__assert', '_assert', '_wassert',
  // exceptions and termination
  '__cxa_throw', '__cxa_rethrow', '__cxa_pure_virtual', '__cxa_deleted_virtual', '__cxa_call_terminate',
  '__cxa_call_unexpected', '_Unwind_RaiseException', '_Unwind_Resume', '_CxxThrowException', 'RaiseException',
  'RtlRaiseException', 'RtlReportCriticalFailure', 'RtlReportFatalFailure', '_purecall',
  // security checks and fail-fast
  '__report_gsfailure', '__report_rangecheckfailure', '__report_securityfailure', '__fastfail',
  '__security_check_cookie', '_invoke_watson', '_call_reportfault', '__stack_chk_fail', '__fortify_fail',
  '__chk_fail', '__libc_message', 'malloc_printerr',
  // allocators
  'operator new', 'operator new[]', 'operator delete', 'operator delete[]', 'malloc', 'calloc', 'realloc', 'free',
  'cfree', 'aligned_alloc', 'posix_memalign', 'memalign', 'valloc', '_int_malloc', '_int_free', '_int_realloc',
  '_malloc_base', '_calloc_base', '_realloc_base', '_free_base', '_malloc_dbg', '_calloc_dbg', '_realloc_dbg',
  '_free_dbg', '_aligned_malloc', '_aligned_free', '_msize', 'HeapAlloc', 'HeapFree', 'HeapReAlloc',
  'RtlAllocateHeap', 'RtlFreeHeap', 'RtlReAllocateHeap',
  // memory and string primitives: the caller passed the bad pointer
  'memcpy', 'memmove', 'memset', 'memcmp', 'memchr', 'strlen', 'strnlen', 'strcmp', 'strncmp', 'strcpy',
  'strncpy', 'strcat', 'strncat', 'strchr', 'strrchr', 'strstr', 'wcslen', 'wcscmp', 'wcscpy', 'wmemcpy',
  // stack probes, signal and exception trampolines, thread and process entry
  '__chkstk', '_chkstk', '_alloca_probe', '_alloca_probe_16', 'KiUserExceptionDispatcher', '_sigtramp',
  '<signal handler called>', 'start_thread', 'clone', 'clone3', '__libc_start_main', '__libc_start_call_main',
  '_start', 'RtlUserThreadStart', '_RtlUserThreadStart', '__RtlUserThreadStart', 'BaseThreadInitThunk',
  'invoke_main', '__scrt_common_main', '__scrt_common_main_seh', 'mainCRTStartup', 'wmainCRTStartup',
  'WinMainCRTStartup', 'wWinMainCRTStartup', 'thread_start', '_pthread_start',
]);

/** Prefixes of normalised runtime function names. */
const RUNTIME_PREFIXES = [
  '_invalid_parameter', '_CrtDbgReport', '__GI_', '__asan_', '__asan::', '__lsan::', '__ubsan::', '__tsan::',
  '__sanitizer::', '__sanitizer_', '__interceptor_', 'google_breakpad::', 'crashpad::', '__memmove_', '__memcpy_',
  '__memset_', '__memcmp_', '__memchr_', '__strlen_', '__strnlen_', '__strcmp_', '__strncmp_', '__strcpy_',
  '__stpcpy_', '__strchr_', '__wmemset_', 'std::__throw_', 'std::__glibcxx_assert', 'std::__replacement_assert',
  'std::terminate', 'std::__terminate', 'std::rethrow_exception', '__cxxabiv1::', '__gnu_cxx::__verbose_terminate',
  'std::allocator::', 'std::allocator_traits::', 'std::__new_allocator::', '__gnu_cxx::new_allocator::',
  'std::_Allocate', 'std::_Deallocate', 'std::_Default_allocate_traits::',
];

/** Standard-library code: not runtime machinery, but never the program's own. */
const LIBRARY_PREFIXES = ['std::', '__gnu_cxx::', '__gnu_debug::', '__cxxabiv1::', '__std_'];

/** Frames above these were run by a crash handler after the fault; the fault is just below. */
const TRAMPOLINES = new Set(['<signal handler called>', 'KiUserExceptionDispatcher', '_sigtramp']);

/**
 * The last name component of the program's own failure helpers (`Trinity::Assert`,
 * `qt_assert`, `FDebug::AssertFailed`, `Log::Fatal`, `Panic`): they report a
 * failure their caller detected, so the caller is to blame.
 */
const FAILURE_HELPER = /^(?:\w+_)?(?:assert(?:ion)?(?:_?(?:fail(?:ed|ure)?|handler|x))?|abort(?:_?handler)?|fatal(?:_?error)?|panic)$/i;

export function isFailureHelper(name: string): boolean {
  return FAILURE_HELPER.test(name.split('::').pop() ?? name);
}

export function isAssertHelper(name: string): boolean {
  return isFailureHelper(name) && /assert/i.test(name.split('::').pop() ?? name);
}

export function isRuntimeFunction(name: string): boolean {
  return RUNTIME_FUNCTIONS.has(name) || RUNTIME_PREFIXES.some((p) => name.startsWith(p));
}

export function isLibraryFunction(name: string): boolean {
  return LIBRARY_PREFIXES.some((p) => name.startsWith(p));
}

/** Runtime module, runtime function or standard library: never the program's own code. */
export function isSystemFrame(frame: FrameNames): boolean {
  if (isSystemModule(frame.module)) return true;
  const name = frame.function === null ? '' : normalizeFunctionName(frame.function);
  return name !== '' && (isRuntimeFunction(name) || isLibraryFunction(name));
}

/**
 * Index of the first frame the program was running when it crashed: just
 * below the first signal or exception trampoline, else 0.
 */
export function crashStartIndex(frames: readonly FrameNames[]): number {
  const at = frames.findIndex((f) => f.function !== null && TRAMPOLINES.has(normalizeFunctionName(f.function)));
  return at >= 0 && at + 1 < frames.length ? at + 1 : 0;
}

/**
 * A user pattern from `culprit-ignore`: a glob (`*` any run of characters, `?`
 * one character) when it has wildcards, else a prefix of the normalised name.
 * A pattern with `!` (`worldserver!Trinity::*`) is matched against `module!function`.
 */
export function compileFramePattern(pattern: string): (frame: FrameNames) => boolean {
  const p = pattern.trim();
  const glob = /[*?]/.test(p);
  const regex = glob
    ? new RegExp(`^${p.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`)
    : null;
  const withModule = /^[\w.*?-]+!(?!=)/.test(p) && !p.startsWith('operator!');
  return (frame) => {
    if (frame.function === null) return false;
    const name = normalizeFunctionName(frame.function);
    if (name === '') return false;
    const subject = withModule ? `${frame.module === null ? '' : moduleBaseName(frame.module)}!${name}` : name;
    return regex ? regex.test(subject) : subject.startsWith(p);
  };
}
