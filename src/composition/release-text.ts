import { codeSpan, escapeText } from '../base/markdown-escape.js';
import type { ActiveState } from '../domain/job-state.js';
import type { Deployment, StressRun } from '../domain/release.js';
import type { ReleaseOutcome } from './run-release.js';

const cell = (text: string): string => escapeText(text);

/** The state a summary describes: where a failed stage resumes. */
function shown(outcome: ReleaseOutcome): ActiveState | null {
  const state = outcome.record?.state ?? null;
  if (state === null) return null;
  return state.status === 'FAILED' ? state.resumeFrom : state;
}

/** Nearest-rank percentile of the metric values. */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? null;
}

function deploymentRow(d: Deployment): string {
  const id = d.id === null ? '—' : d.url ? `[${d.id}](${d.url})` : String(d.id);
  return `| ${d.target} | ${cell(d.environment)} | ${id} | ${d.deployedAt ?? '—'} | ${d.healthyAt ?? '—'} |`;
}

function stressTable(run: StressRun): string[] {
  const failed = run.checks.filter((c) => c.failed).length;
  const metrics = run.checks.flatMap((c) => (c.metric === null ? [] : [c.metric]));
  const missing = run.checks.length - metrics.length;
  const fmt = (v: number | null): string => (v === null ? 'no data' : String(v));
  const loads = run.loads.length === 0 ? 'none (no stress-command)' : `${run.loads.length} run(s); exits ${run.loads.map((l) => (l.stoppedAtEnd ? 'stopped at end' : String(l.exitCode))).join(', ')}`;
  return [
    '| Stress run | |',
    '| --- | --- |',
    `| Duration | ${Math.round(run.elapsedMs / 1000)} of ${Math.round(run.durationMs / 1000)} s |`,
    `| Load | ${cell(loads)} |`,
    `| Checks | ${run.checks.length} (${failed} failed) |`,
    `| Metric p50 / p90 / p99 / max | ${metrics.length === 0 ? 'no data' : `${fmt(percentile(metrics, 50))} / ${fmt(percentile(metrics, 90))} / ${fmt(percentile(metrics, 99))} / ${fmt(Math.max(...metrics))}`}${missing > 0 && metrics.length > 0 ? ` (${missing} check(s) without data)` : ''} |`,
    `| Dumps seen | ${run.dumps.length === 0 ? 'none' : run.dumps.map((d) => `${cell(d.file)}: ${d.verdict}${d.signature ? ` ${codeSpan(d.signature, true)}` : ''}`).join('<br>')} |`,
  ];
}

/** The deploy and stress job summary: the release, each deployment, the stress run, and a rollback's reason. */
export function renderReleaseSummary(command: 'deploy' | 'stress', outcome: ReleaseOutcome): string {
  const lines = [`## crash-autofix ${command}`, '', `**${outcome.status}**: ${cell(outcome.message)}`, ''];
  const s = shown(outcome);
  if (s === null || !('release' in s)) return `${lines.join('\n')}\n`;
  lines.push(
    `Fix of ${codeSpan(s.report.signature, true)} ([#${s.pr.number}](${s.pr.url})), release ${codeSpan(s.release.sha256.slice(0, 12), true)} of merge commit ${codeSpan(s.release.commit.slice(0, 12), true)}: ${s.release.files} file(s), ${s.release.bytes} bytes.`,
    '',
    '| Target | Environment | Deployment | Deployed | Healthy |',
    '| --- | --- | --- | --- | --- |',
    deploymentRow(s.test),
  );
  if ('production' in s && s.production) lines.push(deploymentRow(s.production));
  if ('stress' in s && s.stress) lines.push('', ...stressTable(s.stress));
  if (s.status === 'ROLLED_BACK') {
    lines.push('', `**Rolled back from ${s.rollback.target}:** ${cell(s.rollback.reason)}`);
    if (s.rollback.newJobs.length > 0) lines.push('', `New crash, intake job(s): ${s.rollback.newJobs.map((j) => codeSpan(j, true)).join(', ')}`);
  }
  return `${lines.join('\n')}\n`;
}

/** The deploy and stress actions' outputs (output-definitions.ts documents them). */
export function releaseOutputs(outcome: ReleaseOutcome): Record<string, string> {
  const out: Record<string, string> = { status: outcome.status };
  const s = shown(outcome);
  if (outcome.record) out['job-id'] = outcome.record.jobId;
  if (s !== null && 'release' in s) {
    out['release-sha256'] = s.release.sha256;
    out['release-commit'] = s.release.commit;
    const d = 'production' in s && s.production ? s.production : s.test;
    if (d.id !== null) out['deployment-id'] = String(d.id);
  }
  if (s?.status === 'ROLLED_BACK') {
    out['rollback-reason'] = s.rollback.reason;
    out['new-jobs'] = JSON.stringify(s.rollback.newJobs);
  }
  if (outcome.record?.state.status === 'FAILED') out.error = outcome.message;
  return out;
}
