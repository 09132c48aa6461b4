/** Names of the Windows exception codes a C/C++ crash usually carries. */
const NAMES: Readonly<Record<string, string>> = {
  '80000001': 'EXCEPTION_GUARD_PAGE',
  '80000002': 'EXCEPTION_DATATYPE_MISALIGNMENT',
  '80000003': 'EXCEPTION_BREAKPOINT',
  '80000004': 'EXCEPTION_SINGLE_STEP',
  '4000001f': 'STATUS_WX86_BREAKPOINT',
  '406d1388': 'MS_VC_EXCEPTION',
  c0000005: 'EXCEPTION_ACCESS_VIOLATION',
  c0000006: 'EXCEPTION_IN_PAGE_ERROR',
  c0000008: 'EXCEPTION_INVALID_HANDLE',
  c0000017: 'STATUS_NO_MEMORY',
  c000001d: 'EXCEPTION_ILLEGAL_INSTRUCTION',
  c0000025: 'EXCEPTION_NONCONTINUABLE_EXCEPTION',
  c0000026: 'EXCEPTION_INVALID_DISPOSITION',
  c000008c: 'EXCEPTION_ARRAY_BOUNDS_EXCEEDED',
  c000008d: 'EXCEPTION_FLT_DENORMAL_OPERAND',
  c000008e: 'EXCEPTION_FLT_DIVIDE_BY_ZERO',
  c000008f: 'EXCEPTION_FLT_INEXACT_RESULT',
  c0000090: 'EXCEPTION_FLT_INVALID_OPERATION',
  c0000091: 'EXCEPTION_FLT_OVERFLOW',
  c0000092: 'EXCEPTION_FLT_STACK_CHECK',
  c0000093: 'EXCEPTION_FLT_UNDERFLOW',
  c0000094: 'EXCEPTION_INT_DIVIDE_BY_ZERO',
  c0000095: 'EXCEPTION_INT_OVERFLOW',
  c0000096: 'EXCEPTION_PRIV_INSTRUCTION',
  c00000fd: 'EXCEPTION_STACK_OVERFLOW',
  c0000135: 'STATUS_DLL_NOT_FOUND',
  c0000142: 'STATUS_DLL_INIT_FAILED',
  c0000194: 'EXCEPTION_POSSIBLE_DEADLOCK',
  c0000374: 'STATUS_HEAP_CORRUPTION',
  c0000409: 'STATUS_STACK_BUFFER_OVERRUN',
  c0000417: 'STATUS_INVALID_CRUNTIME_PARAMETER',
  c0000420: 'STATUS_ASSERTION_FAILURE',
  c0000602: 'STATUS_FAIL_FAST_EXCEPTION',
  c06d007e: 'VcppException (module not found)',
  c06d007f: 'VcppException (procedure not found)',
  e06d7363: 'C++ exception',
  e0434352: 'CLR exception',
  e0434f4d: 'CLR exception (COM+)',
};

/**
 * The name for an 8-hex-digit exception code. Unknown codes fall back to the
 * debugger's own wording (`Access violation`) when it printed one.
 */
export function exceptionName(code: string, debuggerText?: string | null): string {
  const known = NAMES[code.toLowerCase()];
  if (known) return known;
  const text = debuggerText?.trim();
  if (text) return text;
  return `Exception 0x${code.toLowerCase()}`;
}

/** Codes whose second parameter is the data address the instruction touched. */
export function hasFaultAddressParameter(code: string): boolean {
  return code === 'c0000005' || code === 'c0000006';
}
