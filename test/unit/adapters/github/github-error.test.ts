import { describe, expect, it } from 'vitest';
import { describeAcceptedPermissions, GitHubError, githubMessage, toGitHubError } from '../../../../src/adapters/github/github-error.js';

const context = { action: 'create the issue', permission: 'issues: write', token: 'ghp_secret', baseUrl: 'https://api.github.com' };

function requestError(status: number, data: unknown, headers: Record<string, string> = {}): Error {
  return Object.assign(new Error('raw'), { status, response: { headers, data } });
}

describe('githubMessage', () => {
  it("joins GitHub's message and its validation errors", () => {
    expect(githubMessage({ message: 'Validation Failed', errors: [{ resource: 'Issue', field: 'title', code: 'missing_field' }, { message: 'body is too long' }, 'plain'] }, 'x')).toBe(
      'Validation Failed: title missing_field; body is too long; plain',
    );
    expect(githubMessage(null, 'fallback')).toBe('fallback');
    expect(githubMessage('text answer', 'fallback')).toBe('text answer');
  });
});

describe('describeAcceptedPermissions', () => {
  it('turns the header into workflow permission names', () => {
    expect(describeAcceptedPermissions('pull_requests=write')).toBe("'pull-requests: write'");
    expect(describeAcceptedPermissions('issues=write; pull_requests=write')).toBe("'issues: write' or 'pull-requests: write'");
    expect(describeAcceptedPermissions('contents=read,metadata=read')).toBe("'contents: read and metadata: read'");
  });
});

describe('toGitHubError', () => {
  it('falls back to the permission the call needs when GitHub does not say', () => {
    const error = toGitHubError(requestError(403, { message: 'Resource not accessible by integration' }), context);
    expect(error.message).toBe("GitHub refused to create the issue (403 Resource not accessible by integration); the token needs 'issues: write': add it under 'permissions:' in the workflow");
    expect(error.retryable).toBe(false);
  });

  it('recognises the secondary rate limit', () => {
    const error = toGitHubError(requestError(403, { message: 'You have exceeded a secondary rate limit' }, { 'retry-after': '60' }), context);
    expect(error.message).toBe("GitHub's secondary rate limit stopped the attempt to create the issue; retry after 60 seconds");
    expect(error).toMatchObject({ kind: 'network', retryable: true });
  });

  it('treats errors without a response as network failures and scrubs the token', () => {
    const error = toGitHubError(Object.assign(new Error('connect ECONNREFUSED for ghp_secret'), { status: 500 }), context);
    expect(error.message).toBe('Cannot reach the GitHub API at https://api.github.com to create the issue (connect ECONNREFUSED for ***); check the network and the API URL, then re-run');
    expect(error).toMatchObject({ kind: 'network', status: null, retryable: true });
  });

  it('keeps a GitHubError as it is and makes every message one line', () => {
    const original = new GitHubError('config', 'x', 404, false);
    expect(toGitHubError(original, context)).toBe(original);
    expect(toGitHubError(requestError(418, { message: 'line one\nline two' }), context).message).toBe("GitHub answered 418 line one line two while trying to create the issue");
  });
});
