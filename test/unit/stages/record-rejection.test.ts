import { describe, expect, it } from 'vitest';
import { recordRejection } from '../../../src/stages/record-rejection.js';
import { FakeGateClient } from '../../fakes/fake-gate-client.js';
import { awaitingApproval } from '../../fakes/sample-states.js';

const NOW = () => new Date('2026-12-04T11:00:00Z');

describe('recordRejection', () => {
  it("closes the pull request quoting the reviewer, labels it, and records reviewer, reason, signature and module", async () => {
    const github = new FakeGateClient().openPull(7, 'f'.repeat(40));
    const next = await recordRejection(awaitingApproval(), { github, rejected: { reviewer: 'lead', comment: 'This hides the bug: the session must never be null here.' }, runUrl: null, now: NOW });
    expect(next).toMatchObject({
      status: 'REJECTED',
      rejection: { reviewer: 'lead', reason: 'This hides the bug: the session must never be null here.', signature: 'access-violation-0123456789ab', module: 'src/game', at: '2026-12-04T11:00:00.000Z' },
    });
    expect(github.calls).toEqual(['comment #7', 'label #7 crash-fix-rejected', 'close #7']);
    expect(github.comments.get(7)?.[0]).toMatch(/\*\*Rejected\*\* by @lead[\s\S]*> This hides the bug/);
    // Again: no second comment, the closed pull request stays closed.
    github.calls.length = 0;
    await recordRejection(awaitingApproval(), { github, rejected: { reviewer: 'lead', comment: 'x' }, runUrl: null, now: NOW });
    expect(github.calls).toEqual(['label #7 crash-fix-rejected']);
  });

  it('says so when the reviewer gave no reason, and has no module when nothing in the repository was blamed', async () => {
    const github = new FakeGateClient().openPull(7, 'f'.repeat(40));
    const state = awaitingApproval();
    const notInApp = { ...state, report: { ...state.report, frames: state.report.frames.map((f) => ({ ...f, inApp: false })) } };
    const next = await recordRejection(notInApp, { github, rejected: { reviewer: 'lead', comment: '' }, runUrl: null, now: NOW });
    expect(next.rejection.module).toBeNull();
    expect(github.comments.get(7)?.[0]).toContain('_No reason was given in the review dialog._');
  });
});
