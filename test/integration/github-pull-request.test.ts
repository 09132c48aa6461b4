import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GITHUB_BODY_LIMIT } from '../../src/publish/fit-body.js';
import { OctokitGitHubClient } from '../../src/adapters/github/octokit-github-client.js';
import { openOrUpdatePullRequest, REGRESSION_LABEL, type PullRequestPlan } from '../../src/publish/open-pull-request.js';
import { GitHubApiServer } from '../fakes/github-api-server.js';

const TOKEN = 'ghs_pullRequestTestToken0123456789';
const SIGNATURE = 'null-pointer-0123456789ab';
const HEAD = `crash-autofix/${SIGNATURE}`;

let server: GitHubApiServer;
let github: OctokitGitHubClient;

beforeEach(async () => {
  server = await GitHubApiServer.start({ token: TOKEN, owner: 'acme', repo: 'engine', branches: ['main', HEAD], collaborators: ['alice', 'bob'], teams: ['core'] });
  github = await OctokitGitHubClient.create({ token: TOKEN, baseUrl: server.baseUrl, owner: 'acme', repo: 'engine' });
});

afterEach(async () => {
  server.assertNoInvalidRequests();
  await server.close();
});

function plan(overrides: Partial<PullRequestPlan> = {}): PullRequestPlan {
  return {
    github,
    signature: SIGNATURE,
    headBranch: HEAD,
    baseBranch: 'main',
    title: 'Fix null dereference in Parser::parse',
    body: '## Root cause\nThe parser reads `node->next` before checking `node`.',
    labels: ['bug', 'crash'],
    reviewers: ['alice'],
    teamReviewers: ['core'],
    assignees: ['bob'],
    ...overrides,
  };
}

