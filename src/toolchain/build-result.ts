import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { RunResult } from '../adapters/exec/process-runner.js';
import { parseDiagnostics, type CompilerDiagnostic } from './compiler-diagnostics.js';

export interface BuildResult {
  ok: boolean;
  durationMs: number;
  /** Where the full output was written, when the caller asked for a log. */
  logFile?: string;
  /** Errors first, then warnings. */
  diagnostics: CompilerDiagnostic[];
  /** Null when the build was killed (timeout, signal). */
  exitCode: number | null;
  timedOut: boolean;
  /** The last few kilobytes of output, for a failure the parser found nothing in (a make or script error). */
  outputTail: string;
}

const TAIL_BYTES = 4096;

/** Standard output, then standard error; compilers write diagnostics to the latter. */
export function combinedOutput(run: RunResult): string {
  if (!run.stderr) return run.stdout;
  if (!run.stdout) return run.stderr;
  return `${run.stdout}${run.stdout.endsWith('\n') ? '' : '\n'}${run.stderr}`;
}

export function tail(text: string, bytes = TAIL_BYTES): string {
  if (Buffer.byteLength(text) <= bytes) return text;
  const cut = Buffer.from(text).subarray(-bytes).toString('utf8').replace(/^\uFFFD/, '');
  const firstLine = cut.indexOf('\n');
  return firstLine >= 0 && firstLine < cut.length - 1 ? cut.slice(firstLine + 1) : cut;
}

/** Writes the log (when asked), parses the diagnostics and says whether the build succeeded. */
export async function toBuildResult(run: RunResult, logFile: string | undefined): Promise<BuildResult> {
  const output = combinedOutput(run);
  if (logFile) {
    await mkdir(path.dirname(logFile), { recursive: true });
    await writeFile(logFile, output, 'utf8');
  }
  const result: BuildResult = {
    ok: run.exitCode === 0 && !run.timedOut,
    durationMs: Math.round(run.durationMs),
    diagnostics: parseDiagnostics(output),
    exitCode: run.timedOut ? null : run.exitCode,
    timedOut: run.timedOut,
    outputTail: tail(output),
  };
  if (logFile) result.logFile = logFile;
  return result;
}

/** One line naming the first compiler error, or why the build stopped. */
export function buildFailure(result: BuildResult): string {
  const first = result.diagnostics.find((d) => d.severity === 'error');
  if (first) return `${first.file ?? '?'}${first.line ? `:${first.line}` : ''}: ${first.message}`;
  return result.timedOut ? 'the build timed out' : `exit code ${String(result.exitCode)}`;
}
