import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getOctokit } from '@actions/github';
import { GitHubError } from '../../src/adapters/github/github-error.js';
import { OctokitGitHubClient } from '../../src/adapters/github/octokit-github-client.js';
import { GitHubApiServer, type PullRecord } from '../fakes/github-api-server.js';
import { clickDeploymentReview } from '../fakes/github-reviewer.js';

/** The approval gate's calls through the real Octokit against the GitHub stand-in (requests and answers checked against GitHub's OpenAPI description). */
const TOKEN = 'ghs_gateTestToken0123456789abcdef';
const LEAD_TOKEN = 'ghp_leadReviewerToken0123456789';
const MALLORY_TOKEN = 'ghp_malloryToken0123456789abcd';
const GATE = 'crash-fix-approval';
const BRANCH = 'crash-autofix/null-deref-1a2b3c';
const HEAD = 'a'.repeat(40);

let server: GitHubApiServer;
let client: OctokitGitHubClient;

beforeEach(async () => {
  server = await GitHubApiServer.start({
    token: TOKEN, owner: 'acme', repo: 'engine', branches: ['main', BRANCH], collaborators: ['lead', 'mallory'], teams: ['release'],
    users: [{ login: 'lead', token: LEAD_TOKEN }, { login: 'mallory', token: MALLORY_TOKEN }],
  });
  client = await OctokitGitHubClient.create({ token: TOKEN, baseUrl: server.baseUrl, owner: 'acme', repo: 'engine' });
});

afterEach(async () => {
  expect(server.failures).toEqual([]);
  await server.close();
});

async function failure(promise: Promise<unknown>): Promise<GitHubError> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(GitHubError);
  return error as GitHubError;
}

/** A reviewer clicks Approve or Reject in the run's review dialog. */
async function click(token: string, runId: number, state: 'approved' | 'rejected', comment: string): Promise<void> {
  await clickDeploymentReview({ baseUrl: server.baseUrl, token, owner: 'acme', repo: 'engine', runId, state, comment });
}

async function draft(): Promise<number> {
  return (await client.createDraftPullRequest({ head: BRANCH, base: 'main', title: 'Fix null dereference in Session::flush', body: 'Crash-Signature: null-deref-1a2b3c' })).number;
}

describe('runApprovals', () => {
  beforeEach(() => {
    server.state.addEnvironment(GATE, [{ type: 'User', name: 'lead' }]);
  });

  it("returns the reviewer's Approve click with their comment, and a Reject on another run", async () => {
    server.state.addRun(4242, [GATE]);
    server.state.addRun(4243, [GATE]);
    expect(await client.runApprovals(4242)).toEqual([]);
    await click(LEAD_TOKEN, 4242, 'approved', 'Looks right; ship it');
    await click(LEAD_TOKEN, 4243, 'rejected', 'Hides the bug: the session must not be null here');
    expect(await client.runApprovals(4242)).toEqual([{ environments: [GATE], state: 'approved', reviewer: 'lead', comment: 'Looks right; ship it' }]);
    expect(await client.runApprovals(4243)).toEqual([{ environments: [GATE], state: 'rejected', reviewer: 'lead', comment: 'Hides the bug: the session must not be null here' }]);
    // The click ended the wait.
    expect(server.state.run(4242)?.waitingFor).toEqual([]);
  });

  it('records nothing when someone who is not a required reviewer clicks', async () => {
    server.state.addRun(4242, [GATE]);
    const pending = await getOctokit(MALLORY_TOKEN, { baseUrl: server.baseUrl }).rest.actions.getPendingDeploymentsForRun({ owner: 'acme', repo: 'engine', run_id: 4242 });
    expect(pending.data.map((p) => [p.environment.name, p.current_user_can_approve])).toEqual([[GATE, false]]);
    await expect(click(MALLORY_TOKEN, 4242, 'approved', 'me too')).rejects.toMatchObject({ status: 422 });
    expect(await client.runApprovals(4242)).toEqual([]);
  });

  it('lets a member of a reviewing team approve', async () => {
    server.state.addEnvironment('staging', [{ type: 'Team', name: 'release' }]);
    server.state.teamMembers.set('release', new Set(['mallory']));
    server.state.addRun(7, ['staging']);
    await click(MALLORY_TOKEN, 7, 'approved', '');
    expect(await client.runApprovals(7)).toEqual([{ environments: ['staging'], state: 'approved', reviewer: 'mallory', comment: '' }]);
  });

  it('names the run on a 404 and the permission on a 403', async () => {
    expect((await failure(client.runApprovals(99))).message).toBe('GitHub answered 404 Not Found while trying to read the approvals of workflow run 99; the repository or item does not exist or the token cannot see it');
    server.state.addRun(1, [GATE]);
    server.failNext('actions/get-reviews-for-run', { status: 403, body: { message: 'Resource not accessible by integration', documentation_url: 'https://docs.github.com/rest' } });
    const error = await failure(client.runApprovals(1));
    expect(error.message).toBe("GitHub refused to read the approvals of workflow run 1 (403 Resource not accessible by integration); the token needs 'actions: read': add it under 'permissions:' in the workflow");
    expect(error).toMatchObject({ kind: 'config', status: 403 });
  });
});

