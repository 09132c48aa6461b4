import { describe, expect, it } from 'vitest';
import { crashStats } from '../../../src/domain/crash-stats.js';
import { weeklyCounts } from '../../../src/domain/crash-window.js';
import { topCrashers } from '../../../src/domain/top-crashers.js';
import { renderCrashDashboard } from '../../../src/publish/render-crash-record.js';
import { minutesText, renderStatsMarkdown, renderWeeklyChart } from '../../../src/publish/render-crash-stats.js';
import { crashRecord } from '../../fakes/crash-records.js';
import { NOVEMBER, seededCrashes } from '../../fakes/seeded-crashes.js';

function report(records = seededCrashes()): string {
  return renderStatsMarkdown({ stats: crashStats(records, NOVEMBER), top: topCrashers(records, NOVEMBER), weeks: weeklyCounts(records, NOVEMBER) });
}

describe('renderStatsMarkdown', () => {
  it('shows each criterion with its target, actual, verdict and what was counted', () => {
    const md = report();
    expect(md).toContain('## Crash statistics, 2026-11-01 to 2026-11-30');
    expect(md).toContain('5 crash(es) seen in the window, 22 dump(s).');
    expect(md).toContain('| Analysed automatically | ≥ 90% | 80% | ❌ | 4 of 5 crashes |');
    expect(md).toContain('| Fixes that compile | ≥ 80% | 50% | ❌ | 3 of 6 builds |');
    expect(md).toContain('| PRs approved | ≥ 70% | 66.7% | ❌ | 2 of 3 decided |');
    expect(md).toContain('| Time from dump to PR (median) | < 30 min | 20 min (p90 40 min) | ❌ | 3 pull requests |');
    expect(md).toContain('| Human intervention | < 5% | 60% (0.80 per crash) | ❌ | 3 of 5 crashes |');
    expect(md).toContain('| Critical fixes rejected or regressed | 0 | 1 | ❌ | 2 critical fixes |');
    expect(md).toContain('**Model use per crash:** 12,500 tokens, $0.30 (over 4 crash(es) the model was asked about; 1 run(s) of a model without a known price are not in the cost)');
  });

  it('lists the top crashers as Socorro does', () => {
    const md = report();
    expect(md).toContain('| 1 | `A` crash A | 10 | 45.5% | ▲ +150% (rank 3 before) | 2026-10-15 | approved | [PR #11](https://github.com/acme/realm/pull/11) |');
    expect(md).toContain('| 2 | `B` crash B | 6 | 27.3% | = (rank 2 before) | 2026-10-20 | rejected | [PR #12](https://github.com/acme/realm/pull/12) |');
    expect(md).toContain('| 3 | `C` crash C | 3 | 13.6% | 🆕 new | 2026-11-20 | low-confidence | [issue #40](https://github.com/acme/realm/issues/40) |');
    expect(md).toContain('| 5 | `D` crash D | 1 | 4.5% | 🆕 new | 2026-11-25 | new | — |');
    expect(md).not.toContain('`E`');
  });

  it('draws the weekly counts as a Mermaid bar chart', () => {
    expect(report()).toContain(
      [
        '```mermaid',
        'xychart-beta',
        '    title "Crash dumps per week (weeks from Monday, UTC)"',
        '    x-axis ["2026-10-26", "2026-11-02", "2026-11-09", "2026-11-16", "2026-11-23", "2026-11-30"]',
        '    y-axis "Dumps" 0 --> 13',
        '    bar [0, 13, 5, 3, 1, 0]',
        '```',
      ].join('\n'),
    );
    expect(renderWeeklyChart([{ week: '2026-11-02', count: 0 }])).toContain('    y-axis "Dumps" 0 --> 1');
  });

  it('says "no data" for an empty database, never 0%', () => {
    const md = report([]);
    expect(md).toContain('0 crash(es) seen in the window, 0 dump(s).');
    expect(md).toContain('| Analysed automatically | ≥ 90% | no data | — | 0 of 0 crashes |');
    expect(md).toContain('| Time from dump to PR (median) | < 30 min | no data (p90 no data) | — | 0 pull requests |');
    expect(md).toContain('| Human intervention | < 5% | no data (no data) | — | 0 of 0 crashes |');
    expect(md).toContain('| Critical fixes rejected or regressed | 0 | no data | — | 0 critical fixes |');
    expect(md).toContain('**Model use per crash:** no data');
    expect(md).toContain('No crash in the window (no data).');
    expect(md).not.toMatch(/\b0%/);
  });

  it('writes minutes and hours', () => {
    expect(minutesText(0.5)).toBe('0.5 min');
    expect(minutesText(29.96)).toBe('30 min');
    expect(minutesText(125)).toBe('2 h 5 min');
    expect(minutesText(120)).toBe('2 h');
  });

  it('escapes a title from the dump', () => {
    const r = { ...crashRecord('S|1', { '2026-11-02': 1 }), title: 'crash in <b>@everyone|x' };
    const md = report([r]);
    expect(md).toContain('| `S\\|1` crash in &lt;b\\>@\u200beveryone\\|x |');
  });
});

describe('renderCrashDashboard', () => {
  it("shows the crash's record (status, dumps per build and server, links, deployments) and the six numbers", () => {
    const records = seededCrashes();
    const a = records[0];
    if (!a) throw new Error('seed');
    const deployed = {
      ...a,
      status: 'deployed' as const,
      occurrences: { ...a.occurrences, byBuild: { b1: { count: 9, firstSeen: a.occurrences.firstSeen, lastSeen: '2026-11-10T20:00:00.000Z' }, b2: { count: 5, firstSeen: a.occurrences.firstSeen, lastSeen: a.occurrences.lastSeen } } },
      deployments: [{ target: 'production' as const, environment: 'realm-prod', url: 'https://github.com/acme/realm/deployments/7', id: 7, at: '2026-11-12T09:30:00.000Z', build: { commit: 'abcdef1234567890', sha256: 'a'.repeat(64), buildIds: ['b3'] } }],
      fixedIn: { commit: 'abcdef1234567890', sha256: 'a'.repeat(64), buildIds: ['b3'], at: '2026-11-12T09:30:00.000Z' },
    };
    const md = renderCrashDashboard(deployed, 'A', crashStats(records, NOVEMBER));
    expect(md).toContain('| `A` crash A | deployed | 14 | 2026-10-15 08:00 UTC | 2026-11-10 20:00 UTC | [PR #11](https://github.com/acme/realm/pull/11) | — |');
    expect(md).toContain('| `b1` | 9 | 2026-11-10 20:00 UTC |');
    expect(md).toContain('| `realm-1` | 14 |');
    expect(md).toContain('| production | [realm\\-prod](https://github.com/acme/realm/deployments/7) | `abcdef123456` | 2026-11-12 09:30 UTC |');
    expect(md).toContain('**Fixed in** `abcdef123456` (2026-11-12 09:30 UTC).');
    expect(md).toContain('### Success criteria (crashes seen since 2026-11-01)');
    expect(md).toContain('| PRs approved | ≥ 70% | 66.7% | ❌ | 2 of 3 decided |');
  });

  it('says when the crash has no record yet', () => {
    const md = renderCrashDashboard(null, 'Z', crashStats([], NOVEMBER));
    expect(md).toContain('No record of crash `Z` in the crash database yet.');
    expect(md).toContain('| Fixes that compile | ≥ 80% | no data | — | 0 of 0 builds |');
  });
});
