import type { CrashRecord } from './crash-record.js';
import { countInWindow, seenInWindow, type StatsWindow } from './crash-window.js';

/**
 * The design note's six success criteria, computed from the crash records of
 * the crashes seen in a window (at least one dump in it). Every figure names
 * what it counts; a figure with nothing to count is null ("no data"), never 0%.
 */
export type CriterionKey = 'analysed' | 'compiled' | 'approved' | 'time-to-pr' | 'intervention' | 'critical-false-positives';

export type Unit = 'percent' | 'minutes' | 'count';

export interface Criterion {
  key: CriterionKey;
  label: string;
  target: { comparison: 'at-least' | 'below'; value: number; unit: Unit };
  /** Null: no data. */
  actual: number | null;
  /** A second figure beside the actual: the p90 of the time to PR, the touchpoints per crash. */
  also: { label: string; value: number | null; unit: Unit | 'per-crash' } | null;
  /** Null without data. */
  met: boolean | null;
  /** What was counted, e.g. `45 of 50 crashes`. */
  basis: string;
  /** How the figure is defined. */
  definition: string;
}

export interface ModelSpend {
  /** Crashes the model was asked about. */
  crashes: number;
  tokensPerCrash: number | null;
  costPerCrashUsd: number | null;
  /** Runs of a model without a known price: their tokens count, their cost does not. */
  unpricedRuns: number;
}

export interface CrashStats {
  window: { since: string; now: string };
  crashes: number;
  dumps: number;
  criteria: Criterion[];
  spend: ModelSpend;
}

const MINUTE_MS = 60_000;

/** Did a model analysis of this crash end in a root cause (a fix or a low-confidence one)? */
function analysed(r: CrashRecord): boolean {
  return r.analyses.some((a) => a.outcome === 'fix' || a.outcome === 'low-confidence');
}

function wasApproved(r: CrashRecord): boolean {
  return r.approvals.length > 0;
}

function wasRejected(r: CrashRecord): boolean {
  return r.status === 'rejected' || r.touchpoints.rejections > 0;
}

/** Human acts on a crash: each approval click, each review asking for changes, each rejection. */
function touchpoints(r: CrashRecord): number {
  return r.approvals.length + r.touchpoints.rejections + r.touchpoints.reviews;
}

/** Anything a person had to do beyond the one approval click. */
function needsIntervention(r: CrashRecord): boolean {
  return r.approvals.length > 1 || r.issue !== null || r.touchpoints.rejections > 0 || r.touchpoints.reviews > 0;
}

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1] ?? null;
}

function percent(part: number, whole: number): number | null {
  return whole === 0 ? null : (100 * part) / whole;
}

