import { readTextFile } from '../base/fs/read-text-file.js';

/**
 * Saved debugger output larger than this is not a crash report someone
 * pasted: even `thread apply all bt full` of a thousand threads stays below it.
 */
export const DEBUGGER_TEXT_MAX_BYTES = 64 * 1024 * 1024;

/** Reads a `from-output` file: one `bad-input` line when it is missing, not a regular file, unreadable or too large. */
export function readDebuggerText(file: string): Promise<string> {
  return readTextFile(file, { what: 'Debugger text', kind: 'bad-input', fix: "check the 'from-output' path; it must be a saved cdb or gdb text" }, DEBUGGER_TEXT_MAX_BYTES);
}
