import type { AnalyzeResult } from './analyze.js';
import { renderReportMarkdown } from '../report/markdown.js';
import { escapeCell } from './markdown-cell.js';

/** The job summary: a status table, stage timings, then the report itself. */
export function renderJobSummary(result: AnalyzeResult): string {
  const { record } = result;
  const state = record.state;
  const lines: string[] = ['## crash-autofix', ''];
  lines.push('| Job | Status | Input |', '| --- | --- | --- |');
  const input = state.status === 'CRASH_DETECTED' ? state.input.path : state.status === 'FAILED' ? inputOf(state.resumeFrom) : state.dump.path;
  lines.push(`| \`${record.jobId}\` | ${state.status === 'FAILED' ? '❌ FAILED' : `✅ ${state.status}`} | ${escapeCell(input)} |`, '');
  if (state.status === 'FAILED') {
    lines.push(`**Failed in stage \`${state.error.stage}\`:** ${escapeCell(state.error.message)}`, '');
  }
  const timed = record.history.filter((h) => h.durationMs !== null);
  if (timed.length > 0) {
    lines.push('| Stage result | Time |', '| --- | ---: |');
    for (const h of timed) lines.push(`| ${h.status} | ${((h.durationMs ?? 0) / 1000).toFixed(2)} s |`);
    lines.push('');
  }
  if (state.status === 'ANALYSIS_PENDING') lines.push(renderReportMarkdown(state.report));
  return `${lines.join('\n')}\n`;
}

function inputOf(state: { status: string } & ({ input: { path: string } } | { dump: { path: string } })): string {
  return 'input' in state ? state.input.path : state.dump.path;
}
