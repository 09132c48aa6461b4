import type { CrashRecord, CrashStatus } from './crash-record.js';
import { countBetween, previousDays, windowDays, type StatsWindow } from './crash-window.js';

/** A crash's movement against the previous window of the same length, as Socorro shows it. */
export type Trend =
  | { kind: 'new' }
  | { kind: 'up' | 'down' | 'same'; previousCount: number; previousRank: number; /** Change of the count, in percent of the previous one. */ changePercent: number };

export interface TopCrasher {
  rank: number;
  signature: string;
  title: string;
  count: number;
  /** Of every dump in the window. */
  percentOfAll: number;
  trend: Trend;
  firstSeen: string;
  status: CrashStatus;
  /** The pull request, else the issue; null when neither exists. */
  link: { kind: 'pr' | 'issue'; number: number; url: string } | null;
}

/** Ranks by count (then the most recent, then the signature, so equal counts keep one order). */
function ranked(records: readonly CrashRecord[], days: { first: number; last: number }): { record: CrashRecord; count: number }[] {
  return records
    .map((record) => ({ record, count: countBetween(record, days) }))
    .filter((e) => e.count > 0)
    .sort((a, b) => b.count - a.count || b.record.occurrences.lastSeen.localeCompare(a.record.occurrences.lastSeen) || a.record.signature.localeCompare(b.record.signature));
}

/** The crashes with the most dumps in the window, at most `limit`. */
export function topCrashers(records: readonly CrashRecord[], window: StatsWindow, limit = 10): TopCrasher[] {
  const current = ranked(records, windowDays(window));
  const before = new Map(ranked(records, previousDays(window)).map((e, i) => [e.record.signature, { count: e.count, rank: i + 1 }]));
  const total = current.reduce((s, e) => s + e.count, 0);
  return current.slice(0, limit).map(({ record, count }, i) => {
    const prev = before.get(record.signature);
    const trend: Trend =
      prev === undefined
        ? { kind: 'new' }
        : {
            kind: count > prev.count ? 'up' : count < prev.count ? 'down' : 'same',
            previousCount: prev.count,
            previousRank: prev.rank,
            changePercent: (100 * (count - prev.count)) / prev.count,
          };
    const link = record.pr ? { kind: 'pr' as const, number: record.pr.number, url: record.pr.url } : record.issue ? { kind: 'issue' as const, number: record.issue.number, url: record.issue.url } : null;
    return { rank: i + 1, signature: record.signature, title: record.title, count, percentOfAll: (100 * count) / total, trend, firstSeen: record.occurrences.firstSeen, status: record.status, link };
  });
}
