import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { JobState } from '../../../src/domain/job-state.js';
import { FolderJobStore } from '../../../src/pipeline/folder-job-store.js';
import { jobsWithSignature } from '../../../src/pipeline/job-sightings.js';
import { newJobRecord } from '../../../src/pipeline/runner.js';
import { analysisPending, crashDetected, sampleReport, verified } from '../../fakes/sample-states.js';

const SIG = 'access-violation-0123456789ab';

async function storeWith(jobs: [string, JobState, string][]): Promise<FolderJobStore> {
  const store = new FolderJobStore(await mkdtemp(path.join(os.tmpdir(), 'sightings-')));
  for (const [id, state, at] of jobs) await store.save({ ...newJobRecord(id, state, new Date(at)), updatedAt: at });
  return store;
}

describe('jobsWithSignature: the local half of "seen before?"', () => {
  it('finds the other jobs whose report has the signature, newest first, and leaves the asking job out', async () => {
    const { status: _s, ...pending } = analysisPending();
    const failedAtPublish: JobState = { status: 'FAILED', error: { stage: 'publish', kind: 'network', message: 'ECONNRESET', retryable: true }, resumeFrom: verified() };
    const store = await storeWith([
      ['000000000000000a', verified(), '2026-12-01T00:00:00.000Z'],
      ['000000000000000b', { ...pending, status: 'ANALYSIS_SKIPPED', reason: 'no key' }, '2026-12-03T00:00:00.000Z'],
      ['000000000000000c', failedAtPublish, '2026-12-02T00:00:00.000Z'],
      ['000000000000000d', { ...analysisPending(), report: sampleReport({ signature: 'divide-by-zero-aaaaaaaaaaaa' }) }, '2026-12-04T00:00:00.000Z'],
      ['000000000000000e', crashDetected(), '2026-12-05T00:00:00.000Z'],
      ['000000000000000f', analysisPending(), '2026-12-06T00:00:00.000Z'],
    ]);

    expect(await jobsWithSignature(store, SIG, '000000000000000f')).toEqual([
      { jobId: '000000000000000b', status: 'ANALYSIS_SKIPPED', failed: false, pr: null },
      { jobId: '000000000000000c', status: 'VERIFIED', failed: true, pr: null },
      { jobId: '000000000000000a', status: 'VERIFIED', failed: false, pr: null },
    ]);
    expect((await jobsWithSignature(store, SIG, null)).map((j) => j.jobId)).toEqual(['000000000000000f', '000000000000000b', '000000000000000c', '000000000000000a']);
  });

  it('gives the pull request of a job that opened one', async () => {
    const { status: _s, ...v } = verified();
    const published: JobState = { ...v, status: 'PR_CREATED', publication: { commit: 'c'.repeat(40), pushedAt: 'x' }, pr: { number: 12, url: 'https://github.com/acme/server/pull/12', action: 'created', commit: 'c'.repeat(40), regressionOf: null } };
    const store = await storeWith([['0000000000000012', published, '2026-12-01T00:00:00.000Z']]);
    expect(await jobsWithSignature(store, SIG, null)).toEqual([{ jobId: '0000000000000012', status: 'PR_CREATED', failed: false, pr: { number: 12, url: 'https://github.com/acme/server/pull/12' } }]);
  });

  it('passes over damaged records and folders that are not jobs, and an empty state folder', async () => {
    const store = await storeWith([['000000000000000a', verified(), '2026-12-01T00:00:00.000Z']]);
    await mkdir(store.jobDir('00000000000000bb'), { recursive: true });
    await writeFile(store.recordPath('00000000000000bb'), '{"schemaVersion":1,');
    await mkdir(path.join(store.stateDir, 'jobs', 'not-a-job'), { recursive: true });
    expect(await store.jobIds()).toEqual(['000000000000000a', '00000000000000bb']);
    expect((await jobsWithSignature(store, SIG, null)).map((j) => j.jobId)).toEqual(['000000000000000a']);
    const empty = new FolderJobStore(path.join(await mkdtemp(path.join(os.tmpdir(), 'sightings-')), 'never-made'));
    expect(await empty.jobIds()).toEqual([]);
    expect(await jobsWithSignature(empty, SIG, null)).toEqual([]);
  });
});
