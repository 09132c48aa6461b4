import { renderAnalysisMarkdown } from '../publish/render-analysis.js';
import type { JobState } from '../domain/job-state.js';
import { renderReportMarkdown } from '../triage/markdown.js';
import { withAnalysis, withReport } from './result-outputs.js';

/** What the CLI prints: the report, then the analysis and where the fix went, when there are. */
export function renderJobText(state: JobState, minConfidence = 0): string {
  const parts: string[] = [];
  const reported = withReport(state);
  if (reported) parts.push(renderReportMarkdown(reported.report));
  const analysis = withAnalysis(state);
  if (analysis) parts.push(renderAnalysisMarkdown(analysis, { minConfidence }));
  if (state.status === 'ANALYSIS_SKIPPED' || state.status === 'DUPLICATE') parts.push(`> ${state.reason}\n`);
  if (state.status === 'COMPILING' || state.status === 'TESTING' || state.status === 'VERIFIED' || state.status === 'PR_CREATED') {
    parts.push(`Fix applied on branch \`${state.worktree.branch}\` in ${state.worktree.dir}; diff: ${state.worktree.diffFile}\n`);
  }
  if (state.status === 'TESTING') {
    parts.push(`The fix compiles (attempt ${state.analysis.attempt}, ${state.build.warnings} warning(s), ${(state.build.durationMs / 1000).toFixed(1)} s); build log: ${state.build.logFile ?? 'n/a'}\n`);
  }
  if (state.status === 'VERIFIED') {
    const g = state.gates;
    parts.push(
      `The fix passed the gates (tests ${g.tests.status}: ${g.tests.passed}/${g.tests.total}${g.reproduction ? `; reproduction ${g.reproduction.verdict}` : ''}; ${g.isolation?.detail ?? 'isolation not recorded'}). ` +
        'Not published: no GitHub token and repository. Set them and run again to open the draft pull request; the job resumes here.\n',
    );
  }
  if (state.status === 'PR_CREATED') {
    parts.push(`Draft pull request ${state.pr.action}: ${state.pr.url} (tests ${state.gates.tests.status}: ${state.gates.tests.passed}/${state.gates.tests.total}${state.gates.reproduction ? `; reproduction ${state.gates.reproduction.verdict}` : ''})${state.pr.regressionOf ? `; regression of ${state.pr.regressionOf.url}` : ''}\n`);
  }
  if (state.status === 'LOW_CONFIDENCE' && state.issue) parts.push(`Issue for a person to review: ${state.issue.url}\n`);
  return parts.join('\n');
}