describe('openOrUpdatePullRequest through Octokit and the GitHub stand-in', () => {
  it('creates a draft pull request with labels, reviewers, assignees and the signature trailer', async () => {
    const outcome = await openOrUpdatePullRequest(plan());

    expect(outcome.action).toBe('created');
    expect(outcome.regressionOf).toBeNull();
    expect(outcome.warnings).toEqual([]);
    expect(outcome.pr).toEqual({ number: 1, url: `${server.baseUrl}/web/acme/engine/pull/1`, state: 'open', draft: true, merged: false, headBranch: HEAD });
    const [pr] = server.state.pulls;
    expect(pr).toMatchObject({ head: HEAD, base: 'main', draft: true, title: 'Fix null dereference in Parser::parse', requestedReviewers: ['alice'], requestedTeams: ['core'], assignees: ['bob'] });
    expect(pr?.labels).toEqual(['crash-autofix', 'bug', 'crash']);
    expect(pr?.body).toBe(`## Root cause\nThe parser reads \`node->next\` before checking \`node\`.\n\nCrash-Signature: ${SIGNATURE}`);
    // Labels are created with a colour first rather than left to GitHub's grey default.
    expect(server.state.labels().map((l) => [l.name, l.color])).toEqual([
      ['crash-autofix', '5319e7'],
      ['bug', expect.not.stringMatching(/^ededed$/) as unknown],
      ['crash', expect.not.stringMatching(/^ededed$/) as unknown],
    ]);
  });

  it('updates the open pull request on a re-run instead of opening a second one', async () => {
    const first = await openOrUpdatePullRequest(plan());
    const second = await openOrUpdatePullRequest(plan({ title: 'Fix null dereference (revised)', body: 'Second analysis.' }));

    expect(second.action).toBe('updated');
    expect(second.pr.number).toBe(first.pr.number);
    expect(server.state.pulls).toHaveLength(1);
    expect(server.state.pulls[0]).toMatchObject({ title: 'Fix null dereference (revised)', body: `Second analysis.\n\nCrash-Signature: ${SIGNATURE}`, labels: ['crash-autofix', 'bug', 'crash'] });
    expect(server.calls('pulls/create')).toHaveLength(1);
    expect(server.calls('pulls/update')).toHaveLength(1);
    // Labels that exist are not created again.
    expect(server.calls('issues/create-label')).toHaveLength(3);
  });

  it('updates the pull request another run opened between the look-up and the create', async () => {
    const other = await github.createDraftPullRequest({ head: HEAD, base: 'main', title: 'from another run', body: 'x' });
    server.failNext('pulls/list', { status: 200, body: [] });

    const outcome = await openOrUpdatePullRequest(plan());

    expect(outcome.action).toBe('updated');
    expect(outcome.pr.number).toBe(other.number);
    expect(server.state.pulls).toHaveLength(1);
  });

  it('notes a regression when a fix for the same signature was merged before', async () => {
    const merged = server.state.seedMergedPullRequest({ head: 'crash-autofix/old', title: 'Old fix', body: `Fixed it.\n\nCrash-Signature: ${SIGNATURE}` });
    // A merged fix for another signature and an open one for this signature do not count.
    server.state.seedMergedPullRequest({ head: 'other', title: 'Other', body: 'Crash-Signature: null-pointer-0123456789abcd' });

    const outcome = await openOrUpdatePullRequest(plan());

    expect(outcome.regressionOf).toEqual({ number: merged.number, url: `${server.baseUrl}/web/acme/engine/pull/${merged.number}`, state: 'closed', draft: false, merged: true, headBranch: 'crash-autofix/old' });
    const pr = server.state.pull(outcome.pr.number);
    expect(pr?.body).toMatch(new RegExp(`^> \\[!WARNING\\]\\n> \\*\\*Regression\\.\\*\\* Crash signature \`${SIGNATURE}\` was fixed before by #${merged.number} `));
    expect(pr?.body?.endsWith(`\n\nCrash-Signature: ${SIGNATURE}`)).toBe(true);
    expect(pr?.labels).toContain(REGRESSION_LABEL);
    expect(server.calls('search/issues-and-pull-requests')[0]?.query.get('q')).toBe(`repo:acme/engine is:pr is:merged in:body "Crash-Signature: ${SIGNATURE}"`);
    expect(merged).toMatchObject({ title: 'Old fix', labels: [] });
  });

  it('cuts a body over 65,536 characters and keeps the trailer', async () => {
    const huge = `## Report\n\`\`\`\n${'frame #0 0x00007fff in deep_recursion()\n'.repeat(3_000)}\`\`\`\n`;
    expect(huge.length).toBeGreaterThan(GITHUB_BODY_LIMIT);

    await openOrUpdatePullRequest(plan({ body: huge }));

    const body = server.state.pulls[0]?.body ?? '';
    expect([...body].length).toBeLessThanOrEqual(GITHUB_BODY_LIMIT);
    expect(body).toContain("characters were cut here to fit GitHub's 65536-character limit");
    expect(body.endsWith(`Crash-Signature: ${SIGNATURE}`)).toBe(true);
    // The open code fence was closed before the note.
    expect(body).toMatch(/deep_recursion\(\)\n```\n\n> \[!NOTE\]/);
  });

  it('reports reviewers GitHub refuses and assignees it skips as warnings', async () => {
    const outcome = await openOrUpdatePullRequest(plan({ reviewers: ['mallory'], teamReviewers: [], assignees: ['bob', 'eve'] }));

    expect(outcome.action).toBe('created');
    expect(outcome.warnings).toEqual([
      "Reviewers were not requested on #1: GitHub refused to request reviews on #1 (422 Reviews may only be requested from collaborators. One or more of the users or teams you specified is not a collaborator of the acme/engine repository.); check the 'reviewers' and 'team-reviewers' settings",
      "GitHub did not assign eve to #1: only users with access to the repository can be assigned; check the 'assignees' setting",
    ]);
    expect(server.state.pulls[0]?.assignees).toEqual(['bob']);
  });

  it('makes no reviewer or assignee calls when none are configured', async () => {
    await openOrUpdatePullRequest(plan({ reviewers: [], teamReviewers: [], assignees: [], labels: [] }));

    expect(server.calls('pulls/request-reviewers')).toHaveLength(0);
    expect(server.calls('issues/add-assignees')).toHaveLength(0);
    expect(server.state.pulls[0]?.labels).toEqual(['crash-autofix']);
  });
});
