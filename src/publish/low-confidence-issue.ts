import { renderAnalysisMarkdown } from './render-analysis.js';
import { openOrUpdateIssue, type IssueClient } from './open-issue.js';
import type { StateOf } from '../domain/job-state.js';
import { renderReportMarkdown } from '../triage/markdown.js';

/** The issue for an analysis too uncertain to change code: one per signature, updated on re-runs. */
export async function openLowConfidenceIssue(
  github: IssueClient,
  state: StateOf<'FIX_GENERATED'>,
  minConfidence: number,
  warn: (message: string) => void,
): Promise<{ number: number; url: string }> {
  const { report, analysis } = state;
  const cause = analysis.proposal.root_cause;
  const where = report.culprit ? `${report.culprit.function}` : report.exception.name;
  const body = [
    `crash-autofix analysed this crash but its confidence (${cause.confidence.toFixed(2)}) is below \`min-confidence\` (${minConfidence}), so it changed no code. The analysis and the proposed fix are below for a person to judge.`,
    '',
    renderAnalysisMarkdown(analysis, { minConfidence }),
    renderReportMarkdown(report),
  ].join('\n');
  const outcome = await openOrUpdateIssue({
    github,
    signature: report.signature,
    title: `Crash ${report.exception.code} in ${where}: ${cause.category} (needs review)`,
    body,
    labels: ['crash', 'needs-triage'],
    assignees: [],
  });
  for (const w of outcome.warnings) warn(w);
  return { number: outcome.issue.number, url: outcome.issue.url };
}
