import { CrashAutofixError } from '../../base/errors.js';
import { UNKNOWN_EXCEPTION_CODE, type RawCrash, type RawException, type RawFrame } from '../../domain/raw-crash.js';
import type { CdbAnalysis } from './cdb-analysis.js';
import { normaliseCode } from './cdb-text.js';

/**
 * Maps a parsed cdb analysis to the debugger-neutral RawCrash: one thread (the
 * faulting one), frames innermost first. A kernel bugcheck becomes an exception
 * whose code is the bugcheck code (`000000d1`) and whose name is the bugcheck name.
 * A bare stack listing gets the exception code `unknown`; a text with neither
 * an exception nor a stack is refused with a `bad-input` error.
 */
export function toRawCrash(analysis: CdbAnalysis, debuggerVersion: string | null): RawCrash {
  const threadId = analysis.threadId ?? '0';
  const sourceFrame = faultingSourceFrame(analysis);
  const addresses = frameAddresses(analysis);
  const frames = analysis.frames.map((frame, i): RawFrame => {
    const source = i === sourceFrame && frame.file === null ? analysis.faultingSource : null;
    const line = source?.line ?? frame.line;
    return {
      index: i,
      address: addresses[i] ?? null,
      module: frame.module,
      function: frame.function,
      file: source?.file ?? frame.file,
      line: line !== null && line > 0 ? line : null,
      inline: frame.inline,
    };
  });
  return {
    debugger: { name: 'cdb', version: debuggerVersion },
    exception: rawException(analysis),
    crashingThreadId: threadId,
    threads: [{ id: threadId, name: null, frames }],
    modules: analysis.modules.map((m) => ({ name: m.name, path: m.path, base: m.start, end: m.end, version: null })),
    process: { name: analysis.processName, pid: analysis.processId, commandLine: null },
    analysis:
      analysis.format === 'stack-only'
        ? null
        : {
            failureBucketId: analysis.failureBucketId,
            symbolName: analysis.symbolName,
            moduleName: analysis.moduleName,
            faultingSource: analysis.faultingSource,
          },
  };
}

function rawException(analysis: CdbAnalysis): RawException {
  const base = { address: analysis.exceptionAddress, description: analysis.description };
  if (analysis.exceptionCode) {
    return { ...base, code: analysis.exceptionCode, name: analysis.exceptionName ?? `Exception 0x${analysis.exceptionCode}` };
  }
  const bugcheck = analysis.bugcheck;
  const code = bugcheck ? normaliseCode(bugcheck.code) : null;
  if (bugcheck && code) return { ...base, code, name: bugcheck.name };
  // A `k`, `kn`, `kp`… listing shows where the thread was, not why: the stack is still worth a report.
  if (analysis.format === 'stack-only' && analysis.frames.length > 0) {
    return { ...base, code: UNKNOWN_EXCEPTION_CODE, name: 'Unknown exception (a stack listing without an exception record)' };
  }
  throw new CrashAutofixError(
    'bad-input',
    'The cdb output shows no exception record, exception code, bugcheck or stack, so there is no crash to report. ' +
      'Pass `!analyze -v` output of a dump written at the crash (WER LocalDumps, procdump -e), or its `k` stack listing.',
  );
}

/**
 * A bare-address call site is its own address; otherwise a frame's address is the
 * return address printed on the line of the frame it called (an inline frame
 * shares the address of the physical frame it sits in). The innermost physical
 * frame gets the exception address when the record names one of its symbols.
 */
function frameAddresses(analysis: CdbAnalysis): (string | null)[] {
  // One pass: 60,000 frames or 15,000 nested inline frames are damaged or hostile text, not a reason to hang or overflow the stack.
  const faulting = faultingInstruction(analysis);
  const out: (string | null)[] = [];
  let innermost = true;
  analysis.frames.forEach((frame, i) => {
    const previous = analysis.frames[i - 1];
    if (frame.address) out.push(frame.address);
    else if (innermost || !previous) out.push(faulting);
    else out.push(previous.inline ? (out[i - 1] ?? null) : previous.returnAddress);
    innermost &&= frame.inline;
  });
  return out;
}

function faultingInstruction(analysis: CdbAnalysis): string | null {
  const symbol = analysis.instructionSymbol;
  if (!analysis.instructionAddress || symbol === null) return null;
  const innermost = analysis.frames.slice(0, analysis.frames.findIndex((f) => !f.inline) + 1);
  return innermost.some((f) => symbolKey(f.callSite) === symbolKey(symbol)) ? analysis.instructionAddress : null;
}

/** The frame SYMBOL_NAME points at (FAULTING_SOURCE_* describe that frame), or -1. */
function faultingSourceFrame(analysis: CdbAnalysis): number {
  if (!analysis.faultingSource || !analysis.symbolName) return -1;
  const key = symbolKey(analysis.symbolName);
  return analysis.frames.findIndex((f) => symbolKey(f.callSite) === key);
}

/** `accessv!main+b2`, `AccessV!main+0x00000000000000b2` -> `accessv!main+b2`. */
function symbolKey(symbol: string): string {
  return symbol
    .toLowerCase()
    .replace(/\+(?:0x)?0*([0-9a-f])/, '+$1')
    .replace(/\+0$/, '');
}
