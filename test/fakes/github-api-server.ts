/**
 * A stand-in for GitHub's REST API on 127.0.0.1 that the real Octokit talks
 * to through `baseUrl`. It keeps state (pull requests, issues, labels,
 * environments, runs' deployment reviews, comments, reviews), checks the
 * token like GitHub, and refuses — and records — every request that does not
 * match GitHub's OpenAPI description (see github-api-server-openapi.ts).
 * `POST /graphql` serves two mutations (github-api-server-graphql.ts).
 * Tests end with `assertNoInvalidRequests()`.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { artifactRoutes, type ArtifactLookup } from './github-api-server-artifacts.js';
import { answerGraphql, graphqlOperationId } from './github-api-server-graphql.js';
import { openApiCatalog, type LoadStats } from './github-api-server-openapi.js';
import { REVIEW_ROUTES } from './github-api-server-review-routes.js';
import { DEPLOYMENT_ROUTES } from './github-api-server-deployments.js';
import { ReviewShapes } from './github-api-server-review-shapes.js';
import { notFound, ROUTES, type RouteResult } from './github-api-server-routes.js';
import { GitHubShapes } from './github-api-server-shapes.js';
import { BOT_LOGIN, GitHubState } from './github-api-server-state.js';

export { BOT_LOGIN } from './github-api-server-state.js';
export type { IssueRecord, LabelRecord, PullRecord } from './github-api-server-state.js';
export type { CommentRecord, EnvironmentRecord, ReviewRecord, RunRecord } from './github-api-server-review-state.js';

export interface GitHubApiServerOptions {
  /** The workflow's token, as `token <t>` or `Bearer <t>`; it acts as github-actions[bot]. */
  token: string;
  /** People who act with tokens of their own: a reviewer who clicks Approve or submits a review. */
  users?: Array<{ login: string; token: string }>;
  owner: string;
  repo: string;
  /** Branches that exist; pull requests need both ends. Default: main. */
  branches?: string[];
  /** Users who may review and be assigned. */
  collaborators?: string[];
  /** Team slugs that may review. */
  teams?: string[];
  /** Answer every write of the workflow's token with GitHub's 403 for a token without write permissions. */
  readOnly?: boolean;
  /** Workflow artifacts for the REST artifact routes (the artifact service stand-in); none when absent. */
  artifacts?: ArtifactLookup;
}

export interface RecordedGitHubRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  body: unknown;
  operationId: string | null;
  status: number;
}

/** The permission GitHub names in `x-accepted-github-permissions` when a write is refused. */
const WRITE_PERMISSIONS: Record<string, string> = {
  'pulls/create': 'pull_requests=write',
  'pulls/update': 'pull_requests=write',
  'pulls/request-reviewers': 'pull_requests=write',
  'issues/create': 'issues=write',
  'issues/update': 'issues=write; pull_requests=write',
  'issues/add-labels': 'issues=write; pull_requests=write',
  'issues/add-assignees': 'issues=write; pull_requests=write',
  'issues/create-label': 'issues=write; pull_requests=write',
  'repos/create-dispatch-event': 'contents=write',
  'pulls/merge': 'contents=write',
  'pulls/create-review': 'pull_requests=write',
  'issues/create-comment': 'issues=write; pull_requests=write',
  'actions/review-pending-deployments-for-run': 'deployments=write',
};

export class GitHubApiServer {
  readonly requests: RecordedGitHubRequest[] = [];
  readonly failures: string[] = [];
  readonly state: GitHubState;
  private shapes!: GitHubShapes;
  private reviewShapes!: ReviewShapes;
  private readonly scripted = new Map<string, RouteResult[]>();

  private constructor(
    private readonly server: http.Server,
    private readonly options: GitHubApiServerOptions,
  ) {
    this.state = new GitHubState(options.owner, options.repo, new Set(options.branches ?? ['main']), new Set(options.collaborators ?? []), new Set(options.teams ?? []));
  }

