import { fileExists } from '../base/fs/file-exists.js';
import path from 'node:path';
import type { ProcessRunner } from '../adapters/exec/process-runner.js';
import { combinedOutput } from './build-result.js';
import { repoRelative } from './diagnostics-format.js';
import { CPPCHECK_TEMPLATE, parseClangTidyOutput, parseCppcheckOutput, type AnalyzerFinding } from './analyzer-output.js';
import type { PathLookup } from './path-lookup.js';

export type AnalyzerTool = 'clang-tidy' | 'cppcheck';

/** Lines a fix changed, repository-relative with `/`, both ends included. */
export interface ChangedRange {
  file: string;
  startLine: number;
  endLine: number;
}

export interface StaticAnalysisInput {
  repoRoot: string;
  /** Repository-relative paths of the changed files; only C/C++ sources among them are analysed. */
  changedFiles: readonly string[];
  changedRanges: readonly ChangedRange[];
  /** A configured build folder; clang-tidy needs its compile_commands.json. */
  buildDir?: string;
  runner: ProcessRunner;
  which: PathLookup;
  timeoutMs: number;
}

export interface StaticAnalysisResult {
  /** The analyser that ran, or null when neither clang-tidy (with a compilation database) nor cppcheck is installed. */
  tool: AnalyzerTool | null;
  /** Findings on changed lines only, files repository-relative. */
  findings: AnalyzerFinding[];
  /** The analyser ran but was cut off at the time limit; its findings may be incomplete. */
  timedOut: boolean;
}

const SOURCE = /\.(?:c|cc|cpp|cxx|c\+\+|m|mm)$/i;

/** Which analyser can run: clang-tidy when it and a compilation database exist, else cppcheck, else none. */
export async function detectAnalyzer(which: PathLookup, buildDir: string | undefined): Promise<{ tool: AnalyzerTool; path: string } | null> {
  const tidy = await which('clang-tidy');
  if (tidy && buildDir && (await fileExists(path.join(buildDir, 'compile_commands.json')))) return { tool: 'clang-tidy', path: tidy };
  const cppcheck = await which('cppcheck');
  return cppcheck ? { tool: 'cppcheck', path: cppcheck } : null;
}

/** Runs the analyser on the changed sources and keeps what it says about the changed lines. */
export async function runStaticAnalysis(input: StaticAnalysisInput): Promise<StaticAnalysisResult> {
  const found = await detectAnalyzer(input.which, input.buildDir);
  if (!found) return { tool: null, findings: [], timedOut: false };
  const sources = [...new Set(input.changedFiles.filter((f) => SOURCE.test(f)))];
  if (sources.length === 0 || input.changedRanges.length === 0) return { tool: found.tool, findings: [], timedOut: false };
  const options = { cwd: input.repoRoot, timeoutMs: input.timeoutMs, env: { LC_ALL: 'C' } };
  const run = found.tool === 'clang-tidy'
    ? await input.runner.run(found.path, ['-p', input.buildDir ?? '.', '--quiet', ...sources], options)
    : await input.runner.run(found.path, ['--enable=warning,style,performance,portability', '--inline-suppr', '--quiet', `--template=${CPPCHECK_TEMPLATE}`, ...sources], options);
  const all = found.tool === 'clang-tidy' ? parseClangTidyOutput(combinedOutput(run)) : parseCppcheckOutput(combinedOutput(run));
  return { tool: found.tool, findings: onChangedLines(all, input.changedRanges, input.repoRoot), timedOut: run.timedOut };
}

/** Findings inside a changed range, their files made repository-relative; findings outside the repository are dropped. */
export function onChangedLines(findings: readonly AnalyzerFinding[], ranges: readonly ChangedRange[], repoRoot: string): AnalyzerFinding[] {
  const out: AnalyzerFinding[] = [];
  for (const f of findings) {
    const file = repoRelative(f.file, repoRoot);
    if (!file) continue;
    if (ranges.some((r) => normalise(r.file) === file && f.line >= r.startLine && f.line <= r.endLine)) out.push({ ...f, file });
  }
  return out;
}

function normalise(file: string): string {
  return file.replace(/\\/g, '/').replace(/^\.\//, '');
}

/** The static-analysis gate's analyser: the tool, runner and time limit fixed, the fix's files and lines per call. */
export interface StaticAnalyzer {
  analyse(target: Pick<StaticAnalysisInput, 'repoRoot' | 'changedFiles' | 'changedRanges' | 'buildDir'>): Promise<StaticAnalysisResult>;
}

export function staticAnalyzer(options: Pick<StaticAnalysisInput, 'runner' | 'which' | 'timeoutMs'>): StaticAnalyzer {
  return { analyse: (target) => runStaticAnalysis({ ...target, runner: options.runner, which: options.which, timeoutMs: options.timeoutMs }) };
}
