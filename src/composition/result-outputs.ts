import type { JobState } from '../domain/job-state.js';
import type { PipelineResult } from './run-pipeline.js';

/** The action outputs for a job wherever it stopped; names are documented in output-definitions.ts. */
export function analyzeOutputs(result: PipelineResult): Record<string, string> {
  const { record } = result;
  const state = record.state;
  const out: Record<string, string> = { 'job-id': record.jobId, status: state.status, 'job-dir': result.jobDir };
  if (state.status === 'FAILED') out.error = state.error.message;
  const reported = withReport(state);
  if (reported) {
    const { report, files } = reported;
    out.signature = report.signature;
    out['report-json'] = files.json;
    out['report-markdown'] = files.markdown;
    out['exception-code'] = report.exception.code;
    const culprit = repositoryCulprit(state);
    out.culprit = culprit ? formatLocation(culprit.file, culprit.line) : '';
    out['culprit-function'] = report.culprit?.function ?? '';
  }
  const analysis = withAnalysis(state);
  if (analysis) {
    const { proposal, usage, files } = analysis;
    out['root-cause'] = proposal.root_cause.summary;
    out.confidence = String(proposal.root_cause.confidence);
    out['analysis-json'] = files.json;
    out['analysis-markdown'] = files.markdown;
    out.transcript = files.transcript;
    out['tokens-input'] = String(usage.inputTokens);
    out['tokens-output'] = String(usage.outputTokens);
    out['tokens-cache-read'] = String(usage.cacheReadTokens);
    out['tokens-cache-write'] = String(usage.cacheWriteTokens);
    out['cost-usd'] = usage.estimatedCostUsd === null ? '' : usage.estimatedCostUsd.toFixed(4);
  }
  const tree = state.status === 'FAILED' ? state.resumeFrom : state;
  if ('worktree' in tree) {
    out['fix-branch'] = tree.worktree.branch;
    out.worktree = tree.worktree.dir;
    out['diff-file'] = tree.worktree.diffFile;
  }
  if ('build' in tree) {
    out['build-log'] = tree.build.logFile ?? '';
    out['build-warnings'] = String(tree.build.warnings);
  }
  if (state.status === 'VERIFIED' || state.status === 'PR_CREATED') {
    out['tests-result'] = state.gates.tests.status;
    out['reproduction-result'] = state.gates.reproduction?.verdict ?? '';
    out.sandbox = state.gates.isolation?.sandbox ?? '';
  }
  if (state.status === 'PR_CREATED') {
    out['pr-url'] = state.pr.url;
    out['pr-number'] = String(state.pr.number);
    out['pr-action'] = state.pr.action;
    out['fix-commit'] = state.pr.commit;
  }
  if (state.status === 'FAILED' && state.error.stage === 'reproduce') out['reproduction-result'] = 'failed';
  if (state.status === 'LOW_CONFIDENCE' && state.issue) out['issue-url'] = state.issue.url;
  // A duplicate names the pull request the crash already went to.
  if (state.status === 'DUPLICATE' && state.duplicateOf.pr) {
    out['pr-url'] = state.duplicateOf.pr.url;
    out['pr-number'] = String(state.duplicateOf.pr.number);
  }
  return out;
}

/** The report of any state that has one (a FAILED job: of the state it failed from). */
export function withReport(state: JobState): Extract<JobState, { report: unknown }> | null {
  const s = state.status === 'FAILED' ? state.resumeFrom : state;
  return 'report' in s ? s : null;
}

/**
 * The culprit when its frame maps into the repository. Without such a frame
 * the report still blames the first non-system frame, but its file is a
 * build-machine path: no `culprit` output and no annotation point at it.
 */
export function repositoryCulprit(state: JobState): { file: string; line: number | null; function: string; signature: string; exception: { code: string; name: string } } | null {
  const report = withReport(state)?.report;
  const culprit = report?.culprit;
  if (!report || !culprit || culprit.file === null || report.frames[culprit.frameIndex]?.inApp !== true) return null;
  return { file: culprit.file, line: culprit.line, function: culprit.function, signature: report.signature, exception: report.exception };
}

export function withAnalysis(state: JobState): Extract<JobState, { analysis: unknown }>['analysis'] | null {
  const s = state.status === 'FAILED' ? state.resumeFrom : state;
  return 'analysis' in s ? s.analysis : null;
}

export function formatLocation(file: string | null, line: number | null): string {
  if (file === null) return '';
  return line === null ? file : `${file}:${line}`;
}
