import { describe, expect, it } from 'vitest';
import { decideSeen, jobIdOf, pullRequestTarget, type GitHubSightings, type JobSighting, type PullRequestRef, type Sightings } from '../../../src/domain/seen-crashes.js';

const SIG = 'access-violation-0123456789ab';
const BRANCH = `crash-autofix/${SIG}`;

function pr(number: number, fields: Partial<PullRequestRef> = {}): PullRequestRef {
  return { number, url: `https://github.com/acme/server/pull/${number}`, state: 'open', draft: true, merged: false, headBranch: BRANCH, ...fields };
}
const closed = (number: number): PullRequestRef => pr(number, { state: 'closed', draft: false });
const merged = (number: number): PullRequestRef => pr(number, { state: 'closed', draft: false, merged: true });

function github(fields: Partial<GitHubSightings> = {}): GitHubSightings {
  return { openPullRequest: null, closedPullRequest: null, mergedFix: null, ...fields };
}
function job(jobId: string, status: JobSighting['status'], fields: Partial<JobSighting> = {}): JobSighting {
  return { jobId, status, failed: false, pr: null, ...fields };
}
const seen = (fields: Partial<Sightings>): Sightings => ({ signature: SIG, jobs: [], github: null, ...fields });
const AS_ASKED = { fresh: false };

