import { describe, expect, it } from 'vitest';
import { CrashAutofixError } from '../../../src/base/errors.js';
import { mergeApproved } from '../../../src/stages/merge-approved.js';
import { FakeGateClient } from '../../fakes/fake-gate-client.js';
import { awaitingApproval } from '../../fakes/sample-states.js';

const NOW = () => new Date('2026-12-04T11:00:00Z');
const REVIEWERS = [{ login: 'lead', comment: 'Looks right: the session is checked now.' }];
const FIX = 'f'.repeat(40);

describe('mergeApproved', () => {
  it('takes the draft out of draft, merges it at the verified commit and says who approved, once', async () => {
    const github = new FakeGateClient().openPull(7, FIX);
    const next = await mergeApproved(awaitingApproval(), { github, reviewers: REVIEWERS, method: 'squash', runUrl: 'https://github.com/acme/server/actions/runs/4242', now: NOW });
    expect(next).toMatchObject({ status: 'APPROVED', approval: { reviewers: REVIEWERS }, merge: { method: 'squash', auto: false, commit: 'm'.repeat(40) } });
    expect(github.calls).toEqual(['ready #7', 'merge #7 squash fffffff', 'comment #7']);
    expect(github.comments.get(7)?.[0]).toMatch(/\*\*Approved\*\* by @lead in the `crash-fix-approval` environment \(\[workflow run\]\(https:\/\/github\.com\/acme\/server\/actions\/runs\/4242\)\)\. Merged \(squash\) as m{40}\.[\s\S]*> Looks right/);
    // A re-run after the merge: nothing is merged or said twice.
    github.calls.length = 0;
    const again = await mergeApproved(awaitingApproval(), { github, reviewers: REVIEWERS, method: 'squash', runUrl: null, now: NOW });
    expect(again.merge.commit).toBe('m'.repeat(40));
    expect(github.calls).toEqual([]);
  });

  it('turns on auto-merge when asked, and records that GitHub merges it later', async () => {
    const github = new FakeGateClient().openPull(7, FIX, { draft: false });
    const next = await mergeApproved(awaitingApproval(), { github, reviewers: REVIEWERS, method: 'auto', runUrl: null, now: NOW });
    expect(next.merge).toMatchObject({ method: 'squash', auto: true, commit: null });
    expect(github.calls).toEqual(['auto-merge #7 squash', 'comment #7']);
    expect(github.comments.get(7)?.[0]).toContain('Auto-merge (squash) is on');
  });

  it('merges at once when auto-merge is asked but nothing is pending (GitHub refuses auto-merge on a clean pull request)', async () => {
    const github = new FakeGateClient().openPull(7, FIX, { draft: false, mergeableState: 'clean' });
    const next = await mergeApproved(awaitingApproval(), { github, reviewers: REVIEWERS, method: 'auto', runUrl: null, now: NOW });
    expect(next.merge).toMatchObject({ method: 'squash', auto: false, commit: 'm'.repeat(40) });
    expect(github.calls).toEqual(['merge #7 squash fffffff', 'comment #7']);
  });

  it('refuses a branch that moved since the gates ran, and a pull request someone closed', async () => {
    const moved = new FakeGateClient().openPull(7, 'a'.repeat(40));
    await expect(mergeApproved(awaitingApproval(), { github: moved, reviewers: REVIEWERS, method: 'squash', runUrl: null, now: NOW })).rejects.toMatchObject({ stage: 'merge', kind: 'bad-input', message: expect.stringMatching(/#7 has moved since its gates ran \(head aaaaaaaaaaaa, verified ffffffffffff\).*nothing was merged/) as string });
    const closed = new FakeGateClient().openPull(7, FIX, { state: 'closed' });
    await expect(mergeApproved(awaitingApproval(), { github: closed, reviewers: REVIEWERS, method: 'squash', runUrl: null, now: NOW })).rejects.toThrow(/was closed without merging after it was approved/);
    expect([...moved.calls, ...closed.calls].filter((c) => c.startsWith('merge'))).toEqual([]);
  });

  it("passes GitHub's refusal on as the stage's failure", async () => {
    const github = new FakeGateClient().openPull(7, FIX);
    github.mergeError = new CrashAutofixError('tool-failed', 'Pull request #7 cannot be merged: Required status check "build" is expected (HTTP 405)');
    await expect(mergeApproved(awaitingApproval(), { github, reviewers: REVIEWERS, method: 'squash', runUrl: null, now: NOW })).rejects.toMatchObject({ stage: 'merge', message: expect.stringContaining('Required status check') as string });
    expect(github.comments.get(7)).toBeUndefined();
  });
});
