import type { JobState } from '../domain/job-state.js';
import type { PipelineResult } from './run-pipeline.js';
import { renderJobText } from './job-text.js';
import { codeSpan, escapeText } from '../base/markdown-escape.js';
import { renderGatesTable } from '../publish/render-gates.js';

/** The job summary: a status table, the crash's dashboard (crash-dashboard.ts), stage timings, then the report and analysis. */
export function renderJobSummary(result: PipelineResult, minConfidence = 0, dashboard: string | null = null): string {
  const { record } = result;
  const state = record.state;
  const lines: string[] = ['## crash-autofix', ''];
  lines.push('| Job | Status | Input |', '| --- | --- | --- |');
  lines.push(`| \`${record.jobId}\` | ${statusCell(state)} | ${codeSpan(inputPath(state), true)} |`, '');
  if (state.status === 'FAILED') {
    lines.push(`**Failed in stage \`${state.error.stage}\`:** ${escapeText(state.error.message)}`, '');
  }
  if (state.status === 'VERIFIED' || state.status === 'PR_CREATED') lines.push(...renderGatesTable(state.gates), '');
  if (dashboard !== null) lines.push(dashboard);
  const timed = record.history.filter((h) => h.durationMs !== null);
  if (timed.length > 0) {
    lines.push('| Stage result | Time |', '| --- | ---: |');
    for (const h of timed) lines.push(`| ${h.status} | ${((h.durationMs ?? 0) / 1000).toFixed(2)} s |`);
    lines.push('');
  }
  lines.push(renderJobText(state, minConfidence));
  return `${lines.join('\n')}\n`;
}

/** The job summary of a run that stopped before any job existed: a bad setting or input. */
export function renderFailureSummary(message: string): string {
  return ['## crash-autofix', '', '| Job | Status |', '| --- | --- |', '| — | ❌ FAILED |', '', `**Failed before the job started:** ${escapeText(message)}`, ''].join('\n');
}

function statusCell(state: JobState): string {
  switch (state.status) {
    case 'FAILED':
      return '❌ FAILED';
    case 'LOW_CONFIDENCE':
    case 'ANALYSIS_SKIPPED':
      return `⚠️ ${state.status}`;
    case 'DUPLICATE':
      return `ℹ️ ${state.status}`;
    default:
      return `✅ ${state.status}`;
  }
}

function inputPath(state: JobState): string {
  const s = state.status === 'FAILED' ? state.resumeFrom : state;
  return s.status === 'CRASH_DETECTED' ? s.input.path : s.dump.path;
}
