import type { CrashRecord } from '../../src/domain/crash-record.js';
import type { StatsWindow } from '../../src/domain/crash-window.js';
import { analysis, crashRecord, lesson, prAfter } from './crash-records.js';

/**
 * Six crashes with answers worked out by hand (test/unit/domain/crash-stats.test.ts
 * lists them). The window is November 2026 (30 days); the previous one is 2–31 October.
 */
export const NOVEMBER: StatsWindow = { since: new Date('2026-11-01T00:00:00Z'), now: new Date('2026-11-30T12:00:00Z') };

export function seededCrashes(): CrashRecord[] {
  const a0 = crashRecord('A', { '2026-10-15': 4, '2026-11-02': 5, '2026-11-10': 5 });
  const a = {
    ...a0,
    module: 'src/game/spells',
    status: 'approved' as const,
    analyses: [analysis('job-a', 'fix')],
    builds: { attempts: 2, compiled: 1 },
    pr: prAfter(a0, 20, 11, 'critical'),
    approvals: [{ reviewers: ['lead'], at: '2026-11-03T10:00:00.000Z' }],
    usage: { inputTokens: 10_000, outputTokens: 2_000, costUsd: 0.3, unpricedRuns: 0 },
  };
  const b0 = crashRecord('B', { '2026-10-20': 6, '2026-11-03': 6 });
  const b = {
    ...b0,
    module: 'src/game/maps',
    status: 'rejected' as const,
    analyses: [analysis('job-b', 'fix')],
    builds: { attempts: 1, compiled: 1 },
    pr: prAfter(b0, 40, 12),
    touchpoints: { rejections: 1, reviews: 0 },
    lessons: [lesson('job-b:rejected', { signature: 'B', module: 'src/game/maps', text: 'Do not silence the assert; fix the grid bounds.', at: '2026-11-04T10:00:00.000Z' })],
    usage: { inputTokens: 20_000, outputTokens: 4_000, costUsd: 0.6, unpricedRuns: 0 },
  };
  const c = {
    ...crashRecord('C', { '2026-11-20': 3 }),
    status: 'low-confidence' as const,
    analyses: [analysis('job-c', 'low-confidence')],
    issue: { number: 40, url: 'https://github.com/acme/realm/issues/40' },
    usage: { inputTokens: 5_000, outputTokens: 1_000, costUsd: 0.12, unpricedRuns: 0 },
  };
  const d = { ...crashRecord('D', { '2026-11-25': 1 }), analyses: [analysis('job-d', 'skipped')] };
  const e0 = crashRecord('E', { '2026-10-05': 9 });
  const e = { ...e0, status: 'rejected' as const, pr: prAfter(e0, 5, 9, 'critical'), touchpoints: { rejections: 1, reviews: 0 }, lessons: [lesson('job-e:rejected', { signature: 'E', module: null, text: 'wrong', at: '2026-10-06T00:00:00.000Z' })] };
  const f0 = crashRecord('F', { '2026-11-05': 2 });
  const f = {
    ...f0,
    status: 'regressed' as const,
    analyses: [analysis('job-f', 'fix')],
    builds: { attempts: 3, compiled: 1 },
    pr: prAfter(f0, 10, 13, 'critical'),
    approvals: [{ reviewers: ['lead'], at: '2026-11-06T10:00:00.000Z' }],
    touchpoints: { rejections: 0, reviews: 1 },
    lessons: [lesson('job-f:review:1', { kind: 'review', signature: 'F', module: 'src/net', text: 'Keep the packet size check.', at: '2026-11-05T12:00:00.000Z' })],
    regressions: [{ at: '2026-11-05T20:00:00.000Z', build: 'b2', fixedIn: { commit: 'f1x', sha256: 'f'.repeat(64), buildIds: ['b2'], at: '2026-11-05T18:00:00.000Z' } }],
    usage: { inputTokens: 7_000, outputTokens: 1_000, costUsd: 0.18, unpricedRuns: 1 },
  };
  return [a, b, c, d, e, f];
}
