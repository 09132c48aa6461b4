import type { RawCrash, RawFrame, RawModule, RawThread } from '../../domain/raw-crash.js';
import { moduleAt } from './crash-summary.js';
import { describeException, hex } from './exception-naming.js';
import { noExceptionRecord } from './minidump-errors.js';
import type { Minidump } from './minidump-types.js';
import { moduleNamer } from './module-naming.js';

/**
 * A RawCrash from a minidump alone, for pre-triage where cdb is not
 * available: no symbols, so each thread has one frame, its instruction
 * pointer as `module` + address (the crashing thread's from the exception
 * context). Thread ids are the system thread ids in decimal.
 * Throws `bad-input` for a dump written without an exception (a live process).
 */
export function minidumpToRawCrash(md: Minidump): RawCrash {
  const { exception, crash } = md;
  if (!exception || !crash) throw noExceptionRecord(md.file);
  const shortName = moduleNamer(md);
  const frame = (ip: bigint | null): RawFrame[] => {
    if (ip === null) return [];
    const module = moduleAt(md.modules, ip);
    return [{ index: 0, address: hex(ip), module: module ? shortName(module) : null, function: null, file: null, line: null, inline: false }];
  };
  const threads: RawThread[] = md.threads.map((t) => ({
    id: String(t.id),
    name: t.name || null,
    // A writer that left the exception context out still has the thread's own context.
    frames: frame(t.id === exception.threadId ? (crash.instructionPointer ?? t.instructionPointer) : t.instructionPointer),
  }));
  if (crash.threadIndex === null) threads.unshift({ id: String(exception.threadId), name: null, frames: frame(crash.instructionPointer) });
  const modules: RawModule[] = md.modules.map((m) => ({
    name: shortName(m),
    path: m.path || null,
    base: hex(m.base),
    end: hex(m.end),
    version: m.version,
  }));
  const main = md.modules[0];
  return {
    // Read natively, without a debugger: no symbols, one frame per thread.
    debugger: { name: 'minidump', version: null },
    exception: describeException(md, exception),
    crashingThreadId: String(exception.threadId),
    threads,
    modules,
    process: { name: main ? main.name : null, pid: md.miscInfo?.processId ?? null, commandLine: md.commandLine },
    analysis: null,
  };
}
