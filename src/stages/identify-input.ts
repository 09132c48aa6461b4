import { CrashAutofixError, StageError } from '../base/errors.js';
import type { DumpKind } from '../adapters/dump-file/identify-dump.js';
import type { StateOf } from '../domain/job-state.js';
import { readDebuggerText } from '../triage/debugger-text-file.js';

export interface IdentifyDeps {
  /** Which debugger the settings ask for. */
  debugger: 'auto' | 'gdb' | 'cdb';
  identifyDump: (file: string) => Promise<DumpKind>;
  readText?: (file: string) => Promise<string>;
}

const STAGE = 'identify';

/** CRASH_DETECTED → PARSING: checks that the input is a usable dump (or debugger text) and picks the debugger. */
export async function identifyInput(state: StateOf<'CRASH_DETECTED'>, deps: IdentifyDeps): Promise<StateOf<'PARSING'>> {
  const { input } = state;
  if (input.kind === 'debugger-text') {
    const text = await (deps.readText ?? readDebuggerText)(input.path);
    const detected = detectDebuggerText(text);
    const chosen = deps.debugger === 'auto' ? detected : deps.debugger;
    if (chosen === null) {
      throw new StageError(STAGE, 'bad-input', `${input.path} does not look like cdb or gdb output (no '!analyze -v', 'STACK_TEXT', 'Child-SP' or '#0  …' frames); set 'debugger' if it is one`, false);
    }
    return { status: 'PARSING', dump: { ...input, format: 'debugger-text', debugger: chosen } };
  }
  let kind: DumpKind;
  try {
    kind = await deps.identifyDump(input.path);
  } catch (e) {
    if (e instanceof CrashAutofixError) throw new StageError(STAGE, e.kind, e.message, false, { cause: e });
    throw e;
  }
  const natural = kind === 'elf-core' ? 'gdb' : 'cdb';
  if (deps.debugger !== 'auto' && deps.debugger !== natural) {
    const what = kind === 'elf-core' ? 'an ELF core file, which only gdb reads' : 'a Windows minidump, which only cdb reads';
    throw new StageError(STAGE, 'config', `${input.path} is ${what}; set 'debugger' to '${natural}' or 'auto'`, false);
  }
  if (kind === 'elf-core' && input.executable === null) {
    throw new StageError(STAGE, 'config', `gdb needs the crashed program to read ${input.path}; set 'executable' to the binary that produced the core`, false);
  }
  return { status: 'PARSING', dump: { ...input, format: kind, debugger: natural } };
}

/** Which debugger wrote a saved text, or null when neither fits. */
export function detectDebuggerText(text: string): 'cdb' | 'gdb' | null {
  if (/!analyze|STACK_TEXT:|FAILURE_BUCKET_ID|EXCEPTION_RECORD:|Child-SP|ChildEBP|RetAddr\s|KEY_VALUES_STRING|BUGCHECK_CODE/.test(text)) return 'cdb';
  if (/^#\d+\s+(0x[0-9a-fA-F]+ in )?\S/m.test(text)) return 'gdb';
  return null;
}
