import { CrashAutofixError } from '../../base/errors.js';
import type { RawCrash, RawFrame, RawModule, RawThread } from '../../domain/raw-crash.js';
import { moduleAt } from './crash-summary.js';
import { describeException, hex } from './exception-naming.js';
import type { Minidump, MinidumpModule } from './minidump-types.js';
import { isWindows } from './system-info.js';

/**
 * A RawCrash from a minidump alone, for pre-triage where cdb is not
 * available: no symbols, so each thread has one frame, its instruction
 * pointer as `module` + address (the crashing thread's from the exception
 * context). Thread ids are the system thread ids in decimal.
 * Throws `bad-input` for a dump written without an exception (a live process).
 */
export function minidumpToRawCrash(md: Minidump): RawCrash {
  const { exception, crash } = md;
  if (!exception || !crash) {
    throw new CrashAutofixError(
      'bad-input',
      `${md.file} holds no exception record: it was written from a running process, not at a crash; pass the dump written when the program crashed (WER LocalDumps, procdump -e, the crash handler)`,
    );
  }
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

/**
 * cdb names a Windows module by its file name without the extension, with
 * characters other than letters, digits and `_` turned into `_`
 * (`api-ms-win-crt-heap-l1-1-0.dll` -> `api_ms_win_crt_heap_l1_1_0`); gdb
 * keeps the file name (`libc.so.6`). Using the same names keeps crash
 * signatures equal whichever tool read the dump.
 */
function moduleNamer(md: Minidump): (m: MinidumpModule) => string {
  const windows = md.systemInfo ? isWindows(md.systemInfo.platform) : (md.exception?.code ?? 0) > 0xffff;
  if (!windows) return (m) => m.name;
  return (m) => {
    const dot = m.name.lastIndexOf('.');
    const stem = dot > 0 ? m.name.slice(0, dot) : m.name;
    return stem.replace(/[^A-Za-z0-9_]/g, '_');
  };
}
