import { describe, expect, it } from 'vitest';
import { CrashAutofixError } from '../../../src/base/errors.js';
import { windowDays } from '../../../src/domain/crash-window.js';
import { crashStatsReport, statsWindow } from '../../../src/composition/run-stats.js';
import { NOVEMBER, seededCrashes } from '../../fakes/seeded-crashes.js';

const now = new Date('2026-11-30T12:00:00Z');

describe('statsWindow', () => {
  it('makes 30d the last 30 days with today, and the default', () => {
    const w = statsWindow({ days: 30 }, now);
    expect(w.since.toISOString().slice(0, 10)).toBe('2026-11-01');
    const days = windowDays(w);
    expect(days.last - days.first + 1).toBe(30);
    expect(statsWindow(null, now)).toEqual(w);
    expect(statsWindow({ days: 1 }, now).since.toISOString().slice(0, 10)).toBe('2026-11-30');
  });

  it('starts a day window at its midnight (UTC), and refuses a day after today', () => {
    expect(statsWindow({ date: '2026-11-01' }, now)).toEqual({ since: new Date('2026-11-01T00:00:00Z'), now });
    expect(() => statsWindow({ date: '2026-12-01' }, now)).toThrow(CrashAutofixError);
  });
});

describe('crashStatsReport', () => {
  it('computes the stats, the top crashers and the weeks from what the database lists', async () => {
    const report = await crashStatsReport({ list: () => Promise.resolve(seededCrashes()) }, NOVEMBER);
    expect(report.stats.crashes).toBe(5);
    expect(report.top.map((t) => t.signature)).toEqual(['A', 'B', 'C', 'F', 'D']);
    expect(report.weeks.map((w) => w.count)).toEqual([0, 13, 5, 3, 1, 0]);
  });
});