describe('environment', () => {
  it('lists required reviewers, users by login and teams by slug', async () => {
    server.state.addEnvironment(GATE, [{ type: 'User', name: 'lead' }, { type: 'Team', name: 'release' }]);
    expect(await client.environment('Crash-Fix-Approval')).toEqual({ name: GATE, requiredReviewers: [{ type: 'User', name: 'lead' }, { type: 'Team', name: 'release' }], readable: true });
  });

  it('is null when missing; a job that names it creates it unprotected, and that run waits for nobody', async () => {
    expect(await client.environment(GATE)).toBeNull();
    server.state.addRun(5, [GATE]);
    expect(await client.environment(GATE)).toEqual({ name: GATE, requiredReviewers: [], readable: true });
    expect(server.state.run(5)?.waitingFor).toEqual([]);
  });

  it('is unreadable, not missing, when the token may not read it', async () => {
    server.state.addEnvironment(GATE, [{ type: 'User', name: 'lead' }]);
    server.state.environmentsForbidden = true;
    expect(await client.environment(GATE)).toEqual({ name: GATE, requiredReviewers: [], readable: false });
  });

  it('still fails on a rate limit, which is a 403 too', async () => {
    server.failNext('repos/get-environment', { status: 403, body: { message: 'API rate limit exceeded' }, headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '1767610800' } });
    expect(await failure(client.environment(GATE))).toMatchObject({ kind: 'network', retryable: true });
  });
});

describe('pull request status, ready for review and merge', () => {
  it('reads a draft, marks it ready through GraphQL once, and merges it at the approved head', async () => {
    const number = await draft();
    expect(await client.getPullRequest(number)).toEqual({
      number, url: `${server.baseUrl}/web/acme/engine/pull/${number}`, state: 'open', draft: true, merged: false, mergeCommitSha: null,
      headRef: BRANCH, headSha: HEAD, baseRef: 'main', body: 'Crash-Signature: null-deref-1a2b3c', autoMerge: false, mergeableState: 'draft',
    });
    await client.markReadyForReview(number);
    await client.markReadyForReview(number);
    expect(server.calls('graphql/markPullRequestReadyForReview').map((r) => (r.body as { variables: unknown }).variables)).toEqual([{ pullRequestId: `PR_${number}` }]);
    expect(await client.getPullRequest(number)).toMatchObject({ draft: false, mergeableState: 'clean' });

    const merged = await client.mergePullRequest(number, { method: 'squash', sha: HEAD, title: 'Fix null dereference in Session::flush (#1)' });
    expect(merged.sha).toMatch(/^[0-9a-f]{40}$/);
    expect(await client.getPullRequest(number)).toMatchObject({ state: 'closed', merged: true, mergeCommitSha: merged.sha });
    expect(server.calls('pulls/merge')[0]?.body).toEqual({ merge_method: 'squash', sha: HEAD, commit_title: 'Fix null dereference in Session::flush (#1)' });
  });

  /** Changes the stand-in's pull request as a push, a close or a branch-protection rule would. */
  const edit = (n: number, fields: Partial<PullRecord>): void => void Object.assign(server.state.pull(n) ?? {}, fields);
  it.each([
    { what: 'a draft', arrange: (_n: number) => undefined, status: 405, line: (n: number) => `GitHub refused to merge pull request #${n} (405 Pull Request is still a draft); mark it ready for review first` },
    {
      what: 'a head that moved after the approval', arrange: (n: number) => edit(n, { draft: false, headSha: 'f'.repeat(40) }), status: 409,
      line: (n: number) => `GitHub refused to merge pull request #${n} (409 Head branch was modified. Review and try the merge again.); its head is no longer aaaaaaaaaaaa, the commit that was approved: the branch moved after the approval, so nothing was merged`,
    },
    {
      what: 'a required check that has not passed', status: 405,
      arrange: (n: number) => {
        edit(n, { draft: false });
        server.state.requiredChecks = ['build'];
      },
      line: (n: number) => `GitHub refused to merge pull request #${n} (405 Required status check "build" is expected.); branch protection requires status checks that have not passed; wait for them, or use auto-merge so GitHub merges it when they pass`,
    },
    { what: 'a closed pull request', arrange: (n: number) => edit(n, { draft: false, state: 'closed' }), status: 405, line: (n: number) => `GitHub refused to merge pull request #${n} (405 Pull Request is not mergeable); it is closed, already merged or has conflicts; look at the pull request on GitHub` },
  ])('refuses $what in one line and merges nothing', async ({ arrange, status, line }) => {
    const number = await draft();
    arrange(number);
    const error = await failure(client.mergePullRequest(number, { method: 'squash', sha: HEAD }));
    expect(error.message).toBe(line(number));
    expect(error).toMatchObject({ status, retryable: false });
    expect(server.state.pull(number)?.merged).toBe(false);
  });

  it('names contents: write when the token may not merge, and pull-requests: write when it may not mark ready', async () => {
    const readOnly = await GitHubApiServer.start({ token: TOKEN, owner: 'acme', repo: 'engine', branches: ['main', BRANCH], readOnly: true });
    try {
      const limited = await OctokitGitHubClient.create({ token: TOKEN, baseUrl: readOnly.baseUrl, owner: 'acme', repo: 'engine' });
      const pr = readOnly.state.seedMergedPullRequest({ head: BRANCH, title: 't', body: 'b' });
      Object.assign(pr, { state: 'open', merged: false, mergedAt: null, mergeCommitSha: null, draft: true });
      expect((await failure(limited.mergePullRequest(pr.number, { method: 'merge', sha: HEAD }))).message).toBe(
        `GitHub refused to merge pull request #${pr.number} (403 Resource not accessible by integration); the token needs 'contents: write': add it under 'permissions:' in the workflow`,
      );
      const ready = await failure(limited.markReadyForReview(pr.number));
      expect(ready.message).toBe(`GitHub refused to mark pull request #${pr.number} ready for review (GraphQL FORBIDDEN: Resource not accessible by integration); the token needs 'pull-requests: write': add it under 'permissions:' in the workflow`);
      expect(ready.kind).toBe('config');
      expect(readOnly.failures).toEqual([]);
    } finally {
      await readOnly.close();
    }
  });

  it('says why a closed draft cannot be marked ready', async () => {
    const number = await draft();
    await client.closePullRequest(number);
    expect(server.state.pull(number)?.state).toBe('closed');
    expect((await failure(client.markReadyForReview(number))).message).toBe(`GitHub refused to mark pull request #${number} ready for review (GraphQL UNPROCESSABLE: Pull request is closed)`);
  });
});

