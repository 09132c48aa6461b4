import { RetryableError, type ErrorKind } from '../../base/errors.js';

/**
 * A GitHub API failure as one line that says what to do. `retryable` is true
 * for network trouble, 5xx answers and rate limits; the token never appears.
 */
export class GitHubError extends RetryableError {
  override readonly name = 'GitHubError';
  constructor(
    kind: ErrorKind,
    message: string,
    /** The HTTP status, or null when GitHub was not reached. */
    readonly status: number | null,
    retryable: boolean,
    options?: { cause?: unknown },
  ) {
    super(kind, message, retryable, options);
  }
}

export interface FailureContext {
  /** What was being done, as a verb phrase: "create the pull request". */
  action: string;
  /** The workflow permission the call needs, e.g. "pull-requests: write". */
  permission: string;
  token: string;
  baseUrl: string;
  /**
   * What to do after a refusal the operation explains better than the
   * generic lines (a 405 or 409 from a merge): returns the advice, or
   * undefined to keep the generic line.
   */
  explain?: (status: number, said: string) => string | undefined;
}

interface RequestErrorLike {
  status: number;
  message: string;
  response?: { headers: Record<string, string | number | undefined>; data: unknown };
}

function isRequestError(error: unknown): error is RequestErrorLike {
  return error instanceof Error && typeof (error as Partial<RequestErrorLike>).status === 'number';
}

/** GitHub's own words: its message plus the details of each validation error. */
export function githubMessage(data: unknown, fallback: string): string {
  if (typeof data !== 'object' || data === null) return typeof data === 'string' && data ? data : fallback;
  const { message, errors } = data as { message?: unknown; errors?: unknown };
  const details = Array.isArray(errors)
    ? errors.map((e: unknown) => {
        if (typeof e === 'string') return e;
        const { message: m, field, code } = (e ?? {}) as { message?: unknown; field?: unknown; code?: unknown };
        return typeof m === 'string' ? m : [field, code].filter((x) => typeof x === 'string').join(' ');
      })
    : [];
  const head = typeof message === 'string' && message ? message : fallback;
  return details.filter(Boolean).length ? `${head}: ${details.filter(Boolean).join('; ')}` : head;
}

/** `pull_requests=write; issues=write` → `pull-requests: write` or `issues: write`. */
export function describeAcceptedPermissions(header: string): string {
  return header
    .split(';')
    .map((set) =>
      set
        .split(',')
        .map((p) => p.trim().replace(/_/g, '-').replace('=', ': '))
        .filter(Boolean)
        .join(' and '),
    )
    .filter(Boolean)
    .map((s) => `'${s}'`)
    .join(' or ');
}

export function toGitHubError(error: unknown, context: FailureContext): GitHubError {
  const scrub = (text: string): string => (context.token ? text.split(context.token).join('***') : text);
  const make = (kind: ErrorKind, message: string, status: number | null, retryable: boolean): GitHubError =>
    new GitHubError(kind, scrub(message), status, retryable, { cause: error });
  if (error instanceof GitHubError) return error;
  if (!isRequestError(error) || !error.response) {
    const reason = error instanceof Error ? error.message : String(error);
    return make('network', `Cannot reach the GitHub API at ${context.baseUrl} to ${context.action} (${reason}); check the network and the API URL, then re-run`, null, true);
  }
  const { status, response } = error;
  const headers = response.headers;
  const said = githubMessage(response.data, error.message);
  if (status === 401) {
    return make('config', `GitHub rejected the token (401 ${said}) while trying to ${context.action}; check that the token is set, valid and not expired`, status, false);
  }
  if ((status === 403 || status === 429) && String(headers['x-ratelimit-remaining']) === '0') {
    const reset = Number(headers['x-ratelimit-reset']);
    const when = Number.isFinite(reset) && reset > 0 ? `; it resets at ${new Date(reset * 1000).toISOString()}` : '';
    return make('network', `GitHub API rate limit exceeded while trying to ${context.action}${when}; re-run after that`, status, true);
  }
  if ((status === 403 || status === 429) && headers['retry-after'] !== undefined) {
    return make('network', `GitHub's secondary rate limit stopped the attempt to ${context.action}; retry after ${String(headers['retry-after'])} seconds`, status, true);
  }
  const advice = context.explain?.(status, said);
  if (advice !== undefined) return make(status === 403 ? 'config' : 'tool-failed', `GitHub refused to ${context.action} (${status} ${said}); ${advice}`, status, false);
  if (status === 403) {
    const accepted = headers['x-accepted-github-permissions'];
    const needed = typeof accepted === 'string' && accepted ? describeAcceptedPermissions(accepted) : `'${context.permission}'`;
    return make('config', `GitHub refused to ${context.action} (403 ${said}); the token needs ${needed}: add it under 'permissions:' in the workflow`, status, false);
  }
  if (status === 404) {
    return make('config', `GitHub answered 404 Not Found while trying to ${context.action}; the repository or item does not exist or the token cannot see it`, status, false);
  }
  if (status === 422) {
    return make('bad-input', `GitHub refused to ${context.action} (422 ${said})`, status, false);
  }
  if (status >= 500) {
    return make('network', `GitHub failed to ${context.action} (${status} ${said}); re-run later`, status, true);
  }
  return make('tool-failed', `GitHub answered ${status} ${said} while trying to ${context.action}`, status, false);
}

interface GraphqlErrorLike {
  name: string;
  errors: Array<{ type?: string; message: string }>;
}

function isGraphqlError(error: unknown): error is GraphqlErrorLike {
  return error instanceof Error && error.name === 'GraphqlResponseError' && Array.isArray((error as Partial<GraphqlErrorLike>).errors);
}

/**
 * A GraphQL call's failure as one line. GraphQL answers 200 with `errors`
 * (@octokit/graphql throws them as GraphqlResponseError); HTTP failures
 * (401, rate limits, 5xx) take the REST path. `advise` adds what to do for
 * a known refusal; a FORBIDDEN names the permission.
 */
export function toGraphqlGitHubError(error: unknown, context: FailureContext & { advise?: (message: string) => string | undefined }): GitHubError {
  if (!isGraphqlError(error)) return toGitHubError(error, context);
  const scrub = (text: string): string => (context.token ? text.split(context.token).join('***') : text);
  const said = error.errors.map((e) => (e.type ? `${e.type}: ${e.message}` : e.message)).join('; ');
  const forbidden = error.errors.some((e) => e.type === 'FORBIDDEN');
  const advice = forbidden ? `the token needs '${context.permission}': add it under 'permissions:' in the workflow` : error.errors.map((e) => context.advise?.(e.message)).find((a) => a !== undefined);
  const message = `GitHub refused to ${context.action} (GraphQL ${said})${advice ? `; ${advice}` : ''}`;
  return new GitHubError(forbidden ? 'config' : 'tool-failed', scrub(message), null, false, { cause: error });
}
