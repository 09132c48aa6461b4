import { parseCdbOutput } from '../adapters/cdb/parse-cdb-output.js';
import { toRawCrash } from '../adapters/cdb/cdb-to-raw-crash.js';
import { parseGdbBacktrace } from '../adapters/gdb/parse-gdb-backtrace.js';
import type { RawCrash } from '../domain/raw-crash.js';

/** Saved debugger text (a pasted `!analyze -v` or `bt`) to a RawCrash. */
export function parseDebuggerText(name: 'gdb' | 'cdb', text: string): RawCrash {
  return name === 'cdb' ? toRawCrash(parseCdbOutput(text), null) : parseGdbBacktrace(text);
}
