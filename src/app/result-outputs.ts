import type { AnalyzeResult } from './analyze.js';

/** The action outputs for a finished (or failed) analyze job; names are documented in action.yml. */
export function analyzeOutputs(result: AnalyzeResult): Record<string, string> {
  const { record } = result;
  const state = record.state;
  const out: Record<string, string> = { 'job-id': record.jobId, status: state.status, 'job-dir': result.jobDir };
  if (state.status === 'ANALYSIS_PENDING') {
    const { report, files } = state;
    out.signature = report.signature;
    out['report-json'] = files.json;
    out['report-markdown'] = files.markdown;
    out['exception-code'] = report.exception.code;
    out.culprit = report.culprit ? formatLocation(report.culprit.file, report.culprit.line) : '';
    out['culprit-function'] = report.culprit?.function ?? '';
  }
  if (state.status === 'FAILED') out.error = state.error.message;
  return out;
}

export function formatLocation(file: string | null, line: number | null): string {
  if (file === null) return '';
  return line === null ? file : `${file}:${line}`;
}
