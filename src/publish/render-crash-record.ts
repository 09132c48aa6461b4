import type { CrashRecord } from '../domain/crash-record.js';
import type { CrashStats } from '../domain/crash-stats.js';
import { codeSpan, escapeText } from '../base/markdown-escape.js';
import { renderCriteriaTable, renderSpend } from './render-crash-stats.js';

/** Most builds and servers listed per crash; the rest are summed in one row. */
const MAX_ROWS = 5;

function day(iso: string): string {
  return `${iso.slice(0, 16).replace('T', ' ')} UTC`;
}

/** Counts per build or server, largest first, the tail summed. */
function countRows(label: string, counts: CrashRecord['occurrences']['byBuild']): string[] {
  const entries = Object.entries(counts).sort(([a, x], [b, y]) => y.count - x.count || a.localeCompare(b));
  if (entries.length === 0) return [];
  const lines = [`| ${label} | Dumps | Last seen |`, '| --- | ---: | --- |'];
  for (const [name, c] of entries.slice(0, MAX_ROWS)) lines.push(`| ${codeSpan(name, true)} | ${c.count} | ${day(c.lastSeen)} |`);
  const rest = entries.slice(MAX_ROWS);
  if (rest.length > 0) lines.push(`| ${rest.length} more | ${rest.reduce((s, [, c]) => s + c.count, 0)} | |`);
  return [...lines, ''];
}

/** The crash's record as the job summary shows it: status, occurrences, links, deployments. */
export function renderCrashRecordTables(record: CrashRecord | null, signature: string): string[] {
  if (record === null) return [`No record of crash ${codeSpan(signature)} in the crash database yet.`, ''];
  const o = record.occurrences;
  const link = (l: { number: number; url: string } | null, kind: string): string => (l === null ? '—' : `[${kind} #${l.number}](${l.url})`);
  const lines = [
    '| Crash | Status | Dumps | First seen | Last seen | Pull request | Issue |',
    '| --- | --- | ---: | --- | --- | --- | --- |',
    `| ${codeSpan(record.signature, true)} ${escapeText(record.title)} | ${record.status} | ${o.count} | ${day(o.firstSeen)} | ${day(o.lastSeen)} | ${link(record.pr, 'PR')} | ${link(record.issue, 'issue')} |`,
    '',
    ...countRows('Build', o.byBuild),
    ...countRows('Server', o.byServer),
  ];
  if (record.deployments.length > 0) {
    lines.push('| Deployed to | Environment | Commit | When |', '| --- | --- | --- | --- |');
    for (const d of record.deployments) {
      const where = d.url === null ? escapeText(d.environment) : `[${escapeText(d.environment)}](${d.url})`;
      lines.push(`| ${d.target} | ${where} | ${codeSpan(d.build.commit.slice(0, 12), true)} | ${day(d.at)} |`);
    }
    lines.push('');
  }
  if (record.fixedIn !== null) lines.push(`**Fixed in** ${codeSpan(record.fixedIn.commit.slice(0, 12))} (${day(record.fixedIn.at)}).`, '');
  if (record.regressions.length > 0) {
    const last = record.regressions.at(-1);
    lines.push(`**Regressed** ${record.regressions.length} time(s), last in build ${codeSpan(last?.build ?? '?')} (${day(last?.at ?? '')}).`, '');
  }
  if (record.rollbacks.length > 0) lines.push(`**Rolled back** ${record.rollbacks.length} time(s): ${escapeText(record.rollbacks.at(-1)?.reason ?? '')}`, '');
  return lines;
}

/** The dashboard of a job summary: this crash's record, then the six numbers over the database. */
export function renderCrashDashboard(record: CrashRecord | null, signature: string, stats: CrashStats): string {
  const since = stats.window.since.slice(0, 10);
  return [
    '### Crash record',
    '',
    ...renderCrashRecordTables(record, signature),
    `### Success criteria (crashes seen since ${since})`,
    '',
    ...renderCriteriaTable(stats),
    '',
    renderSpend(stats),
    '',
  ].join('\n');
}
