import { describe, expect, it } from 'vitest';
import { topCrashers } from '../../../src/domain/top-crashers.js';
import { NOVEMBER, seededCrashes } from '../../fakes/seeded-crashes.js';

describe('topCrashers', () => {
  /*
   * By hand: November counts A 10, B 6, C 3, F 2, D 1 (22 in all); October
   * (2–31) counts E 9, B 6, A 4, so A was third and is up 150%, B second and the same.
   */
  it('ranks by count with % of all, the trend against the previous window, first seen, status and link', () => {
    const top = topCrashers(seededCrashes(), NOVEMBER);
    expect(top.map((t) => [t.rank, t.signature, t.count])).toEqual([
      [1, 'A', 10],
      [2, 'B', 6],
      [3, 'C', 3],
      [4, 'F', 2],
      [5, 'D', 1],
    ]);
    const [a, b, c, , d] = top;
    expect(a?.percentOfAll).toBeCloseTo((100 * 10) / 22, 6);
    expect(a?.trend).toEqual({ kind: 'up', previousCount: 4, previousRank: 3, changePercent: 150 });
    expect(a?.firstSeen).toBe('2026-10-15T08:00:00.000Z');
    expect(a?.status).toBe('approved');
    expect(a?.link).toEqual({ kind: 'pr', number: 11, url: 'https://github.com/acme/realm/pull/11' });
    expect(b?.trend).toEqual({ kind: 'same', previousCount: 6, previousRank: 2, changePercent: 0 });
    expect(c?.trend).toEqual({ kind: 'new' });
    expect(c?.link).toEqual({ kind: 'issue', number: 40, url: 'https://github.com/acme/realm/issues/40' });
    expect(d?.link).toBeNull();
    expect(top.reduce((s, t) => s + t.percentOfAll, 0)).toBeCloseTo(100, 6);
  });

  it('keeps the limit, and is empty without dumps in the window', () => {
    expect(topCrashers(seededCrashes(), NOVEMBER, 2).map((t) => t.signature)).toEqual(['A', 'B']);
    expect(topCrashers(seededCrashes(), { since: new Date('2027-01-01T00:00:00Z'), now: new Date('2027-01-31T00:00:00Z') })).toEqual([]);
  });

  it('shows a crash falling against the previous window', () => {
    // October alone: E 9 is new (September had nothing), B and A are new too.
    const october = topCrashers(seededCrashes(), { since: new Date('2026-10-02T00:00:00Z'), now: new Date('2026-10-31T00:00:00Z') });
    expect(october.map((t) => t.signature)).toEqual(['E', 'B', 'A']);
    // Back to November against October: a crash with fewer dumps goes down.
    const lessB = seededCrashes().map((r) => (r.signature === 'B' ? { ...r, occurrences: { ...r.occurrences, byDay: { '2026-10-20': 6, '2026-11-03': 3 } } } : r));
    const b = topCrashers(lessB, NOVEMBER).find((t) => t.signature === 'B');
    expect(b?.trend).toEqual({ kind: 'down', previousCount: 6, previousRank: 2, changePercent: -50 });
  });
});
