import type { AnalysisRecord, BuildRecord, Gates, Worktree } from '../domain/job-state.js';
import type { CrashReport } from '../domain/crash-report.js';
import type { Lesson } from '../domain/crash-record.js';
import { renderReportMarkdown } from '../triage/markdown.js';
import { codeSpan, escapeText } from '../base/markdown-escape.js';
import { renderUsage } from './render-analysis.js';
import { renderGatesTable } from './render-gates.js';

export interface PullRequestContent {
  report: CrashReport;
  analysis: AnalysisRecord;
  worktree: Worktree;
  build: BuildRecord;
  gates: Gates;
  /** Link to the workflow run and its artifact, when running in Actions. */
  runUrl: string | null;
  /** Revisions a reviewer asked for (`revise`); the files listed are then the latest revision's. */
  revision?: number;
}

/** `fix(<module>): <category> in <function>`, as the commit subject and PR title. */
export function fixTitle(report: CrashReport, analysis: AnalysisRecord): string {
  const file = report.culprit?.file ?? analysis.proposal.fix.edits[0]?.path ?? '';
  const parts = file.split('/');
  const module = parts.length > 2 ? (parts.at(-2) ?? 'core') : (parts[0] ?? 'core');
  const fn = report.culprit?.function.split('(')[0] ?? report.exception.name;
  return `fix(${module || 'core'}): ${analysis.proposal.root_cause.category} in ${fn}`.slice(0, 200);
}

/** The draft PR body: crash, root cause, fix, files, gates, usage, links. All model text is escaped. */
export function renderPullRequestBody(c: PullRequestContent): string {
  const { root_cause: cause, fix } = c.analysis.proposal;
  const g = c.gates;
  const lines: string[] = [
    '> Opened by crash-autofix. Review the root cause and the change; nothing is deployed until an approver accepts it.',
    '',
    '## Crash',
    '',
    `- **Exception:** ${codeSpan(c.report.exception.code)} ${escapeText(c.report.exception.name)}`,
    `- **Location:** ${c.report.culprit ? `${codeSpan(c.report.culprit.function)} at ${codeSpan(`${c.report.culprit.file ?? '?'}:${c.report.culprit.line ?? '?'}`)}` : 'unknown'}`,
    `- **Signature:** ${codeSpan(c.report.signature)}`,
    `- **Severity:** ${cause.severity}`,
    '',
    `## Root cause (${cause.category}, confidence ${cause.confidence.toFixed(2)})`,
    '',
    escapeText(cause.summary),
    '',
    escapeText(cause.technical_details),
    '',
    '## Fix',
    '',
    `**Strategy:** ${escapeText(fix.strategy)}`,
    '',
    `**Risk:** ${escapeText(fix.risk)}`,
    '',
    `**Test plan:** ${escapeText(fix.test_plan)}`,
    '',
    c.revision ? `**Files changed in revision ${c.revision}** (on top of the earlier commits of this branch):` : '**Files changed:**',
    '',
    ...c.worktree.files.map((f) => `- ${codeSpan(f.path)}${f.created ? ' (new)' : ''}${f.core ? ' ⚠️ core file' : ''}${f.build ? ' ⚠️ build file (runs on the build machine)' : ''}`),
    '',
    ...renderLessonsConsidered(c.analysis.lessons ?? []),
    '## Gates',
    '',
    ...renderGatesTable(g),
    '',
  ];
  if (g.staticAnalysis.findings.length > 0) {
    lines.push('<details><summary>Static analysis findings</summary>', '');
    for (const f of g.staticAnalysis.findings.slice(0, 50)) lines.push(`- ${codeSpan(`${f.file}:${f.line}`)} ${f.severity}: ${escapeText(f.message)}${f.check ? ` (${codeSpan(f.check)})` : ''}`);
    lines.push('', '</details>', '');
  }
  lines.push('## Usage', '', renderUsage(c.analysis.model, c.analysis.usage), '');
  if (c.runUrl) lines.push(`**Run:** ${c.runUrl} (the job records are in its artifacts)`, '');
  lines.push('<details><summary>Crash report</summary>', '', renderReportMarkdown(c.report), '', '</details>');
  return lines.join('\n');
}

/** Characters of a lesson quoted in the pull request; the whole text went to the model. */
const LESSON_QUOTE = 160;

/** Which reviewers' lessons the analysis was given, so a reviewer sees what it was told. */
function renderLessonsConsidered(lessons: readonly Lesson[]): string[] {
  if (lessons.length === 0) return [];
  const lines = ['## Lessons considered', '', "The analysis was given these reviewers' words on earlier fixes in this module or of this crash (newest first):", ''];
  for (const l of lessons) {
    const text = l.text.length > LESSON_QUOTE ? `${l.text.slice(0, LESSON_QUOTE)}…` : l.text;
    const where = l.module === null ? '' : ` in ${codeSpan(l.module)}`;
    lines.push(`- ${l.kind === 'rejection' ? 'Rejection' : 'Review'} by ${escapeText(l.author)} on ${l.at.slice(0, 10)}${where}, crash ${codeSpan(l.signature)}: ${escapeText(text)}`);
  }
  return [...lines, ''];
}
