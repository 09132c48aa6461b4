import type { Criterion, CrashStats, Unit } from '../domain/crash-stats.js';
import type { TopCrasher, Trend } from '../domain/top-crashers.js';
import { codeSpan, escapeText } from '../base/markdown-escape.js';

export const NO_DATA = 'no data';

/** `12.5` → `12.5`, `80` → `80`: one decimal at most, none when whole. */
function decimal(value: number): string {
  const rounded = Math.round(value * 10) / 10;
  return Number.isInteger(rounded) ? String(rounded) : rounded.toFixed(1);
}

export function minutesText(minutes: number): string {
  if (minutes < 60) return `${decimal(minutes)} min`;
  const h = Math.floor(minutes / 60);
  const m = Math.round(minutes - h * 60);
  return m === 0 ? `${h} h` : `${h} h ${m} min`;
}

function valueText(value: number | null, unit: Unit | 'per-crash'): string {
  if (value === null) return NO_DATA;
  switch (unit) {
    case 'percent':
      return `${decimal(value)}%`;
    case 'minutes':
      return minutesText(value);
    case 'count':
      return String(value);
    case 'per-crash':
      return `${value.toFixed(2)} per crash`;
  }
}

function targetText(c: Criterion): string {
  const { comparison, value, unit } = c.target;
  // "below 1" of a count is "none".
  if (unit === 'count' && comparison === 'below' && value === 1) return '0';
  return `${comparison === 'at-least' ? '≥' : '<'} ${valueText(value, unit)}`;
}

function metCell(met: boolean | null): string {
  return met === null ? '—' : met ? '✅' : '❌';
}

export function actualText(c: Criterion): string {
  const main = valueText(c.actual, c.target.unit);
  if (c.also === null) return main;
  return c.also.unit === 'per-crash' ? `${main} (${valueText(c.also.value, c.also.unit)})` : `${main} (${c.also.label} ${valueText(c.also.value, c.also.unit)})`;
}

/** The six criteria: target, actual, met, and what was counted. */
export function renderCriteriaTable(stats: CrashStats): string[] {
  const lines = ['| Criterion | Target | Actual | Met | Counted |', '| --- | --- | --- | :---: | --- |'];
  for (const c of stats.criteria) lines.push(`| ${c.label} | ${targetText(c)} | ${actualText(c)} | ${metCell(c.met)} | ${c.basis} |`);
  return lines;
}

export function renderSpend(stats: CrashStats): string {
  const s = stats.spend;
  if (s.crashes === 0) return `**Model use per crash:** ${NO_DATA} (the model was asked about no crash in the window)`;
  const tokens = `${Math.round(s.tokensPerCrash ?? 0).toLocaleString('en-US')} tokens`;
  const cost = s.costPerCrashUsd === null ? NO_DATA : `$${s.costPerCrashUsd.toFixed(2)}`;
  const unpriced = s.unpricedRuns > 0 ? `; ${s.unpricedRuns} run(s) of a model without a known price are not in the cost` : '';
  return `**Model use per crash:** ${tokens}, ${cost} (over ${s.crashes} crash(es) the model was asked about${unpriced})`;
}

export function trendText(trend: Trend): string {
  if (trend.kind === 'new') return '🆕 new';
  const rank = `rank ${trend.previousRank} before`;
  if (trend.kind === 'same') return `= (${rank})`;
  const sign = trend.changePercent > 0 ? '+' : '−';
  return `${trend.kind === 'up' ? '▲' : '▼'} ${sign}${decimal(Math.abs(trend.changePercent))}% (${rank})`;
}

/** Socorro's top crashers: rank, signature, count, % of all, trend, first seen, status, link. */
export function renderTopCrashers(top: readonly TopCrasher[]): string[] {
  if (top.length === 0) return [`No crash in the window (${NO_DATA}).`];
  const lines = ['| Rank | Signature | Count | % of all | Trend | First seen | Status | Link |', '| ---: | --- | ---: | ---: | --- | --- | --- | --- |'];
  for (const t of top) {
    const link = t.link === null ? '—' : `[${t.link.kind === 'pr' ? 'PR' : 'issue'} #${t.link.number}](${t.link.url})`;
    lines.push(`| ${t.rank} | ${codeSpan(t.signature, true)} ${escapeText(t.title)} | ${t.count} | ${decimal(t.percentOfAll)}% | ${trendText(t.trend)} | ${t.firstSeen.slice(0, 10)} | ${t.status} | ${link} |`);
  }
  return lines;
}

/** Weekly crash counts as a Mermaid bar chart (GitHub renders `xychart-beta`). */
export function renderWeeklyChart(weeks: readonly { week: string; count: number }[]): string[] {
  if (weeks.length === 0) return [];
  const max = Math.max(1, ...weeks.map((w) => w.count));
  return [
    '```mermaid',
    'xychart-beta',
    '    title "Crash dumps per week (weeks from Monday, UTC)"',
    `    x-axis [${weeks.map((w) => `"${w.week}"`).join(', ')}]`,
    `    y-axis "Dumps" 0 --> ${max}`,
    `    bar [${weeks.map((w) => w.count).join(', ')}]`,
    '```',
  ];
}

export interface StatsReport {
  stats: CrashStats;
  top: readonly TopCrasher[];
  weeks: readonly { week: string; count: number }[];
}

/** The whole `stats` report: the six numbers, model use, top crashers, the weekly chart and the definitions. */
export function renderStatsMarkdown(r: StatsReport): string {
  const { stats } = r;
  const lines = [
    `## Crash statistics, ${stats.window.since.slice(0, 10)} to ${stats.window.now.slice(0, 10)}`,
    '',
    `${stats.crashes} crash(es) seen in the window, ${stats.dumps} dump(s).`,
    '',
    ...renderCriteriaTable(stats),
    '',
    renderSpend(stats),
    '',
    '### Top crashers',
    '',
    ...renderTopCrashers(r.top),
    '',
    '### Dumps per week',
    '',
    ...renderWeeklyChart(r.weeks),
    '',
    '<details><summary>How each figure is counted</summary>',
    '',
    ...stats.criteria.map((c) => `- **${c.label}:** ${c.definition}.`),
    '',
    '</details>',
    '',
  ];
  return lines.join('\n');
}
