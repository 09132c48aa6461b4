import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createSeenCrashes } from '../../../src/composition/seen-crashes.js';
import type { PullRequestRef } from '../../../src/domain/seen-crashes.js';
import { FolderJobStore } from '../../../src/pipeline/folder-job-store.js';
import { newJobRecord } from '../../../src/pipeline/runner.js';
import type { SightingClient } from '../../../src/publish/github-sightings.js';
import { analysisPending, verified } from '../../fakes/sample-states.js';

const SIG = 'access-violation-0123456789ab';
const BRANCH = `crash-autofix/${SIG}`;
const OPEN: PullRequestRef = { number: 4, url: 'https://github.com/acme/server/pull/4', state: 'open', draft: true, merged: false, headBranch: BRANCH };

/** GitHub as the look-ups see it: answers given up front, every call recorded. */
function fakeGitHub(answers: { open?: PullRequestRef; closed?: PullRequestRef; merged?: PullRequestRef } = {}): SightingClient & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    findOpenPullRequest: async (head) => (calls.push(`open ${head}`), answers.open ?? null),
    findClosedPullRequest: async (head) => (calls.push(`closed ${head}`), answers.closed ?? null),
    findMergedFixForSignature: async (signature) => (calls.push(`merged ${signature}`), answers.merged ?? null),
  };
}

async function tempStore(): Promise<FolderJobStore> {
  return new FolderJobStore(await mkdtemp(path.join(os.tmpdir(), 'seen-')));
}

describe('createSeenCrashes', () => {
  it('finds the job of the same input by its content fingerprint, and nothing for another', async () => {
    const store = await tempStore();
    const fingerprint = `0123456789abcdef${'0'.repeat(48)}`;
    const record = newJobRecord('0123456789abcdef', verified(), new Date('2026-12-01T00:00:00Z'));
    await store.save(record);
    const seen = createSeenCrashes(store, null);
    expect(await seen.byFingerprint(fingerprint)).toEqual(record);
    expect(await seen.byFingerprint('f'.repeat(64))).toBeNull();
  });

  it('answers by signature from the jobs here and GitHub, asking for closed pull requests only when none is open', async () => {
    const store = await tempStore();
    await store.save(newJobRecord('000000000000000a', verified(), new Date()));
    await store.save(newJobRecord('000000000000000b', analysisPending(), new Date()));
    const withOpen = fakeGitHub({ open: OPEN });
    const seen = await createSeenCrashes(store, async () => withOpen).bySignature(SIG, '000000000000000b');
    expect(seen).toEqual({ signature: SIG, jobs: [{ jobId: '000000000000000a', status: 'VERIFIED', failed: false, pr: null }], github: { openPullRequest: OPEN, mergedFix: null, closedPullRequest: null } });
    expect(withOpen.calls).toEqual([`open ${BRANCH}`, `merged ${SIG}`]);

    const none = fakeGitHub();
    expect((await createSeenCrashes(store, async () => none).bySignature(SIG, null)).github).toEqual({ openPullRequest: null, mergedFix: null, closedPullRequest: null });
    expect(none.calls).toEqual([`open ${BRANCH}`, `merged ${SIG}`, `closed ${BRANCH}`]);
    expect((await createSeenCrashes(store, null).bySignature(SIG, null)).github).toBeNull();
  });
});
