import { describe, expect, it } from 'vitest';
import { crashStats, percentile, type Criterion, type CriterionKey } from '../../../src/domain/crash-stats.js';
import { weeklyCounts } from '../../../src/domain/crash-window.js';
import { crashRecord } from '../../fakes/crash-records.js';
import { NOVEMBER, seededCrashes } from '../../fakes/seeded-crashes.js';

function criterion(criteria: Criterion[], key: CriterionKey): Criterion {
  const found = criteria.find((c) => c.key === key);
  if (!found) throw new Error(`no criterion ${key}`);
  return found;
}

describe('crashStats', () => {
  /*
   * By hand: in November A (10 dumps), B (6), C (3), D (1) and F (2) were seen;
   * E only in October. Analysed: A, B, F (fix) and C (low confidence), not D
   * (skipped) = 4 of 5. Builds: 2+1+3 = 6, compiled 1+1+1 = 3. Decided PRs:
   * A and F approved, B rejected = 2 of 3. Minutes to PR: 10, 20, 40 → median
   * 20, p90 40. Intervention: B (rejected), C (issue), F (review) = 3 of 5;
   * touchpoints A 1 + B 1 + F 2 = 4 / 5 = 0.8. Critical: A and F; F regressed = 1.
   * Spend over A, B, C, F: tokens 12k + 24k + 6k + 8k = 50k / 4; cost 1.20 / 4.
   */
  it('computes the six criteria from seeded records', () => {
    const stats = crashStats(seededCrashes(), NOVEMBER);
    expect(stats.crashes).toBe(5);
    expect(stats.dumps).toBe(22);
    const c = stats.criteria;
    expect(c.map((x) => x.key)).toEqual(['analysed', 'compiled', 'approved', 'time-to-pr', 'intervention', 'critical-false-positives']);
    expect(criterion(c, 'analysed')).toMatchObject({ actual: 80, met: false, basis: '4 of 5 crashes', target: { comparison: 'at-least', value: 90 } });
    expect(criterion(c, 'compiled')).toMatchObject({ actual: 50, met: false, basis: '3 of 6 builds' });
    const approved = criterion(c, 'approved');
    expect(approved.actual).toBeCloseTo(66.667, 2);
    expect(approved).toMatchObject({ met: false, basis: '2 of 3 decided' });
    expect(criterion(c, 'time-to-pr')).toMatchObject({ actual: 20, also: { label: 'p90', value: 40 }, met: false, basis: '3 pull requests' });
    const intervention = criterion(c, 'intervention');
    expect(intervention).toMatchObject({ actual: 60, met: false, basis: '3 of 5 crashes' });
    expect(intervention.also?.value).toBeCloseTo(0.8);
    expect(criterion(c, 'critical-false-positives')).toMatchObject({ actual: 1, met: false, basis: '2 critical fixes' });
    expect(stats.spend).toEqual({ crashes: 4, tokensPerCrash: 12_500, costPerCrashUsd: expect.closeTo(0.3, 10) as number, unpricedRuns: 1 });
  });

  it('says "no data" (null), never 0%, for an empty database', () => {
    const stats = crashStats([], NOVEMBER);
    expect(stats.crashes).toBe(0);
    for (const c of stats.criteria) {
      expect(c.actual, c.key).toBeNull();
      expect(c.met, c.key).toBeNull();
    }
    expect(criterion(stats.criteria, 'time-to-pr').also?.value).toBeNull();
    expect(stats.spend).toEqual({ crashes: 0, tokensPerCrash: null, costPerCrashUsd: null, unpricedRuns: 0 });
  });

  it('gives no data for the figures nothing counts, and real figures for the rest', () => {
    // One crash, analysed, whose fix compiled but whose PR is still waiting: no decision, no critical fix.
    const r = crashRecord('X', { '2026-11-10': 2 }, { analyses: [{ jobId: 'j', at: '2026-11-10T09:00:00.000Z', outcome: 'fix', lessons: [] }], builds: { attempts: 1, compiled: 1 } });
    const stats = crashStats([{ ...r, pr: { number: 5, url: 'u', openedAt: '2026-11-10T08:25:00.000Z', severity: 'low' } }], NOVEMBER);
    const c = stats.criteria;
    expect(criterion(c, 'analysed')).toMatchObject({ actual: 100, met: true });
    expect(criterion(c, 'compiled')).toMatchObject({ actual: 100, met: true });
    expect(criterion(c, 'approved')).toMatchObject({ actual: null, met: null, basis: '0 of 0 decided, 1 awaiting a decision' });
    expect(criterion(c, 'time-to-pr')).toMatchObject({ actual: 25, also: { value: 25 }, met: true });
    expect(criterion(c, 'intervention')).toMatchObject({ actual: 0, met: true });
    expect(criterion(c, 'critical-false-positives')).toMatchObject({ actual: null, met: null, basis: '0 critical fixes' });
  });

  it('counts touchpoints the lessons did not keep, and says when a regression could not be told', () => {
    // A rejection with an empty reason leaves no lesson but is still a person's act.
    const r = crashRecord('R', { '2026-11-10': 1 }, {
      pr: { number: 3, url: 'u', openedAt: '2026-11-10T08:10:00.000Z', severity: 'critical' },
      touchpoints: { rejections: 1, reviews: 2 },
      unplaced: [{ at: '2026-11-10T09:00:00.000Z', build: null, jobId: null }],
    });
    const c = crashStats([r], NOVEMBER).criteria;
    expect(criterion(c, 'intervention')).toMatchObject({ actual: 100, also: { value: 3 } });
    expect(criterion(c, 'approved')).toMatchObject({ actual: 0, basis: '0 of 1 decided' });
    expect(criterion(c, 'critical-false-positives')).toMatchObject({ actual: 1, basis: '1 critical fixes; 1 dump(s) from a build that could not be placed against the fix' });
  });

  it('takes percentiles by nearest rank', () => {
    expect(percentile([], 50)).toBeNull();
    expect(percentile([7], 90)).toBe(7);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90)).toBe(9);
    expect(percentile([1, 2, 3, 4], 50)).toBe(2);
  });
});

describe('weeklyCounts', () => {
  it('sums the dumps per week (Monday first), with empty weeks as 0', () => {
    // 1 November 2026 is a Sunday: its week starts on 26 October; 30 November is a Monday.
    expect(weeklyCounts(seededCrashes(), NOVEMBER)).toEqual([
      { week: '2026-10-26', count: 0 },
      { week: '2026-11-02', count: 13 },
      { week: '2026-11-09', count: 5 },
      { week: '2026-11-16', count: 3 },
      { week: '2026-11-23', count: 1 },
      { week: '2026-11-30', count: 0 },
    ]);
  });

  it('lists the weeks with 0 when there is no dump at all', () => {
    const weeks = weeklyCounts([], { since: new Date('2026-11-02T00:00:00Z'), now: new Date('2026-11-15T00:00:00Z') });
    expect(weeks).toEqual([
      { week: '2026-11-02', count: 0 },
      { week: '2026-11-09', count: 0 },
    ]);
  });
});
