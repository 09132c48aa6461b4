import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OctokitGitHubClient } from '../../src/adapters/github/octokit-github-client.js';
import { openOrUpdateIssue, type IssuePlan } from '../../src/publish/open-issue.js';
import { GitHubApiServer } from '../fakes/github-api-server.js';

const TOKEN = 'ghs_issueTestToken0123456789abcdef';
const SIGNATURE = 'stack-overflow-abcdef012345';

let server: GitHubApiServer;
let github: OctokitGitHubClient;

beforeEach(async () => {
  server = await GitHubApiServer.start({ token: TOKEN, owner: 'acme', repo: 'engine', collaborators: ['carol'] });
  github = await OctokitGitHubClient.create({ token: TOKEN, baseUrl: server.baseUrl, owner: 'acme', repo: 'engine' });
});

afterEach(async () => {
  server.assertNoInvalidRequests();
  await server.close();
});

function plan(overrides: Partial<IssuePlan> = {}): IssuePlan {
  return { github, signature: SIGNATURE, title: 'Crash in Tree::walk (low confidence)', body: 'Confidence 0.4: the model could not tell why.', labels: ['low-confidence'], assignees: ['carol'], ...overrides };
}

describe('openOrUpdateIssue through Octokit and the GitHub stand-in', () => {
  it('creates one labelled, assigned issue and updates it on a re-run', async () => {
    const first = await openOrUpdateIssue(plan());
    expect(first).toEqual({ action: 'created', issue: { number: 1, url: `${server.baseUrl}/web/acme/engine/issues/1`, state: 'open' }, warnings: [] });
    expect(server.state.issues[0]).toMatchObject({ labels: ['crash-autofix', 'low-confidence'], assignees: ['carol'], body: `Confidence 0.4: the model could not tell why.\n\nCrash-Signature: ${SIGNATURE}` });
    expect(server.state.label('low-confidence')?.color).toBe('fbca04');

    const second = await openOrUpdateIssue(plan({ title: 'Crash in Tree::walk (seen again)', body: 'Confidence 0.5.' }));
    expect(second.action).toBe('updated');
    expect(second.issue.number).toBe(1);
    expect(server.state.issues).toHaveLength(1);
    expect(server.state.issues[0]).toMatchObject({ title: 'Crash in Tree::walk (seen again)', body: `Confidence 0.5.\n\nCrash-Signature: ${SIGNATURE}` });
  });

  it('keeps issues for different signatures, closed issues and pull requests apart', async () => {
    await openOrUpdateIssue(plan({ signature: 'stack-overflow-ffffffffffff' }));
    const closed = await openOrUpdateIssue(plan());
    server.state.issue(closed.issue.number)!.state = 'closed';
    server.state.seedMergedPullRequest({ head: 'x', title: 'A PR', body: `Crash-Signature: ${SIGNATURE}`, labels: ['crash-autofix'] });

    const again = await openOrUpdateIssue(plan());

    expect(again.action).toBe('created');
    expect(server.state.issues.map((i) => [i.number, i.state])).toEqual([[1, 'open'], [2, 'closed'], [4, 'open']]);
  });

  it('finds its issue beyond the first page of results', async () => {
    for (let i = 0; i < 120; i++) server.state.issues.push({ number: 1000 + i, title: `noise ${i}`, body: 'Crash-Signature: other-000000000000', state: 'open', labels: ['crash-autofix'], assignees: [], createdAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-01T00:00:00Z' });
    const mine = await openOrUpdateIssue(plan());
    for (let i = 0; i < 120; i++) server.state.issues.push({ number: 2000 + i, title: `newer ${i}`, body: 'x', state: 'open', labels: ['crash-autofix'], assignees: [], createdAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-01T00:00:00Z' });

    const again = await openOrUpdateIssue(plan());

    expect(again).toMatchObject({ action: 'updated', issue: { number: mine.issue.number } });
    expect(server.calls('issues/list-for-repo').length).toBeGreaterThanOrEqual(3);
  });

  it('warns about assignees GitHub skips', async () => {
    const outcome = await openOrUpdateIssue(plan({ assignees: ['carol', 'dave'] }));
    expect(outcome.warnings).toEqual(["GitHub did not assign dave to #1: only users with access to the repository can be assigned; check the 'assignees' setting"]);
  });
});
