import { CrashAutofixError, asStageError } from '../base/errors.js';
import { UNKNOWN_EXCEPTION_CODE, type RawCrash } from '../domain/raw-crash.js';
import type { ReportFiles, StateOf } from '../domain/job-state.js';
import type { CrashReport } from '../domain/crash-report.js';
import { buildReport } from '../triage/build-report.js';
import { readDebuggerText } from '../triage/debugger-text-file.js';

/** What a stage needs from a debugger adapter. */
export interface DumpDebugger {
  analyze(request: DebugRequest): Promise<RawCrash>;
}

export interface DebugRequest {
  dumpPath: string;
  executable: string | null;
  symbols: readonly string[];
  sourceRoot: string;
  symbolCache: string;
  timeoutMs: number;
}

export interface SourceRepository {
  /** Repository-relative files with `/`, or null when there is no source root. */
  listFiles(): Promise<string[] | null>;
  readSource(relativePath: string): Promise<string | null>;
}

export interface ParseDeps {
  /** Created on first use, so a missing debugger only matters when it is needed. */
  debugger: (name: 'gdb' | 'cdb') => Promise<DumpDebugger>;
  parseText: (name: 'gdb' | 'cdb', text: string) => RawCrash;
  repository: SourceRepository;
  writeReport: (report: CrashReport) => Promise<ReportFiles>;
  options: Omit<DebugRequest, 'dumpPath' | 'executable'> & { culpritIgnore: readonly string[]; contextLines: number };
  now: () => Date;
  readText?: (file: string) => Promise<string>;
  /**
   * Reads a minidump without a debugger (no symbols). Used when cdb is not
   * installed and the debugger setting is `auto`; absent means no fallback.
   */
  readMinidumpNatively?: (request: DebugRequest, warn: (message: string) => void) => Promise<RawCrash>;
  warn?: (message: string) => void;
}

const STAGE = 'parse';

/** PARSING → ANALYSIS_PENDING: runs the debugger (or parses its saved text) and writes the CrashReport. */
export async function parseDump(state: StateOf<'PARSING'>, deps: ParseDeps): Promise<StateOf<'ANALYSIS_PENDING'>> {
  const { dump } = state;
  let raw: RawCrash;
  try {
    if (dump.format === 'debugger-text') {
      const text = await (deps.readText ?? readDebuggerText)(dump.path);
      raw = deps.parseText(dump.debugger, text);
      if (raw.exception.code === UNKNOWN_EXCEPTION_CODE) {
        deps.warn?.(`${dump.path} is a stack listing without an exception record: the report has the stack, culprit and signature, but the exception is unknown. For the exception too, save '!analyze -v' (or '.ecxr' followed by 'k') from the dump`);
      }
    } else {
      const dbg = await debuggerOrFallback(dump, deps);
      raw = await dbg.analyze({ ...deps.options, dumpPath: dump.path, executable: dump.executable });
    }
  } catch (e) {
    throw asStageError(STAGE, e);
  }
  const report = await buildReport(raw, {
    repoFiles: await deps.repository.listFiles(),
    readSource: (p) => deps.repository.readSource(p),
    culpritIgnore: [...deps.options.culpritIgnore],
    contextLines: deps.options.contextLines,
    dump: { path: dump.path, format: dump.format, fingerprint: dump.fingerprint, executable: dump.executable },
    now: deps.now(),
  });
  const files = await deps.writeReport(report);
  return { status: 'ANALYSIS_PENDING', dump, report, files };
}

async function debuggerOrFallback(dump: StateOf<'PARSING'>['dump'], deps: ParseDeps): Promise<DumpDebugger> {
  try {
    return await deps.debugger(dump.debugger);
  } catch (e) {
    const native = deps.readMinidumpNatively;
    if (dump.format !== 'minidump' || !native || !(e instanceof CrashAutofixError) || e.kind !== 'tool-missing') throw e;
    deps.warn?.(`${e.message} — reporting from the minidump alone: a stack walk of the crashing thread, with functions and lines when llvm-symbolizer and the module files ('executable', 'symbols') are at hand`);
    return { analyze: (request) => native(request, (m) => deps.warn?.(m)) };
  }
}
