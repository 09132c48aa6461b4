import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { localGateRecords } from '../../../src/composition/gate-records.js';
import { runGate } from '../../../src/composition/run-gate.js';
import type { JobState } from '../../../src/domain/job-state.js';
import { FolderJobStore } from '../../../src/pipeline/folder-job-store.js';
import { MemoryLogger } from '../../../src/pipeline/logger.js';
import { newJobRecord } from '../../../src/pipeline/runner.js';
import { buildSettings } from '../../../src/settings/build-settings.js';
import { fakeEnvironment } from '../../fakes/environment.js';
import { FakeGateClient } from '../../fakes/fake-gate-client.js';
import { prCreated } from '../../fakes/sample-states.js';

const FIX = 'f'.repeat(40);
const JOB = 'a1b2c3d4e5f60718';
let stateDir: string;
let github: FakeGateClient;

beforeEach(async () => {
  stateDir = await mkdtemp(path.join(os.tmpdir(), 'gate-'));
  await new FolderJobStore(stateDir).save(newJobRecord(JOB, prCreated(), new Date('2026-12-04T10:00:00Z')));
  github = new FakeGateClient().openPull(7, FIX);
});

async function gate(command: 'approve' | 'reject', values: Record<string, string | number> = { 'run-id': 4242 }) {
  const settings = await buildSettings({ origin: 'cli', command, values: { 'state-dir': stateDir, ...values }, environment: fakeEnvironment(), readTextFile: async () => null });
  const log = new MemoryLogger();
  const outcome = await runGate(command, settings, { github, records: localGateRecords(stateDir), log, now: () => new Date('2026-12-04T11:00:00Z'), localUser: () => 'dev' });
  return { outcome, log };
}

const statusOf = async (): Promise<JobState['status'] | undefined> => (await new FolderJobStore(stateDir).load(JOB))?.state.status;

describe('runGate', () => {
  it('approve: an approved review of the protected environment merges every waiting job', async () => {
    github.reviews = [{ environments: ['crash-fix-approval'], state: 'approved', reviewer: 'lead', comment: 'ship it' }];
    const { outcome } = await gate('approve');
    expect(outcome).toMatchObject({ status: 'APPROVED', message: 'Merged #7 (approved by @lead)' });
    expect(await statusOf()).toBe('APPROVED');
    expect(github.calls).toEqual(['environment crash-fix-approval', 'runApprovals 4242', 'ready #7', 'merge #7 squash fffffff', 'comment #7']);
    // Again: already approved, nothing merged twice.
    github.calls.length = 0;
    expect((await gate('approve')).outcome.status).toBe('APPROVED');
    expect(github.calls.filter((c) => c.startsWith('merge'))).toEqual([]);
  });

  it('approve refuses an environment without required reviewers, or one that does not exist, before reading any review', async () => {
    github.environments.set('crash-fix-approval', { name: 'crash-fix-approval', requiredReviewers: [], readable: true });
    github.reviews = [{ environments: ['crash-fix-approval'], state: 'approved', reviewer: 'lead', comment: '' }];
    await expect(gate('approve')).rejects.toMatchObject({ kind: 'config', message: expect.stringMatching(/has no required reviewers, so its jobs run without anyone's click.*; nothing was merged$/) as string });
    github.environments.clear();
    await expect(gate('approve')).rejects.toThrow(/does not exist in acme\/server/);
    expect(github.calls).not.toContain('runApprovals 4242');
    expect(await statusOf()).toBe('PR_CREATED');
  });

  it('approve without an approved review, or after a rejection, merges nothing', async () => {
    await expect(gate('approve')).rejects.toThrow(/Workflow run 4242 has no approved review of the environment 'crash-fix-approval'/);
    github.reviews = [{ environments: ['crash-fix-approval'], state: 'rejected', reviewer: 'lead', comment: 'wrong fix' }];
    await expect(gate('approve')).rejects.toThrow(/was rejected by @lead \("wrong fix"\); nothing was merged/);
    expect(await statusOf()).toBe('PR_CREATED');
  });

  it('reject: a rejected review closes the pull request with the reason and records it', async () => {
    github.reviews = [{ environments: ['crash-fix-approval'], state: 'rejected', reviewer: 'lead', comment: 'wrong fix' }];
    const { outcome } = await gate('reject');
    expect(outcome).toMatchObject({ status: 'REJECTED', message: 'Closed #7 (rejected by @lead)' });
    const record = await new FolderJobStore(stateDir).load(JOB);
    expect(record?.state).toMatchObject({ status: 'REJECTED', rejection: { reviewer: 'lead', reason: 'wrong fix' }, gate: { runId: 4242 } });
    expect(record?.history.map((h) => h.status)).toEqual(['PR_CREATED', 'AWAITING_APPROVAL', 'REJECTED']);
  });

  it.each([
    ['a failed or cancelled fix job, a timeout: nobody reviewed', [], /nobody reviewed it/],
    ['an approval', [{ environments: ['crash-fix-approval'], state: 'approved' as const, reviewer: 'lead', comment: '' }], /it was approved/],
  ])('reject after %s leaves everything alone', async (_, reviews, why) => {
    github.reviews = reviews;
    const { outcome } = await gate('reject');
    expect(outcome.status).toBe('NOT_REJECTED');
    expect(outcome.message).toMatch(why);
    expect(await statusOf()).toBe('PR_CREATED');
    expect(github.calls.filter((c) => !c.startsWith('runApprovals'))).toEqual([]);
  });

  it('on the command line the person running it decides: approve merges as them; reject needs a reason', async () => {
    await expect(gate('reject', {})).rejects.toThrow(/'reject' on the command line needs --reason/);
    const { outcome } = await gate('approve', {});
    expect(outcome.status).toBe('APPROVED');
    expect((await new FolderJobStore(stateDir).load(JOB))?.state).toMatchObject({ approval: { reviewers: [{ login: 'dev' }] }, gate: { runId: null } });
    expect(github.calls).not.toContain('environment crash-fix-approval');
  });

  it('says when no job waits at the gate', async () => {
    github.reviews = [{ environments: ['crash-fix-approval'], state: 'approved', reviewer: 'lead', comment: '' }];
    await expect(gate('approve', { 'run-id': 4242, 'job-id': 'ffffffffffffffff' })).rejects.toThrow(/job ffffffffffffffff is not waiting at the approval gate/);
    await expect(gate('approve', { 'job-id': 'nope' })).rejects.toThrow(/Option '--job-id' must be a crash-autofix job id \(16 hex digits/);
  });
});