export function crashStats(records: readonly CrashRecord[], window: StatsWindow): CrashStats {
  const seen = seenInWindow(records, window);
  const n = seen.length;
  const crashes = (k: number, of: number, what = 'crashes'): string => `${k} of ${of} ${what}`;

  const analysedCount = seen.filter(analysed).length;
  const attempts = seen.reduce((s, r) => s + r.builds.attempts, 0);
  const compiled = seen.reduce((s, r) => s + r.builds.compiled, 0);
  const approved = seen.filter(wasApproved).length;
  const decided = seen.filter((r) => wasApproved(r) || wasRejected(r)).length;
  const withPr = seen.filter((r) => r.pr !== null);
  const pending = withPr.filter((r) => !wasApproved(r) && !wasRejected(r)).length;
  const minutes = withPr
    .map((r) => (Date.parse(r.pr?.openedAt ?? '') - Date.parse(r.firstDumpAt)) / MINUTE_MS)
    .filter((m) => Number.isFinite(m) && m >= 0)
    .sort((a, b) => a - b);
  const median = percentile(minutes, 50);
  const p90 = percentile(minutes, 90);
  const intervened = seen.filter(needsIntervention).length;
  const touches = seen.reduce((s, r) => s + touchpoints(r), 0);
  const critical = seen.filter((r) => r.pr?.severity === 'critical');
  const falsePositives = critical.filter((r) => wasRejected(r) || r.regressions.length > 0 || r.rollbacks.length > 0).length;
  // Dumps that came while a critical fix was deployed, from a build that could not be placed against it: a regression may hide there.
  const unplaced = critical.reduce((s, r) => s + r.unplaced.length, 0);

  const atLeast = (actual: number | null, target: number): boolean | null => (actual === null ? null : actual >= target);
  const below = (actual: number | null, target: number): boolean | null => (actual === null ? null : actual < target);
  const analysedPct = percent(analysedCount, n);
  const compiledPct = percent(compiled, attempts);
  const approvedPct = percent(approved, decided);
  const interventionPct = percent(intervened, n);
  const falsePositiveCount = critical.length === 0 ? null : falsePositives;

  const criteria: Criterion[] = [
    {
      key: 'analysed',
      label: 'Analysed automatically',
      target: { comparison: 'at-least', value: 90, unit: 'percent' },
      actual: analysedPct,
      also: null,
      met: atLeast(analysedPct, 90),
      basis: crashes(analysedCount, n),
      definition: 'crashes whose model analysis gave a root cause (a fix or a low-confidence analysis) / crashes seen',
    },
    {
      key: 'compiled',
      label: 'Fixes that compile',
      target: { comparison: 'at-least', value: 80, unit: 'percent' },
      actual: compiledPct,
      also: null,
      met: atLeast(compiledPct, 80),
      basis: `${compiled} of ${attempts} builds`,
      definition: 'fix builds that compiled / fix builds (each attempt counts)',
    },
    {
      key: 'approved',
      label: 'PRs approved',
      target: { comparison: 'at-least', value: 70, unit: 'percent' },
      actual: approvedPct,
      also: null,
      met: atLeast(approvedPct, 70),
      basis: `${approved} of ${decided} decided${pending > 0 ? `, ${pending} awaiting a decision` : ''}`,
      definition: 'crashes whose pull request was approved / crashes whose pull request was approved or rejected',
    },
    {
      key: 'time-to-pr',
      label: 'Time from dump to PR (median)',
      target: { comparison: 'below', value: 30, unit: 'minutes' },
      actual: median,
      also: { label: 'p90', value: p90, unit: 'minutes' },
      met: below(p90, 30),
      basis: `${minutes.length} pull requests`,
      definition: "the crash's first dump to its pull request; met when the p90 (so the median too) is under the target",
    },
    {
      key: 'intervention',
      label: 'Human intervention',
      target: { comparison: 'below', value: 5, unit: 'percent' },
      actual: interventionPct,
      also: { label: 'touchpoints per crash', value: n === 0 ? null : touches / n, unit: 'per-crash' },
      met: below(interventionPct, 5),
      basis: crashes(intervened, n),
      definition:
        'crashes that needed a person beyond the one approval click (a review asking for changes, a rejection, a second approval, a low-confidence issue) / crashes seen; touchpoints: approvals, reviews and rejections per crash',
    },
    {
      key: 'critical-false-positives',
      label: 'Critical fixes rejected or regressed',
      target: { comparison: 'below', value: 1, unit: 'count' },
      actual: falsePositiveCount,
      also: null,
      met: falsePositiveCount === null ? null : falsePositiveCount === 0,
      basis: `${critical.length} critical fixes${unplaced > 0 ? `; ${unplaced} dump(s) from a build that could not be placed against the fix` : ''}`,
      definition: 'pull requests of severity critical that were rejected, rolled back or whose crash came back in a build with the fix',
    },
  ];

  // The model was asked: an analysis other than `skipped` (no key), or tokens spent.
  const spent = seen.filter((r) => r.analyses.some((a) => a.outcome !== 'skipped') || r.usage.inputTokens + r.usage.outputTokens > 0);
  const tokens = spent.reduce((s, r) => s + r.usage.inputTokens + r.usage.outputTokens, 0);
  const cost = spent.reduce((s, r) => s + r.usage.costUsd, 0);
  const unpricedRuns = spent.reduce((s, r) => s + r.usage.unpricedRuns, 0);
  const spend: ModelSpend = {
    crashes: spent.length,
    tokensPerCrash: spent.length === 0 ? null : tokens / spent.length,
    costPerCrashUsd: spent.length === 0 ? null : cost / spent.length,
    unpricedRuns,
  };
  const dumps = seen.reduce((s, r) => s + countInWindow(r, window), 0);
  return { window: { since: window.since.toISOString(), now: window.now.toISOString() }, crashes: n, dumps, criteria, spend };
}
