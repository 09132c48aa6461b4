import type { CrashRecord } from './crash-record.js';

/**
 * A stats window in whole UTC days: from `since`'s day to `now`'s day, both
 * included. Occurrences are kept per day (`byDay`), so a window cannot cut a day.
 */
export interface StatsWindow {
  since: Date;
  now: Date;
}

const DAY_MS = 86_400_000;

export function dayOf(date: Date): string {
  return date.toISOString().slice(0, 10);
}

function dayNumber(day: string): number {
  return Math.floor(Date.parse(`${day}T00:00:00Z`) / DAY_MS);
}

/** The window's first and last day (inclusive) as day numbers since the epoch. */
export function windowDays(window: StatsWindow): { first: number; last: number } {
  const first = dayNumber(dayOf(window.since));
  const last = dayNumber(dayOf(window.now));
  return { first, last: Math.max(first, last) };
}

/** The window of the same length just before this one: the trend's baseline. */
export function previousDays(window: StatsWindow): { first: number; last: number } {
  const { first, last } = windowDays(window);
  const length = last - first + 1;
  return { first: first - length, last: first - 1 };
}

/** Occurrences of a crash between two day numbers, both included. */
export function countBetween(record: CrashRecord, days: { first: number; last: number }): number {
  let total = 0;
  for (const [day, count] of Object.entries(record.occurrences.byDay)) {
    const n = dayNumber(day);
    if (n >= days.first && n <= days.last) total += count;
  }
  return total;
}

export function countInWindow(record: CrashRecord, window: StatsWindow): number {
  return countBetween(record, windowDays(window));
}

/** The crashes with at least one dump in the window: what every figure is about. */
export function seenInWindow(records: readonly CrashRecord[], window: StatsWindow): CrashRecord[] {
  return records.filter((r) => countInWindow(r, window) > 0);
}

/** Weekly crash counts (weeks start on Monday, UTC) over the window; weeks without a dump count 0. */
export function weeklyCounts(records: readonly CrashRecord[], window: StatsWindow): { week: string; count: number }[] {
  const { first, last } = windowDays(window);
  // Day 0 (1970-01-01) was a Thursday: Monday is 3 days before a multiple of 7.
  const monday = (n: number): number => n - ((n + 3) % 7);
  const weeks = new Map<number, number>();
  for (let w = monday(first); w <= last; w += 7) weeks.set(w, 0);
  for (const record of records) {
    for (const [day, count] of Object.entries(record.occurrences.byDay)) {
      const n = dayNumber(day);
      if (n < first || n > last) continue;
      const w = monday(n);
      weeks.set(w, (weeks.get(w) ?? 0) + count);
    }
  }
  return [...weeks.entries()].map(([w, count]) => ({ week: new Date(w * DAY_MS).toISOString().slice(0, 10), count }));
}
