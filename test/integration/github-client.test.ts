import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getOctokit } from '@actions/github';
import { CrashAutofixError } from '../../src/base/errors.js';
import { GitHubError } from '../../src/adapters/github/github-error.js';
import { OctokitGitHubClient } from '../../src/adapters/github/octokit-github-client.js';
import { GitHubApiServer } from '../fakes/github-api-server.js';

const TOKEN = 'ghp_clientTestToken0123456789abcdef';
const SIGNATURE = 'access-violation-00aa11bb22cc';

let server: GitHubApiServer;

beforeEach(async () => {
  server = await GitHubApiServer.start({ token: TOKEN, owner: 'acme', repo: 'engine', branches: ['main', 'fix'] });
});

afterEach(async () => {
  server.assertNoInvalidRequests();
  await server.close();
});

async function failure(promise: Promise<unknown>): Promise<GitHubError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(GitHubError);
  return error as GitHubError;
}

describe('OctokitGitHubClient.create', () => {
  it('refuses an empty token before any request', async () => {
    await expect(OctokitGitHubClient.create({ token: ' ', baseUrl: server.baseUrl, owner: 'acme', repo: 'engine' })).rejects.toThrow(
      new CrashAutofixError('config', "No GitHub token: set 'github-token' (the workflow's GITHUB_TOKEN works) to open pull requests and issues"),
    );
    expect(server.requests).toHaveLength(0);
  });

  it('turns a bad token into one clear line without the token', async () => {
    const error = await failure(OctokitGitHubClient.create({ token: 'ghp_wrong', baseUrl: server.baseUrl, owner: 'acme', repo: 'engine' }));
    expect(error.message).toBe('GitHub rejected the token (401 Bad credentials) for acme/engine; check that the token is set, valid and not expired');
    expect(error).toMatchObject({ kind: 'config', status: 401, retryable: false });
    expect(server.requests.map((r) => [r.operationId, r.status])).toEqual([['repos/get', 401]]);
  });

  it('says the repository was not found on a 404', async () => {
    const error = await failure(OctokitGitHubClient.create({ token: TOKEN, baseUrl: server.baseUrl, owner: 'acme', repo: 'missing' }));
    expect(error.message).toBe(`Repository acme/missing not found at ${server.baseUrl}, or the token cannot see it; check the repository name and that the token has 'contents: read'`);
    expect(error.status).toBe(404);
  });

  it('accepts a base URL with a trailing slash', async () => {
    const client = await OctokitGitHubClient.create({ token: TOKEN, baseUrl: `${server.baseUrl}/`, owner: 'acme', repo: 'engine' });
    expect(client.repository).toBe('acme/engine');
  });

  it('reports an unreachable API as a retryable network error', async () => {
    const baseUrl = server.baseUrl;
    await server.close();
    const error = await failure(OctokitGitHubClient.create({ token: TOKEN, baseUrl, owner: 'acme', repo: 'engine' }));
    expect(error.message).toMatch(new RegExp(`^Cannot reach the GitHub API at ${baseUrl} to read the repository acme/engine \\(.+\\); check the network and the API URL, then re-run$`));
    expect(error).toMatchObject({ kind: 'network', status: null, retryable: true });
    server = await GitHubApiServer.start({ token: TOKEN, owner: 'acme', repo: 'engine' });
  });
});

describe('OctokitGitHubClient errors', () => {
  let client: OctokitGitHubClient;
  beforeEach(async () => {
    client = await OctokitGitHubClient.create({ token: TOKEN, baseUrl: server.baseUrl, owner: 'acme', repo: 'engine' });
  });

  it('names the missing workflow permission on a 403', async () => {
    const readOnly = await GitHubApiServer.start({ token: TOKEN, owner: 'acme', repo: 'engine', branches: ['main', 'fix'], readOnly: true });
    try {
      const limited = await OctokitGitHubClient.create({ token: TOKEN, baseUrl: readOnly.baseUrl, owner: 'acme', repo: 'engine' });
      const error = await failure(limited.createDraftPullRequest({ head: 'fix', base: 'main', title: 't', body: 'b' }));
      expect(error.message).toBe(
        "GitHub refused to create the draft pull request from fix into main (403 Resource not accessible by integration); the token needs 'pull-requests: write': add it under 'permissions:' in the workflow",
      );
      const issueError = await failure(limited.updateIssue(1, { title: 't', body: 'b' }));
      expect(issueError.message).toContain("the token needs 'issues: write' or 'pull-requests: write'");
      readOnly.assertNoInvalidRequests();
    } finally {
      await readOnly.close();
    }
  });

  it('says when the rate limit resets', async () => {
    server.failNext('pulls/list', {
      status: 403,
      body: { message: 'API rate limit exceeded for installation ID 1.', documentation_url: 'https://docs.github.com/rest', status: '403' },
      headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '1767610800' },
    });
    const error = await failure(client.findOpenPullRequest('fix'));
    expect(error.message).toBe('GitHub API rate limit exceeded while trying to look for an open pull request from fix; it resets at 2026-01-05T11:00:00.000Z; re-run after that');
    expect(error).toMatchObject({ kind: 'network', status: 403, retryable: true });
  });

  it("passes GitHub's 422 message on in one line", async () => {
    const error = await failure(client.createDraftPullRequest({ head: 'no-such-branch', base: 'main', title: 't', body: 'b' }));
    expect(error.message).toBe('GitHub refused to create the draft pull request from no-such-branch into main (422 Validation Failed: head invalid)');
    expect(error).toMatchObject({ kind: 'bad-input', status: 422, retryable: false });
  });

  it('never prints the token, even when GitHub echoes it', async () => {
    server.failNext('pulls/get', { status: 500, body: { message: `internal error for token ${TOKEN}` } });
    server.state.seedMergedPullRequest({ head: 'old', title: 'Old', body: `Crash-Signature: ${SIGNATURE}` });
    const error = await failure(client.findMergedFixForSignature(SIGNATURE));
    expect(error.message).toBe('GitHub failed to read pull request #1 (500 internal error for token ***); re-run later');
    expect(error.retryable).toBe(true);
  });
});