describe('decideSeen: same signature, another dump', () => {
  it('goes on, saying nothing, when the crash was never seen', () => {
    expect(decideSeen(seen({ github: github() }), AS_ASKED)).toEqual({ kind: 'go-on', note: null });
    expect(decideSeen(seen({}), AS_ASKED)).toEqual({ kind: 'go-on', note: null });
  });

  it('is a duplicate of an open pull request, naming it and the job here that opened it', () => {
    const verdict = decideSeen(seen({ jobs: [job('aaaaaaaaaaaaaaaa', 'LOW_CONFIDENCE'), job('bbbbbbbbbbbbbbbb', 'PR_CREATED', { pr: { number: 4, url: pr(4).url } })], github: github({ openPullRequest: pr(4) }) }), AS_ASKED);
    expect(verdict).toEqual({
      kind: 'duplicate',
      duplicateOf: { why: 'open-pull-request', jobId: 'bbbbbbbbbbbbbbbb', pr: { number: 4, url: 'https://github.com/acme/server/pull/4' } },
      reason: `Crash signature ${SIG} already has the open pull request #4 (https://github.com/acme/server/pull/4), opened by job bbbbbbbbbbbbbbbb; this dump was not analysed again and no second pull request was opened. Run with --fresh to analyse it anyway and update #4`,
    });
  });

  it('is a duplicate of an open pull request opened on another runner (no job here knows it)', () => {
    const verdict = decideSeen(seen({ github: github({ openPullRequest: pr(9), mergedFix: merged(2) }) }), AS_ASKED);
    expect(verdict).toMatchObject({ kind: 'duplicate', duplicateOf: { why: 'open-pull-request', jobId: null, pr: { number: 9 } } });
  });

  it('is a duplicate of a pull request a person closed without merging: no second one is opened', () => {
    const verdict = decideSeen(seen({ github: github({ closedPullRequest: closed(5) }) }), AS_ASKED);
    expect(verdict.kind).toBe('duplicate');
    if (verdict.kind !== 'duplicate') return;
    expect(verdict.duplicateOf).toEqual({ why: 'closed-pull-request', jobId: null, pr: { number: 5, url: pr(5).url } });
    expect(verdict.reason).toBe(
      `Crash signature ${SIG} had the pull request #5 (${pr(5).url}), which was closed without merging; crash-autofix does not open another for a fix a person turned down. Run with --fresh to analyse this dump anyway and open a new pull request`,
    );
  });

  it('goes on as a regression when a fix was merged, also when an older attempt was closed before it', () => {
    const note = `Crash signature ${SIG} was fixed before by #6 (${pr(6).url}), which was merged: this crash is a regression`;
    expect(decideSeen(seen({ github: github({ mergedFix: merged(6) }) }), AS_ASKED)).toEqual({ kind: 'go-on', note });
    expect(decideSeen(seen({ github: github({ mergedFix: merged(6), closedPullRequest: closed(3) }) }), AS_ASKED)).toEqual({ kind: 'go-on', note });
    // A regression fix opened after the merge and turned down: that refusal is the newer word.
    expect(decideSeen(seen({ github: github({ mergedFix: merged(6), closedPullRequest: closed(8) }) }), AS_ASKED)).toMatchObject({ kind: 'duplicate', duplicateOf: { why: 'closed-pull-request', pr: { number: 8 } } });
  });

  it('with GitHub, trusts GitHub over this machine: a job here that opened a pull request since closed and merged does not stop it', () => {
    const jobs = [job('cccccccccccccccc', 'PR_CREATED', { pr: { number: 6, url: pr(6).url } })];
    expect(decideSeen(seen({ jobs, github: github({ mergedFix: merged(6) }) }), AS_ASKED).kind).toBe('go-on');
  });

  it('without GitHub, is a duplicate of a job here that verified a fix or opened its pull request', () => {
    const verified = decideSeen(seen({ jobs: [job('dddddddddddddddd', 'VERIFIED')] }), AS_ASKED);
    expect(verified).toEqual({
      kind: 'duplicate',
      duplicateOf: { why: 'fixed-here', jobId: 'dddddddddddddddd', pr: null },
      reason: `Crash signature ${SIG} was already fixed by job dddddddddddddddd; this dump was not analysed again. Run with --fresh to analyse it anyway`,
    });
    // Its publish failed (network): the fix is verified all the same.
    const failedPublish = decideSeen(seen({ jobs: [job('eeeeeeeeeeeeeeee', 'VERIFIED', { failed: true })] }), AS_ASKED);
    expect(failedPublish).toMatchObject({ kind: 'duplicate', duplicateOf: { jobId: 'eeeeeeeeeeeeeeee' } });
    const published = decideSeen(seen({ jobs: [job('ffffffffffffffff', 'PR_CREATED', { pr: { number: 3, url: pr(3).url } })] }), AS_ASKED);
    expect(published).toMatchObject({ kind: 'duplicate', duplicateOf: { why: 'fixed-here', pr: { number: 3 } } });
    if (published.kind === 'duplicate') expect(published.reason).toContain(`fixed by job ffffffffffffffff, pull request #3 (${pr(3).url})`);
  });

  it('goes on after a job that did not get to a fix (low confidence, no key, failed before the gates), saying it was seen', () => {
    for (const earlier of [job('1111111111111111', 'LOW_CONFIDENCE'), job('1111111111111111', 'ANALYSIS_SKIPPED'), job('1111111111111111', 'COMPILING', { failed: true })]) {
      const verdict = decideSeen(seen({ jobs: [earlier] }), AS_ASKED);
      expect(verdict.kind).toBe('go-on');
      expect(verdict.kind === 'go-on' ? verdict.note : '').toContain(`was seen before by job 1111111111111111 (${earlier.failed ? 'FAILED from COMPILING' : earlier.status}); analysing this dump too`);
    }
  });

  it('goes on with --fresh whatever was seen, and says so', () => {
    const verdict = decideSeen(seen({ github: github({ openPullRequest: pr(4) }) }), { fresh: true });
    expect(verdict).toEqual({ kind: 'go-on', note: `Crash signature ${SIG} already has the open pull request #4 (${pr(4).url}); analysing this dump anyway (--fresh)` });
    expect(decideSeen(seen({ github: github({ closedPullRequest: closed(5) }) }), { fresh: true }).kind).toBe('go-on');
    expect(decideSeen(seen({ jobs: [job('dddddddddddddddd', 'VERIFIED')] }), { fresh: true }).kind).toBe('go-on');
  });
});

describe('pullRequestTarget: where publishing goes', () => {
  it('updates the open pull request and names a merged fix as regressed, never updating a merged or closed one', () => {
    expect(pullRequestTarget({ openPullRequest: pr(4), mergedFix: null })).toEqual({ update: pr(4), regressionOf: null });
    expect(pullRequestTarget({ openPullRequest: null, mergedFix: merged(2) })).toEqual({ update: null, regressionOf: merged(2) });
    expect(pullRequestTarget({ openPullRequest: closed(3), mergedFix: null })).toEqual({ update: null, regressionOf: null });
  });
});

describe('jobIdOf', () => {
  it('is the first 16 hex digits of the content fingerprint', () => {
    expect(jobIdOf(`0123456789abcdef${'9'.repeat(48)}`)).toBe('0123456789abcdef');
  });
});