describe('enableAutoMerge', () => {
  it('refuses in one line while the repository does not allow auto-merge', async () => {
    const number = await draft();
    server.state.requiredChecks = ['build'];
    const error = await failure(client.enableAutoMerge(number, 'squash'));
    expect(error.message).toBe(
      `GitHub refused to enable auto-merge on pull request #${number} (GraphQL UNPROCESSABLE: Pull request Auto merge is not allowed for this repository); turn on 'Allow auto-merge' in the repository's settings (General, Pull Requests), or merge it directly`,
    );
    expect(server.state.pull(number)?.autoMerge).toBeNull();
  });

  it('says to merge directly when nothing is pending (GitHub refuses auto-merge on a clean pull request)', async () => {
    const number = await draft();
    server.state.allowAutoMerge = true;
    await client.markReadyForReview(number);
    expect((await failure(client.enableAutoMerge(number, 'squash'))).message).toBe(
      `GitHub refused to enable auto-merge on pull request #${number} (GraphQL UNPROCESSABLE: Pull request Pull request is in clean status); no required check is pending, so there is nothing to wait for: merge it directly`,
    );
  });

  it('enables it while a required check is pending, with the merge method', async () => {
    const number = await draft();
    Object.assign(server.state, { allowAutoMerge: true, requiredChecks: ['build'] });
    await client.markReadyForReview(number);
    await client.enableAutoMerge(number, 'rebase');
    expect(server.calls('graphql/enablePullRequestAutoMerge').map((r) => (r.body as { variables: unknown }).variables)).toEqual([{ pullRequestId: `PR_${number}`, mergeMethod: 'REBASE' }]);
    expect(await client.getPullRequest(number)).toMatchObject({ autoMerge: true, mergeableState: 'blocked', merged: false });
    expect(server.state.pull(number)?.autoMerge).toEqual({ method: 'rebase', enabledBy: 'github-actions[bot]' });
  });
});

describe('the GraphQL stand-in', () => {
  const graphql = (query: string, variables: Record<string, unknown> = {}) => getOctokit(TOKEN, { baseUrl: server.baseUrl }).graphql(query, variables);

  it('answers an unknown node id with a GraphQL error, and reads inline input', async () => {
    await expect(graphql('mutation { markPullRequestReadyForReview(input: {pullRequestId: "PR_404"}) { pullRequest { isDraft } } }')).rejects.toMatchObject({
      errors: [{ type: 'NOT_FOUND', message: "Could not resolve to a node with the global id of 'PR_404'" }],
    });
    const number = await draft();
    await graphql(`mutation { markPullRequestReadyForReview(input: {pullRequestId: "PR_${number}"}) { pullRequest { isDraft } } }`);
    expect(server.state.pull(number)?.draft).toBe(false);
  });

  it('records a query or mutation it does not serve as a failure', async () => {
    await expect(graphql('mutation($id: ID!) { mergePullRequest(input: {pullRequestId: $id}) { clientMutationId } }', { id: 'PR_1' })).rejects.toMatchObject({
      errors: [{ message: "Field 'mergePullRequest' doesn't exist on type 'Mutation'" }],
    });
    await expect(graphql('query { viewer { login } }')).rejects.toThrow(/cannot answer this query: only mutations are served/);
    expect(server.takeFailures()).toEqual(['POST /graphql: mergePullRequest is not served', 'POST /graphql: only mutations are served']);
  });
});
