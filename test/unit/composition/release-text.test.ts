import { describe, expect, it } from 'vitest';
import type { JobRecord, StateOf } from '../../../src/domain/job-state.js';
import { newJobRecord } from '../../../src/pipeline/runner.js';
import { percentile, releaseOutputs, renderReleaseSummary } from '../../../src/composition/release-text.js';
import { packedRelease, stressTesting } from '../../fakes/sample-release-states.js';

function outcome(record: JobRecord): Parameters<typeof renderReleaseSummary>[1] {
  return { status: record.state.status, message: `job ${record.jobId} is ${record.state.status}`, record, jobDir: '/state/jobs/x' };
}

describe('the release summary and outputs', () => {
  it('shows the stress run: duration, load, checks, metric percentiles and dumps; the outputs name the release', async () => {
    const { release } = await packedRelease();
    const s = stressTesting(release);
    const metrics = [10, 12, 11, 40, null, 13];
    const promoting: StateOf<'PROMOTING'> = {
      ...s,
      status: 'PROMOTING',
      production: null,
      stress: {
        startedAt: '2026-12-04T12:00:00.000Z', baseline: [], elapsedMs: 60_000, durationMs: 60_000, finishedAt: '2026-12-04T12:01:00.000Z',
        checks: metrics.map((m, i) => ({ at: `2026-12-04T12:00:${10 + i}.000Z`, healthy: true, metric: m, failed: m === null, note: m === null ? 'no metric data' : 'ok' })),
        dumps: [], loads: [{ exitCode: null, durationMs: 60_000, stoppedAtEnd: true }],
      },
    };
    const record = newJobRecord('0123456789abcdef', promoting, new Date('2026-12-04T12:01:00.000Z'));
    const md = renderReleaseSummary('stress', outcome(record));
    expect(md).toContain('| Duration | 60 of 60 s |');
    expect(md).toContain('| Load | 1 run\\(s\\); exits stopped at end |');
    expect(md).toContain('| Checks | 6 (1 failed) |');
    expect(md).toContain('| Metric p50 / p90 / p99 / max | 12 / 40 / 40 / 40 (1 check(s) without data) |');
    expect(md).toContain('| Dumps seen | none |');
    expect(md).toContain('| test | crash\\-fix\\-test | [100](https://api.github.test/deployments/100) |');
    expect(releaseOutputs(outcome(record))).toEqual({ status: 'PROMOTING', 'job-id': '0123456789abcdef', 'release-sha256': release.sha256, 'release-commit': release.commit, 'deployment-id': '100' });
  });

  it('says why a fix was rolled back, and the new crash’s intake job', async () => {
    const { release } = await packedRelease();
    const s = stressTesting(release);
    const rolled: StateOf<'ROLLED_BACK'> = { ...s, status: 'ROLLED_BACK', production: null, rollback: { target: 'test', reason: 'the server crashed | hard', dumpSignature: 'segv-111111111111', newJobs: ['fedcba9876543210'], commandExitCode: 0, at: '2026-12-04T12:02:00.000Z' } };
    const record = newJobRecord('0123456789abcdef', rolled, new Date());
    const md = renderReleaseSummary('stress', outcome(record));
    expect(md).toContain('**Rolled back from test:** the server crashed \\| hard');
    expect(md).toContain('New crash, intake job(s): `fedcba9876543210`');
    expect(releaseOutputs(outcome(record))).toMatchObject({ status: 'ROLLED_BACK', 'rollback-reason': 'the server crashed | hard', 'new-jobs': '["fedcba9876543210"]' });
  });

  it('percentiles by nearest rank; none without values', () => {
    expect(percentile([], 50)).toBeNull();
    expect(percentile([5], 99)).toBe(5);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90)).toBe(9);
  });
});
