import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OctokitGitHubClient } from '../../src/adapters/github/octokit-github-client.js';
import { createSeenCrashes } from '../../src/composition/seen-crashes.js';
import { decideSeen } from '../../src/domain/seen-crashes.js';
import { FolderJobStore } from '../../src/pipeline/folder-job-store.js';
import { gitHubSightings } from '../../src/publish/github-sightings.js';
import { openOrUpdatePullRequest } from '../../src/publish/open-pull-request.js';
import { GitHubApiServer } from '../fakes/github-api-server.js';

const TOKEN = 'ghs_sightingsTestToken0123456789ab';
const SIGNATURE = 'access-violation-0123456789ab';
const BRANCH = `crash-autofix/${SIGNATURE}`;

let server: GitHubApiServer;
let github: OctokitGitHubClient;

beforeEach(async () => {
  server = await GitHubApiServer.start({ token: TOKEN, owner: 'acme', repo: 'server', branches: ['main', BRANCH, 'crash-autofix/other-000000000000'] });
  github = await OctokitGitHubClient.create({ token: TOKEN, baseUrl: server.baseUrl, owner: 'acme', repo: 'server' });
});

afterEach(async () => {
  server.assertNoInvalidRequests();
  await server.close();
});

const open = (head = BRANCH): Promise<{ number: number }> => github.createDraftPullRequest({ head, base: 'main', title: 'fix', body: `Fix.\n\nCrash-Signature: ${SIGNATURE}` });
function close(number: number): void {
  const pr = server.state.pull(number);
  if (!pr) throw new Error(`no pull request #${number}`);
  pr.state = 'closed';
}

describe('what GitHub holds for a crash signature, through Octokit and the stand-in', () => {
  it('finds the open pull request by the fix branch and looks no further', async () => {
    await open('crash-autofix/other-000000000000');
    const mine = await open();

    const seen = await gitHubSightings(github, SIGNATURE);

    expect(seen.openPullRequest).toMatchObject({ number: mine.number, state: 'open', draft: true, headBranch: BRANCH });
    expect(seen.closedPullRequest).toBeNull();
    expect(server.calls('pulls/list').map((c) => [c.query.get('state'), c.query.get('head')])).toEqual([['open', `acme:${BRANCH}`]]);
    expect(decideSeen({ signature: SIGNATURE, jobs: [], github: seen }, { fresh: false })).toMatchObject({ kind: 'duplicate', duplicateOf: { why: 'open-pull-request', pr: { number: mine.number } } });
  });

  it('finds the newest pull request closed without merging, apart from merged ones and other branches', async () => {
    const first = await open();
    close(first.number);
    const merged = server.state.seedMergedPullRequest({ head: BRANCH, title: 'The fix', body: `Merged.\n\nCrash-Signature: ${SIGNATURE}` });
    close((await open('crash-autofix/other-000000000000')).number);

    const before = await gitHubSightings(github, SIGNATURE);
    expect(before).toMatchObject({ openPullRequest: null, closedPullRequest: { number: first.number, state: 'closed', merged: false, headBranch: BRANCH }, mergedFix: { number: merged.number, merged: true } });
    // Turned down, then fixed: the merge is the newer word, so a new dump is a regression.
    expect(decideSeen({ signature: SIGNATURE, jobs: [], github: before }, { fresh: false }).kind).toBe('go-on');

    const turnedDown = await open();
    close(turnedDown.number);
    const after = await gitHubSightings(github, SIGNATURE);
    expect(after.closedPullRequest).toMatchObject({ number: turnedDown.number });
    // The regression's fix was turned down after the merge: no further pull request.
    expect(decideSeen({ signature: SIGNATURE, jobs: [], github: after }, { fresh: false })).toMatchObject({ kind: 'duplicate', duplicateOf: { why: 'closed-pull-request', pr: { number: turnedDown.number } } });
    expect(server.calls('pulls/list').filter((c) => c.query.get('state') === 'closed')).toHaveLength(2);
  });

  it('lets a regression go on: a merged fix and nothing newer', async () => {
    close((await open()).number);
    const merged = server.state.seedMergedPullRequest({ head: 'crash-autofix/renamed', title: 'The fix', body: `Merged.\n\nCrash-Signature: ${SIGNATURE}` });
    const store = new FolderJobStore(await mkdtemp(path.join(os.tmpdir(), 'sightings-state-')));

    const seen = await createSeenCrashes(store, async () => github).bySignature(SIGNATURE, null);

    expect(seen.github?.mergedFix).toMatchObject({ number: merged.number, headBranch: 'crash-autofix/renamed' });
    expect(decideSeen(seen, { fresh: false })).toEqual({ kind: 'go-on', note: `Crash signature ${SIGNATURE} was fixed before by #${merged.number} (${server.baseUrl}/web/acme/server/pull/${merged.number}), which was merged: this crash is a regression` });
  });

  it('publishing a signature that has an open pull request updates it: never a second one', async () => {
    const first = await openOrUpdatePullRequest({ github, signature: SIGNATURE, headBranch: BRANCH, baseBranch: 'main', title: 'First dump', body: 'One.', labels: [], reviewers: [], teamReviewers: [], assignees: [] });
    const second = await openOrUpdatePullRequest({ github, signature: SIGNATURE, headBranch: BRANCH, baseBranch: 'main', title: 'Second dump', body: 'Two.', labels: [], reviewers: [], teamReviewers: [], assignees: [] });

    expect(second).toMatchObject({ action: 'updated', pr: { number: first.pr.number } });
    expect(server.state.pulls).toHaveLength(1);
    expect(server.state.pulls[0]).toMatchObject({ title: 'Second dump', body: `Two.\n\nCrash-Signature: ${SIGNATURE}` });
  });
});
