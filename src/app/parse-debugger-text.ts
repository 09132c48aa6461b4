import { parseCdbOutput } from '../debuggers/cdb/parse-cdb-output.js';
import { toRawCrash } from '../debuggers/cdb/to-raw-crash.js';
import { parseGdbBacktrace } from '../debuggers/gdb-text/parse-gdb-backtrace.js';
import type { RawCrash } from '../debuggers/raw-crash.js';

/** Saved debugger text (a pasted `!analyze -v` or `bt`) to a RawCrash. */
export function parseDebuggerText(name: 'gdb' | 'cdb', text: string): RawCrash {
  return name === 'cdb' ? toRawCrash(parseCdbOutput(text), null) : parseGdbBacktrace(text);
}
