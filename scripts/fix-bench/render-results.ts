/** The fix benchmark's output: a table of scenarios, then the totals; or the same as JSON. */
import type { ScenarioResult } from './score.js';

export interface Totals {
  scenarios: number;
  culpritFound: number;
  compiles: number;
  testsPass: number;
  reproductionPasses: number;
  touchesGroundTruth: number;
  /** Scenarios the job took to VERIFIED (or further): every gate passed. */
  verified: number;
  turns: number;
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  /** Null when no scenario's model had a known price; else the sum of those that had one. */
  estimatedCostUsd: number | null;
  durationMs: number;
}

const PASSED_GATES = new Set(['VERIFIED', 'PR_CREATED', 'AWAITING_APPROVAL', 'APPROVED']);

export function totalsOf(results: readonly ScenarioResult[]): Totals {
  const count = (pick: (r: ScenarioResult) => boolean): number => results.filter(pick).length;
  const sum = (pick: (r: ScenarioResult) => number): number => results.reduce((n, r) => n + pick(r), 0);
  const priced = results.filter((r) => r.usage?.estimatedCostUsd != null);
  return {
    scenarios: results.length,
    culpritFound: count((r) => r.culprit.ok),
    compiles: count((r) => r.compiles === true),
    testsPass: count((r) => r.tests === true),
    reproductionPasses: count((r) => r.reproduction === true),
    touchesGroundTruth: count((r) => r.groundTruth === true),
    verified: count((r) => PASSED_GATES.has(r.status)),
    turns: sum((r) => r.usage?.turns ?? 0),
    inputTokens: sum((r) => r.usage?.inputTokens ?? 0),
    outputTokens: sum((r) => r.usage?.outputTokens ?? 0),
    cacheReadTokens: sum((r) => r.usage?.cacheReadTokens ?? 0),
    cacheWriteTokens: sum((r) => r.usage?.cacheWriteTokens ?? 0),
    estimatedCostUsd: priced.length === 0 ? null : Math.round(sum((r) => (r.usage?.estimatedCostUsd ?? 0) * 1_000_000)) / 1_000_000,
    durationMs: sum((r) => r.durationMs),
  };
}

/** ✓ passed, ✗ failed, — never reached (no fix built, the gate did not run). */
function mark(value: boolean | null): string {
  return value === null ? '—' : value ? '✓' : '✗';
}

function cost(usd: number | null | undefined): string {
  return usd == null ? 'unknown' : `$${usd.toFixed(4)}`;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

function cell(text: string): string {
  return text.replaceAll('|', '\\|').replaceAll('\n', ' ');
}

function share(n: number, of: number): string {
  return of === 0 ? '0/0' : `${n}/${of} (${Math.round((100 * n) / of)}%)`;
}

export function renderMarkdown(results: readonly ScenarioResult[], model: string): string {
  const lines = [
    `Fix rate on ${results.length} scenario(s), model ${model}`,
    '',
    '| Scenario | Culprit found | Fix compiles | Tests pass | Reproduction passes | Touches ground truth | Turns | Tokens in / out | Cost | Time | Ended |',
    '| --- | --- | :-: | :-: | :-: | :-: | ---: | ---: | ---: | ---: | --- |',
  ];
  for (const r of results) {
    const culprit = r.culprit.ok ? `✓ ${r.culprit.found ?? ''}` : `✗ ${r.culprit.found ?? 'none'} (expected ${r.culprit.expected})`;
    const repro = r.reproductionVerdict === 'not-reproduced' ? '— (not reproduced)' : mark(r.reproduction);
    const tokens = r.usage ? `${r.usage.inputTokens + r.usage.cacheReadTokens + r.usage.cacheWriteTokens} / ${r.usage.outputTokens}` : '—';
    const ended = r.failure === null ? r.status : r.status === 'ERROR' ? 'ERROR' : `FAILED in ${/stage '([^']+)'/.exec(r.failure)?.[1] ?? '?'}`;
    lines.push(
      `| ${cell(r.name)} | ${cell(culprit)} | ${mark(r.compiles)} | ${mark(r.tests)} | ${repro} | ${mark(r.groundTruth)} | ${r.usage?.turns ?? '—'} | ${tokens} | ${r.usage ? cost(r.usage.estimatedCostUsd) : '—'} | ${seconds(r.durationMs)} | ${ended} |`,
    );
  }
  const t = totalsOf(results);
  lines.push(
    '',
    'Totals',
    '',
    '| Measure | Result |',
    '| --- | ---: |',
    `| Culprit found | ${share(t.culpritFound, t.scenarios)} |`,
    `| Fix compiles | ${share(t.compiles, t.scenarios)} |`,
    `| Tests pass | ${share(t.testsPass, t.scenarios)} |`,
    `| Reproduction passes | ${share(t.reproductionPasses, t.scenarios)} |`,
    `| Patch touches the ground truth | ${share(t.touchesGroundTruth, t.scenarios)} |`,
    `| Every gate passed (VERIFIED) | ${share(t.verified, t.scenarios)} |`,
    `| Turns | ${t.turns} |`,
    `| Tokens: input / output / cache read / cache write | ${t.inputTokens} / ${t.outputTokens} / ${t.cacheReadTokens} / ${t.cacheWriteTokens} |`,
    `| Estimated cost | ${cost(t.estimatedCostUsd)} |`,
    `| Time | ${seconds(t.durationMs)} |`,
  );
  return `${lines.join('\n')}\n`;
}

export function renderJson(results: readonly ScenarioResult[], model: string): string {
  return `${JSON.stringify({ model, scenarios: results, totals: totalsOf(results) }, null, 2)}\n`;
}
