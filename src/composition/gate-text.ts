import { codeSpan, escapeText } from '../base/markdown-escape.js';
import type { GateOutcome } from './run-gate.js';

/** The gate's job summary: one row per pull request, with who decided. */
export function renderGateSummary(command: 'approve' | 'reject', outcome: GateOutcome): string {
  const lines = [`## crash-autofix ${command}`, '', `**${outcome.status}**: ${escapeText(outcome.message)}`, ''];
  if (outcome.jobs.length === 0) return `${lines.join('\n')}\n`;
  lines.push('| Job | Pull request | Status | Decided by | Merge |', '| --- | --- | --- | --- | --- |');
  for (const job of outcome.jobs) {
    const s = job.state.status === 'FAILED' ? job.state.resumeFrom : job.state;
    const pr = 'pr' in s ? `[#${s.pr.number}](${s.pr.url})` : '—';
    const by = s.status === 'APPROVED' ? s.approval.reviewers.map((r) => `@${r.login}`).join(', ') : s.status === 'REJECTED' ? `@${s.rejection.reviewer}: ${escapeText(s.rejection.reason || '(no reason)')}` : '—';
    const merge = s.status === 'APPROVED' ? (s.merge.auto ? `auto-merge (${s.merge.method})` : `${s.merge.method} ${codeSpan((s.merge.commit ?? '').slice(0, 12), true)}`) : '—';
    const status = job.state.status === 'FAILED' ? `❌ FAILED: ${escapeText(job.state.error.message)}` : job.state.status;
    lines.push(`| ${codeSpan(job.jobId, true)} | ${pr} | ${status.replace(/\|/g, '\\|')} | ${by.replace(/\|/g, '\\|')} | ${merge} |`);
  }
  return `${lines.join('\n')}\n`;
}

/** The gate actions' outputs (output-definitions.ts documents them). */
export function gateOutputs(command: 'approve' | 'reject', outcome: GateOutcome): Record<string, string> {
  const prs = (status: string): number[] => outcome.jobs.flatMap((j) => (j.state.status === status && 'pr' in j.state ? [j.state.pr.number] : []));
  const out: Record<string, string> = { status: outcome.status };
  if (command === 'approve') {
    out.merged = JSON.stringify(prs('APPROVED'));
    out['job-ids'] = JSON.stringify(outcome.jobs.filter((j) => j.state.status === 'APPROVED').map((j) => j.jobId));
  }
  else out.closed = JSON.stringify(prs('REJECTED'));
  if (outcome.status === 'FAILED') out.error = outcome.message;
  return out;
}