describe('the stand-in checks requests against GitHub’s OpenAPI description', () => {
  /** The real Octokit without its typed routes, which would refuse these requests at compile time. */
  function untyped(route: string, parameters: Record<string, unknown>): Promise<unknown> {
    return getOctokit(TOKEN, { baseUrl: server.baseUrl }).request(route, parameters);
  }

  it('refuses a body that does not match the operation schema', async () => {
    const answer = untyped('POST /repos/{owner}/{repo}/pulls', { owner: 'acme', repo: 'engine', head: 'fix', base: 'main', title: 't', draft: 'yes' });
    await expect(answer).rejects.toMatchObject({ status: 422, message: expect.stringContaining('pulls/create: request body /draft must be boolean') as unknown });
    expect(server.takeFailures()).toEqual(['POST /repos/acme/engine/pulls: pulls/create: request body /draft must be boolean']);
    expect(server.state.pulls).toHaveLength(0);
  });

  it('refuses bad path and query parameters, unknown operations and missing required fields', async () => {
    const attempts = [
      () => untyped('GET /repos/{owner}/{repo}/pulls/{pull_number}', { owner: 'acme', repo: 'engine', pull_number: 'seven' }),
      () => untyped('GET /repos/{owner}/{repo}/pulls', { owner: 'acme', repo: 'engine', state: 'merged' }),
      () => untyped('GET /repos/{owner}/{repo}/pulls', { owner: 'acme', repo: 'engine', stat: 'open' }),
      () => untyped('POST /repos/{owner}/{repo}/pulls', { owner: 'acme', repo: 'engine', head: 'fix' }),
      () => untyped('GET /search/issues', {}),
      () => untyped('POST /repos/{owner}/{repo}/no-such-thing', { owner: 'acme', repo: 'engine' }),
    ];
    for (const attempt of attempts) await expect(attempt()).rejects.toMatchObject({ status: 422 });
    expect(server.takeFailures()).toEqual([
      "GET /repos/acme/engine/pulls/seven: pulls/get: path parameter 'pull_number' (root) must be integer",
      "GET /repos/acme/engine/pulls: pulls/list: query parameter 'state' (root) must be equal to one of the allowed values",
      "GET /repos/acme/engine/pulls: pulls/list: unknown query parameter 'stat'",
      "POST /repos/acme/engine/pulls: pulls/create: request body (root) must have required property 'base'",
      "GET /search/issues: search/issues-and-pull-requests: missing required query parameter 'q'",
      "POST /repos/acme/engine/no-such-thing: No operation in GitHub's OpenAPI description matches POST /repos/acme/engine/no-such-thing",
    ]);
  });

  it('holds its own answers to the documented response schemas', async () => {
    server.state.issues.push({ number: 9, title: 42 as unknown as string, body: null, state: 'open', labels: [], assignees: [], createdAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-01T00:00:00Z' });
    await untyped('GET /repos/{owner}/{repo}/issues/{issue_number}', { owner: 'acme', repo: 'engine', issue_number: 9 });
    expect(server.takeFailures()).toEqual(['stand-in answer to GET /repos/acme/engine/issues/9: issues/get: 200 answer /title must be string']);
  });

  it('reports how long loading the description took', () => {
    const stats = GitHubApiServer.loadStats();
    expect(stats.parseMs).toBeGreaterThan(0);
    expect(stats.compiledValidators).toBeGreaterThan(0);
  });
});
