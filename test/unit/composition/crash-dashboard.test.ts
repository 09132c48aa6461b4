import { describe, expect, it } from 'vitest';
import { crashDashboard, dashboardSignature } from '../../../src/composition/crash-dashboard.js';
import { renderJobSummary } from '../../../src/composition/job-summary.js';
import { newJobRecord } from '../../../src/pipeline/runner.js';
import { crashRecord } from '../../fakes/crash-records.js';
import { seededCrashes } from '../../fakes/seeded-crashes.js';
import { crashDetected, prCreated } from '../../fakes/sample-states.js';

const now = new Date('2026-11-30T12:00:00Z');

describe('crashDashboard', () => {
  it("shows the job's crash record and the six numbers of the last 30 days", async () => {
    const state = prCreated();
    const mine = { ...crashRecord(state.report.signature, { '2026-11-29': 2 }), status: 'pr-open' as const, pr: { number: 4, url: 'https://github.com/acme/server/pull/4', openedAt: '2026-11-29T08:20:00.000Z', severity: 'high' as const } };
    const md = await crashDashboard(() => Promise.resolve({ list: () => Promise.resolve([...seededCrashes(), mine]) }), dashboardSignature(state), now);
    expect(md).toContain(`| \`${state.report.signature}\``);
    expect(md).toContain('| pr-open | 2 | 2026-11-29 08:00 UTC | 2026-11-29 20:00 UTC | [PR #4](https://github.com/acme/server/pull/4) | — |');
    expect(md).toContain('### Success criteria (crashes seen since 2026-11-01)');
    // The seeded crashes seen in November (A, B, C, D, F) and this one: A, B, C and F were analysed.
    expect(md).toContain('| Analysed automatically | ≥ 90% | 66.7% | ❌ | 4 of 6 crashes |');
    expect(md).toContain('| PRs approved | ≥ 70% | 66.7% | ❌ | 2 of 3 decided, 1 awaiting a decision |');
  });

  it('gives one line when the database cannot be read, and nothing before the job has a report', async () => {
    const md = await crashDashboard(() => Promise.reject(new Error('crash-db.json is not a crash database')), dashboardSignature(prCreated()), now);
    expect(md).toBe('### Crash record\n\nThe crash database could not be read: crash-db.json is not a crash database\n');
    expect(dashboardSignature(crashDetected())).toBeNull();
    expect(await crashDashboard(() => Promise.resolve({ list: () => Promise.resolve([]) }), null, now)).toBeNull();
    // The database off: no dashboard.
    expect(await crashDashboard(() => Promise.resolve(null), 'sig', now)).toBeNull();
  });

  it('goes into the job summary after the status table', async () => {
    const state = prCreated();
    const md = await crashDashboard(() => Promise.resolve({ list: () => Promise.resolve([]) }), dashboardSignature(state), now);
    const summary = renderJobSummary({ record: newJobRecord('0123456789abcdef', state, new Date(0)), failure: null, jobDir: '/s/job' }, 0, md);
    expect(summary).toContain(`No record of crash \`${state.report.signature}\` in the crash database yet.`);
    expect(summary.indexOf('| Job | Status | Input |')).toBeLessThan(summary.indexOf('### Crash record'));
    expect(summary).toContain('| Human intervention | < 5% | no data (no data) | — | 0 of 0 crashes |');
  });
});
