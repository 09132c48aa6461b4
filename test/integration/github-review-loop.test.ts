import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getOctokit } from '@actions/github';
import { GitHubError } from '../../src/adapters/github/github-error.js';
import { OctokitGitHubClient } from '../../src/adapters/github/octokit-github-client.js';
import { BOT_LOGIN, GitHubApiServer } from '../fakes/github-api-server.js';

/** The review loop's calls (comments, reviews with line comments, permissions) through the real Octokit against the GitHub stand-in. */
const TOKEN = 'ghs_reviewTestToken0123456789abcd';
const LEAD_TOKEN = 'ghp_leadReviewerToken0123456789';
const BRANCH = 'crash-autofix/null-deref-1a2b3c';

let server: GitHubApiServer;
let client: OctokitGitHubClient;
let number: number;

beforeEach(async () => {
  server = await GitHubApiServer.start({ token: TOKEN, owner: 'acme', repo: 'engine', branches: ['main', BRANCH], collaborators: ['lead'], users: [{ login: 'lead', token: LEAD_TOKEN }] });
  client = await OctokitGitHubClient.create({ token: TOKEN, baseUrl: server.baseUrl, owner: 'acme', repo: 'engine' });
  number = (await client.createDraftPullRequest({ head: BRANCH, base: 'main', title: 'Fix null dereference', body: 'Crash-Signature: null-deref-1a2b3c' })).number;
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

const asLead = () => getOctokit(LEAD_TOKEN, { baseUrl: server.baseUrl });

describe('comments', () => {
  it('adds a comment and lists them oldest first with their authors', async () => {
    const added = await client.addComment(number, 'Approved by @lead: merged as abc123.');
    expect(added.url).toMatch(new RegExp(`/web/acme/engine/pull/${number}#issuecomment-\\d+$`));
    await asLead().rest.issues.createComment({ owner: 'acme', repo: 'engine', issue_number: number, body: '/crash-autofix revise' });
    expect((await client.listComments(number)).map(({ author, body }) => [author, body])).toEqual([
      [BOT_LOGIN, 'Approved by @lead: merged as abc123.'],
      ['lead', '/crash-autofix revise'],
    ]);
  });

  it('reads every page', async () => {
    for (let i = 0; i < 130; i++) server.state.comments.push({ id: 50_000 + i, issueNumber: number, author: 'lead', body: `note ${i}`, createdAt: '2026-01-05T10:00:00Z' });
    const comments = await client.listComments(number);
    expect(comments).toHaveLength(130);
    expect(comments.at(-1)).toEqual({ id: 50_129, author: 'lead', body: 'note 129' });
    expect(server.calls('issues/list-comments')).toHaveLength(2);
  });

  it('names the item and the permission when commenting fails', async () => {
    expect((await failure(client.addComment(999, 'x'))).message).toBe('GitHub answered 404 Not Found while trying to comment on #999; the repository or item does not exist or the token cannot see it');
    server.failNext('issues/create-comment', { status: 403, body: { message: 'Resource not accessible by integration' } });
    expect((await failure(client.addComment(number, 'x'))).message).toBe(`GitHub refused to comment on #${number} (403 Resource not accessible by integration); the token needs 'pull-requests: write': add it under 'permissions:' in the workflow`);
  });
});

describe('getReview', () => {
  it('round-trips a changes-requested review with two line comments', async () => {
    const submitted = await asLead().rest.pulls.createReview({
      owner: 'acme', repo: 'engine', pull_number: number, event: 'REQUEST_CHANGES', body: 'Check the caller instead of hiding the null.',
      comments: [
        { path: 'src/session.cpp', line: 42, body: 'This returns early and drops the packet.' },
        { path: 'src/session.h', line: 7, side: 'RIGHT', body: 'Document that flush() may see a closed socket.' },
      ],
    });
    expect(await client.getReview(number, submitted.data.id)).toEqual({
      id: submitted.data.id, reviewer: 'lead', state: 'CHANGES_REQUESTED', body: 'Check the caller instead of hiding the null.',
      comments: [
        { path: 'src/session.cpp', line: 42, body: 'This returns early and drops the packet.' },
        { path: 'src/session.h', line: 7, body: 'Document that flush() may see a closed socket.' },
      ],
    });
  });

  it('gives a comment placed by diff position no line', async () => {
    const submitted = await asLead().rest.pulls.createReview({ owner: 'acme', repo: 'engine', pull_number: number, event: 'COMMENT', body: 'One note.', comments: [{ path: 'src/session.cpp', position: 3, body: 'Why?' }] });
    expect((await client.getReview(number, submitted.data.id)).comments).toEqual([{ path: 'src/session.cpp', line: null, body: 'Why?' }]);
  });

  it('refuses changes requested by the pull request author, as GitHub does, and names a missing review', async () => {
    const own = getOctokit(TOKEN, { baseUrl: server.baseUrl }).rest.pulls.createReview({ owner: 'acme', repo: 'engine', pull_number: number, event: 'REQUEST_CHANGES', body: 'Self' });
    await expect(own).rejects.toMatchObject({ status: 422, message: expect.stringContaining('Can not request changes on your own pull request') as unknown });
    expect((await failure(client.getReview(number, 123))).message).toBe(`GitHub answered 404 Not Found while trying to read review 123 of pull request #${number}; the repository or item does not exist or the token cannot see it`);
  });
});

describe('permissionOf', () => {
  it('reads roles, keeping maintain and triage, and answers none for a stranger (404) or a user without access', async () => {
    server.state.setRole('ops', 'maintain').setRole('qa', 'triage').setRole('owner', 'admin').setRole('guest', 'none').setRole('viewer', 'read');
    const seen = await Promise.all(['lead', 'ops', 'qa', 'owner', 'guest', 'viewer', 'stranger'].map(async (u) => [u, await client.permissionOf(u)]));
    expect(Object.fromEntries(seen)).toEqual({ lead: 'write', ops: 'maintain', qa: 'triage', owner: 'admin', guest: 'none', viewer: 'read', stranger: 'none' });
    expect(server.calls('repos/get-collaborator-permission-level').find((r) => r.path.endsWith('/stranger/permission'))?.status).toBe(404);
  });

  it('fails in one line on anything but a 404', async () => {
    server.failNext('repos/get-collaborator-permission-level', { status: 500, body: { message: 'Server Error' } });
    const error = await failure(client.permissionOf('lead'));
    expect(error.message).toBe("GitHub failed to read lead's permission on acme/engine (500 Server Error); re-run later");
    expect(error.retryable).toBe(true);
  });
});