  static async start(options: GitHubApiServerOptions): Promise<GitHubApiServer> {
    openApiCatalog();
    const server = http.createServer();
    const fake = new GitHubApiServer(server, options);
    server.on('request', (req, res) => void fake.handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    fake.shapes = new GitHubShapes(fake.state, fake.baseUrl);
    fake.reviewShapes = new ReviewShapes(fake.shapes, fake.state);
    return fake;
  }

  get baseUrl(): string {
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}`;
  }

  /** How long parsing GitHub's description and compiling validators took in this process. */
  static loadStats(): LoadStats {
    return { ...openApiCatalog().stats };
  }

  /** The next request for `operationId` gets this answer instead (after validation and auth). */
  failNext(operationId: string, result: RouteResult): this {
    this.scripted.set(operationId, [...(this.scripted.get(operationId) ?? []), result]);
    return this;
  }

  addBranch(...names: string[]): this {
    for (const n of names) this.state.branches.add(n);
    return this;
  }

  /** The requests that reached an operation, by operationId. */
  calls(operationId: string): RecordedGitHubRequest[] {
    return this.requests.filter((r) => r.operationId === operationId);
  }

  /** Returns and forgets the refusals so far, for tests that provoke one on purpose. */
  takeFailures(): string[] {
    return this.failures.splice(0);
  }

  assertNoInvalidRequests(): void {
    if (this.failures.length) throw new Error(`GitHub stand-in refused ${this.failures.length} request(s): ${this.failures.join(' | ')}`);
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve, reject) => this.server.close((error) => (error ? reject(error) : resolve())));
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', this.baseUrl);
    const method = req.method ?? 'GET';
    const record: RecordedGitHubRequest = { method, path: url.pathname, query: url.searchParams, body: undefined, operationId: null, status: 0 };
    this.requests.push(record);
    const answer = (result: RouteResult): void => {
      record.status = result.status;
      send(res, result);
    };

    if (raw.length > 0) {
      try {
        record.body = JSON.parse(raw) as unknown;
      } catch {
        return answer({ status: 400, body: { message: 'Problems parsing JSON', documentation_url: 'https://docs.github.com/rest', status: '400' } });
      }
    }
    if (method === 'POST' && url.pathname === '/graphql') return answer(this.graphql(record, req.headers.authorization));
    const catalog = openApiCatalog();
    const matched = catalog.match(method, url.pathname);
    if (typeof matched === 'string') return answer(this.invalid(record, matched));
    record.operationId = matched.operation.operationId;
    const problems = catalog.validate(matched.operation, matched.params, url.searchParams, record.body);
    if (problems.length) return answer(this.invalid(record, `${matched.operation.operationId}: ${problems.join('; ')}`));

    const actor = this.actor(req.headers.authorization);
    if (!actor) return answer(BAD_CREDENTIALS);
    const { owner, repo } = matched.params;
    if (owner !== undefined && (owner.toLowerCase() !== this.options.owner.toLowerCase() || repo?.toLowerCase() !== this.options.repo.toLowerCase())) return answer(notFound());
    const permission = WRITE_PERMISSIONS[record.operationId];
    if (this.options.readOnly && permission && actor === BOT_LOGIN) {
      return answer({ status: 403, body: { message: 'Resource not accessible by integration', documentation_url: 'https://docs.github.com/rest', status: '403' }, headers: { 'x-accepted-github-permissions': permission } });
    }
    const scripted = this.scripted.get(record.operationId)?.shift();
    if (scripted) return answer(scripted);
    const route = ROUTES[record.operationId] ?? REVIEW_ROUTES[record.operationId] ?? DEPLOYMENT_ROUTES[record.operationId] ?? (this.options.artifacts ? artifactRoutes(this.options.artifacts)[record.operationId] : undefined);
    if (!route) {
      this.failures.push(`${method} ${url.pathname}: ${record.operationId} is valid but not served by the stand-in`);
      return answer({ status: 501, body: { message: `${record.operationId} is not served by the GitHub stand-in` } });
    }
    const body = (typeof record.body === 'object' && record.body !== null ? record.body : {}) as Record<string, unknown>;
    const result = route({ params: matched.params, query: url.searchParams, body, state: this.state, shapes: this.shapes, reviewShapes: this.reviewShapes, actor, url: `${this.baseUrl}${url.pathname}` });
    // The stand-in holds itself to GitHub's description too: a wrong answer shape is a failure of the fake.
    const wrong = catalog.validateResponse(matched.operation, result.status, result.body);
    if (wrong.length) this.failures.push(`stand-in answer to ${method} ${url.pathname}: ${record.operationId}: ${wrong.join('; ')}`);
    answer(result);
  }

  private invalid(record: RecordedGitHubRequest, problem: string): RouteResult {
    this.failures.push(`${record.method} ${record.path}: ${problem}`);
    return { status: 422, body: { message: `Request does not match GitHub's OpenAPI description: ${problem}`, documentation_url: 'https://docs.github.com/rest', status: '422' } };
  }

  /** Who the token belongs to, or null when GitHub would answer 401. */
  private actor(header: string | undefined): string | null {
    const token = /^(?:token|bearer)\s+(\S+)$/i.exec(header ?? '')?.[1];
    if (!token) return null;
    if (token === this.options.token) return BOT_LOGIN;
    return this.options.users?.find((u) => u.token === token)?.login ?? null;
  }

  private graphql(record: RecordedGitHubRequest, authorization: string | undefined): RouteResult {
    const actor = this.actor(authorization);
    if (!actor) return BAD_CREDENTIALS;
    const scripted = this.scripted.get(graphqlOperationId(record.body) ?? '')?.shift();
    const outcome = scripted ? null : answerGraphql(record.body, this.state, actor, this.options.readOnly === true && actor === BOT_LOGIN);
    record.operationId = graphqlOperationId(record.body);
    if (outcome?.problem) this.failures.push(`POST /graphql: ${outcome.problem}`);
    return scripted ?? { status: 200, body: outcome?.body };
  }
}

const BAD_CREDENTIALS: RouteResult = { status: 401, body: { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest', status: '401' } };

function send(res: http.ServerResponse, result: RouteResult): void {
  const headers: Record<string, string> = {
    'x-github-api-version-selected': '2022-11-28',
    'x-ratelimit-limit': '5000',
    'x-ratelimit-remaining': '4999',
    'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 3600),
    'x-github-request-id': 'C0DE:1234:5678:9ABC:DEF0',
    ...result.headers,
  };
  if (result.body === undefined) {
    res.writeHead(result.status, headers).end();
    return;
  }
  res.writeHead(result.status, { 'content-type': 'application/json; charset=utf-8', ...headers }).end(JSON.stringify(result.body));
}
