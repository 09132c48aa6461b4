import { parseDiagnostics } from './compiler-diagnostics.js';

export type FindingSeverity = 'error' | 'warning' | 'style' | 'performance' | 'portability';

/** One problem a static analyser reported, its file as the tool printed it. */
export interface AnalyzerFinding {
  file: string;
  line: number;
  column: number | null;
  severity: FindingSeverity;
  message: string;
  /** `bugprone-use-after-move`, `nullPointer`, or null. */
  check: string | null;
}

/** `file:line:col: warning: message [check-name]` with notes and source excerpts between, as clang-tidy prints. */
export function parseClangTidyOutput(text: string): AnalyzerFinding[] {
  const findings: AnalyzerFinding[] = [];
  for (const d of parseDiagnostics(text, { max: 10_000, maxNotes: 0 })) {
    if (!d.file || d.line === null) continue;
    findings.push({ file: d.file, line: d.line, column: d.column, severity: d.severity, message: d.message, check: d.code });
  }
  return findings;
}

/** The `--template` cppcheck is run with, so its findings read like the line below. */
export const CPPCHECK_TEMPLATE = '{file}:{line}:{column}: {severity}: {message} [{id}]';
const CPPCHECK_LINE = /^(?<file>.+?):(?<line>\d+):(?<col>\d+): (?<sev>error|warning|style|performance|portability|information): (?<msg>.*) \[(?<id>[\w.-]+)\]$/;
/** Notes about cppcheck itself, not the code. */
const CPPCHECK_NOISE = /^(?:missingInclude|missingIncludeSystem|checkersReport|unmatchedSuppression|toomanyconfigs|normalCheckLevelMaxBranches)$/;

/** Lines in CPPCHECK_TEMPLATE form; information-level and tool notes are dropped. */
export function parseCppcheckOutput(text: string): AnalyzerFinding[] {
  const findings: AnalyzerFinding[] = [];
  const seen = new Set<string>();
  for (const raw of text.split(/\r?\n/)) {
    const g = CPPCHECK_LINE.exec(raw.trim())?.groups;
    if (!g?.file || !g.sev || g.sev === 'information' || CPPCHECK_NOISE.test(g.id ?? '')) continue;
    const line = Number(g.line);
    if (!(line > 0)) continue; // file-level notes use line 0
    const key = `${g.file}\0${line}\0${g.id}\0${g.msg}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const col = Number(g.col);
    findings.push({ file: g.file, line, column: col > 0 ? col : null, severity: g.sev as FindingSeverity, message: g.msg ?? '', check: g.id ?? null });
  }
  return findings;
}
