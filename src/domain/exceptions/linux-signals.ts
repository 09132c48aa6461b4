/** Linux x86/arm signal numbers with gdb's own names for them, for cores gdb does not name. */
const SIGNALS: Record<number, readonly [string, string]> = {
  1: ['SIGHUP', 'Hangup'],
  2: ['SIGINT', 'Interrupt'],
  3: ['SIGQUIT', 'Quit'],
  4: ['SIGILL', 'Illegal instruction'],
  5: ['SIGTRAP', 'Trace/breakpoint trap'],
  6: ['SIGABRT', 'Aborted'],
  7: ['SIGBUS', 'Bus error'],
  8: ['SIGFPE', 'Arithmetic exception'],
  9: ['SIGKILL', 'Killed'],
  10: ['SIGUSR1', 'User defined signal 1'],
  11: ['SIGSEGV', 'Segmentation fault'],
  12: ['SIGUSR2', 'User defined signal 2'],
  13: ['SIGPIPE', 'Broken pipe'],
  14: ['SIGALRM', 'Alarm clock'],
  15: ['SIGTERM', 'Terminated'],
  24: ['SIGXCPU', 'CPU time limit exceeded'],
  25: ['SIGXFSZ', 'File size limit exceeded'],
  31: ['SIGSYS', 'Bad system call'],
};

/** Signals whose siginfo carries the faulting address (`_sigfault.si_addr`). */
export const FAULT_SIGNALS: ReadonlySet<string> = new Set(['SIGSEGV', 'SIGBUS', 'SIGFPE', 'SIGILL']);

export function signalByNumber(signo: number): { code: string; name: string } {
  const known = SIGNALS[signo];
  return known ? { code: known[0], name: known[1] } : { code: `SIG${signo}`, name: `Signal ${signo}` };
}

const SI_CODES: Record<string, Record<number, string>> = {
  SIGSEGV: { 1: 'SEGV_MAPERR: address not mapped to object', 2: 'SEGV_ACCERR: invalid permissions for mapped object', 3: 'SEGV_BNDERR: failed address bound checks', 4: 'SEGV_PKUERR: access denied by memory protection keys' },
  SIGBUS: { 1: 'BUS_ADRALN: invalid address alignment', 2: 'BUS_ADRERR: nonexistent physical address', 3: 'BUS_OBJERR: object-specific hardware error' },
  SIGFPE: { 1: 'FPE_INTDIV: integer divide by zero', 2: 'FPE_INTOVF: integer overflow', 3: 'FPE_FLTDIV: floating-point divide by zero', 4: 'FPE_FLTOVF: floating-point overflow', 5: 'FPE_FLTUND: floating-point underflow', 6: 'FPE_FLTRES: floating-point inexact result', 7: 'FPE_FLTINV: invalid floating-point operation', 8: 'FPE_FLTSUB: subscript out of range' },
  SIGILL: { 1: 'ILL_ILLOPC: illegal opcode', 2: 'ILL_ILLOPN: illegal operand', 3: 'ILL_ILLADR: illegal addressing mode', 4: 'ILL_ILLTRP: illegal trap', 5: 'ILL_PRVOPC: privileged opcode', 6: 'ILL_PRVREG: privileged register', 7: 'ILL_COPROC: coprocessor error', 8: 'ILL_BADSTK: internal stack error' },
};
const GENERIC_SI_CODES: Record<number, string> = {
  0: 'SI_USER: sent by kill()',
  [-1]: 'SI_QUEUE: sent by sigqueue()',
  [-6]: 'SI_TKILL: sent by tkill() from inside the process (abort, raise)',
  128: 'SI_KERNEL: sent by the kernel',
};

/** `SEGV_MAPERR: address not mapped to object at 0x0`, or null when the code means nothing to us. */
export function describeSiginfo(signal: string, siCode: number | null, address: string | null): string | null {
  if (siCode === null) return null;
  const text = (siCode > 0 && siCode < 128 ? SI_CODES[signal]?.[siCode] : undefined) ?? GENERIC_SI_CODES[siCode];
  if (!text) return null;
  return address !== null && FAULT_SIGNALS.has(signal) && siCode > 0 && siCode < 128 ? `${text} at ${address}` : text;
}
