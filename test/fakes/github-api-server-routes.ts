/**
 * The operations the GitHub stand-in serves, by OpenAPI operationId. Each
 * behaves like GitHub for the cases crash-autofix meets, including GitHub's
 * 422 answers (duplicate pull request, unknown branch, reviewers who are not
 * collaborators, over-long bodies) and its silent ones (assignees without
 * access are dropped; unknown labels are created grey).
 */
import type { ReviewShapes } from './github-api-server-review-shapes.js';
import type { GitHubShapes } from './github-api-server-shapes.js';
import { BOT_LOGIN, INITIAL_HEAD_SHA, type GitHubState, type IssueRecord, type PullRecord } from './github-api-server-state.js';
import { searchIssues } from './github-api-server-search.js';

export interface RouteContext {
  params: Record<string, string>;
  query: URLSearchParams;
  body: Record<string, unknown>;
  state: GitHubState;
  shapes: GitHubShapes;
  reviewShapes: ReviewShapes;
  /** The login the request's token belongs to. */
  actor: string;
  /** The request URL without the query, for Link headers. */
  url: string;
}

export interface RouteResult {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

type Route = (ctx: RouteContext) => RouteResult;

export const MAX_BODY = 65_536;

export function validationFailed(resource: string, field: string, code: string, message?: string): RouteResult {
  return {
    status: 422,
    body: { message: 'Validation Failed', errors: [{ resource, field, code, ...(message ? { message } : {}) }], documentation_url: 'https://docs.github.com/rest', status: '422' },
  };
}

export function notFound(): RouteResult {
  return { status: 404, body: { message: 'Not Found', documentation_url: 'https://docs.github.com/rest', status: '404' } };
}

function tooLong(resource: string, body: unknown): RouteResult | null {
  return typeof body === 'string' && [...body].length > MAX_BODY ? validationFailed(resource, 'body', 'custom', `body is too long (maximum is ${MAX_BODY} characters)`) : null;
}

/** One page of `items` with GitHub's Link header. */
export function page(ctx: RouteContext, items: unknown[]): RouteResult {
  const perPage = Math.min(Number(ctx.query.get('per_page') ?? 30), 100);
  const current = Number(ctx.query.get('page') ?? 1);
  const last = Math.max(1, Math.ceil(items.length / perPage));
  const link = (n: number): string => {
    const q = new URLSearchParams(ctx.query);
    q.set('page', String(n));
    return `<${ctx.url}?${q.toString()}>`;
  };
  const links = [...(current < last ? [`${link(current + 1)}; rel="next"`, `${link(last)}; rel="last"`] : []), ...(current > 1 ? [`${link(1)}; rel="first"`, `${link(current - 1)}; rel="prev"`] : [])];
  return { status: 200, body: items.slice((current - 1) * perPage, current * perPage), headers: links.length ? { link: links.join(', ') } : {} };
}

function itemFor(state: GitHubState, number: number): IssueRecord | PullRecord | undefined {
  return state.pull(number) ?? state.issue(number);
}

const strings = (value: unknown): string[] => (Array.isArray(value) ? value.map((v) => (typeof v === 'string' ? v : String((v as { name?: string; login?: string }).name ?? (v as { login?: string }).login))) : []);

export const ROUTES: Record<string, Route> = {
  'repos/get': ({ shapes }) => ({ status: 200, body: { ...shapes.repository(), permissions: { admin: false, maintain: false, push: true, triage: true, pull: true } } }),

  'pulls/list': (ctx) => {
    const stateFilter = ctx.query.get('state') ?? 'open';
    const head = ctx.query.get('head');
    // GitHub only honours `head` in the `owner:branch` form; a bare branch name filters nothing.
    const [headOwner, headRef] = head?.includes(':') ? head.split(/:(.*)/s) : [undefined, undefined];
    const base = ctx.query.get('base');
    const items = ctx.state.pulls
      .filter((p) => stateFilter === 'all' || p.state === stateFilter)
      .filter((p) => headRef === undefined || (headOwner?.toLowerCase() === ctx.state.owner.toLowerCase() && p.head === headRef))
      .filter((p) => !base || p.base === base)
      .sort((a, b) => b.number - a.number)
      .map((p) => ctx.shapes.pullSummary(p));
    return page(ctx, items);
  },

  'pulls/create': ({ body, state, shapes }) => {
    const head = String(body.head).replace(new RegExp(`^${state.owner}:`, 'i'), '');
    const base = String(body.base);
    if (!state.branches.has(base)) return validationFailed('PullRequest', 'base', 'invalid');
    if (!state.branches.has(head)) return validationFailed('PullRequest', 'head', 'invalid');
    if (typeof body.title !== 'string' || !body.title) return validationFailed('PullRequest', 'title', 'missing_field');
    const long = tooLong('PullRequest', body.body);
    if (long) return long;
    if (state.pulls.some((p) => p.state === 'open' && p.head === head && p.base === base)) {
      return validationFailed('PullRequest', 'head', 'custom', `A pull request already exists for ${state.owner}:${head}.`);
    }
    const at = state.now();
    const pr: PullRecord = {
      number: state.takeNumber(), head, base, title: body.title, body: typeof body.body === 'string' ? body.body : null,
      draft: body.draft === true, state: 'open', merged: false, mergedAt: null,
      headSha: state.headOf?.(head) ?? INITIAL_HEAD_SHA, mergeCommitSha: null, autoMerge: null, labels: [], requestedReviewers: [], requestedTeams: [], assignees: [],
      createdAt: at, updatedAt: at,
    };
    state.pulls.push(pr);
    return { status: 201, body: shapes.pull(pr), headers: { location: String(shapes.pull(pr).url) } };
  },

  'pulls/get': ({ params, state, shapes }) => {
    const pr = state.pull(Number(params.pull_number));
    // An open pull request follows its branch, as pushes move it.
    if (pr?.state === 'open' && state.headOf) pr.headSha = state.headOf(pr.head);
    return pr ? { status: 200, body: shapes.pull(pr) } : notFound();
  },

  'pulls/update': ({ params, body, state, shapes }) => {
    const pr = state.pull(Number(params.pull_number));
    if (!pr) return notFound();
    const long = tooLong('PullRequest', body.body);
    if (long) return long;
    if (typeof body.title === 'string') pr.title = body.title;
    if (typeof body.body === 'string') pr.body = body.body;
    if (body.state === 'open' || body.state === 'closed') pr.state = pr.merged ? 'closed' : body.state;
    pr.updatedAt = state.now();
    return { status: 200, body: shapes.pull(pr) };
  },

  'pulls/request-reviewers': ({ params, body, state, shapes }) => {
    const pr = state.pull(Number(params.pull_number));
    if (!pr) return notFound();
    const users = strings(body.reviewers);
    const teams = strings(body.team_reviewers);
    if (users.length === 0 && teams.length === 0) return validationFailed('PullRequest', 'reviewers', 'missing_field');
    if (users.some((u) => u.toLowerCase() === BOT_LOGIN)) return { status: 422, body: { message: 'Review cannot be requested from pull request author.', documentation_url: 'https://docs.github.com/rest', status: '422' } };
    if (users.some((u) => !state.collaborators.has(u)) || teams.some((t) => !state.teams.has(t))) {
      return { status: 422, body: { message: `Reviews may only be requested from collaborators. One or more of the users or teams you specified is not a collaborator of the ${state.owner}/${state.repo} repository.`, documentation_url: 'https://docs.github.com/rest', status: '422' } };
    }
    for (const u of users) if (!pr.requestedReviewers.includes(u)) pr.requestedReviewers.push(u);
    for (const t of teams) if (!pr.requestedTeams.includes(t)) pr.requestedTeams.push(t);
    pr.updatedAt = state.now();
    return { status: 201, body: shapes.pull(pr) };
  },

  'issues/create': ({ body, state, shapes }) => {
    if (typeof body.title !== 'string' || !body.title) return validationFailed('Issue', 'title', 'missing_field');
    const long = tooLong('Issue', body.body);
    if (long) return long;
    const at = state.now();
    const issue: IssueRecord = {
      number: state.takeNumber(), title: body.title, body: typeof body.body === 'string' ? body.body : null, state: 'open',
      labels: strings(body.labels).map((l) => state.addLabel(l).name), assignees: strings(body.assignees).filter((a) => state.collaborators.has(a)),
      createdAt: at, updatedAt: at,
    };
    state.issues.push(issue);
    return { status: 201, body: shapes.issue(issue) };
  },

  'issues/get': ({ params, state, shapes }) => {
    const item = itemFor(state, Number(params.issue_number));
    return item ? { status: 200, body: shapes.issue(item) } : notFound();
  },

  'issues/update': ({ params, body, state, shapes }) => {
    const item = itemFor(state, Number(params.issue_number));
    if (!item) return notFound();
    const long = tooLong('Issue', body.body);
    if (long) return long;
    if (typeof body.title === 'string') item.title = body.title;
    if (typeof body.body === 'string') item.body = body.body;
    if (body.state === 'open' || body.state === 'closed') item.state = body.state;
    if (Array.isArray(body.labels)) item.labels = strings(body.labels).map((l) => state.addLabel(l).name);
    item.updatedAt = state.now();
    return { status: 200, body: shapes.issue(item) };
  },

  'issues/list-for-repo': (ctx) => {
    const stateFilter = ctx.query.get('state') ?? 'open';
    const wanted = (ctx.query.get('labels') ?? '').split(',').map((l) => l.trim().toLowerCase()).filter(Boolean);
    const all: (IssueRecord | PullRecord)[] = [...ctx.state.issues, ...ctx.state.pulls];
    const items = all
      .filter((i) => stateFilter === 'all' || i.state === stateFilter)
      .filter((i) => wanted.every((w) => i.labels.some((l) => l.toLowerCase() === w)))
      .sort((a, b) => b.number - a.number)
      .map((i) => ctx.shapes.issue(i));
    return page(ctx, items);
  },

  'issues/add-labels': ({ params, body, state, shapes }) => {
    const item = itemFor(state, Number(params.issue_number));
    if (!item) return notFound();
    for (const name of strings(body.labels)) {
      const label = state.addLabel(name);
      if (!item.labels.includes(label.name)) item.labels.push(label.name);
    }
    return { status: 200, body: item.labels.map((l) => shapes.label(state.addLabel(l))) };
  },

  'issues/get-label': ({ params, state, shapes }) => {
    const label = state.label(params.name ?? '');
    return label ? { status: 200, body: shapes.label(label) } : notFound();
  },

  'issues/create-label': ({ body, state, shapes }) => {
    const name = String(body.name);
    if (state.label(name)) return validationFailed('Label', 'name', 'already_exists');
    const color = typeof body.color === 'string' ? body.color : 'ededed';
    if (!/^[0-9a-fA-F]{6}$/.test(color)) return validationFailed('Label', 'color', 'invalid');
    const label = state.addLabel(name, color, typeof body.description === 'string' ? body.description : null);
    return { status: 201, body: shapes.label(label) };
  },

  'issues/add-assignees': ({ params, body, state, shapes }) => {
    const item = itemFor(state, Number(params.issue_number));
    if (!item) return notFound();
    // GitHub silently drops users who cannot be assigned.
    for (const login of strings(body.assignees)) if (state.collaborators.has(login) && !item.assignees.includes(login)) item.assignees.push(login);
    item.updatedAt = state.now();
    return { status: 201, body: shapes.issue(item) };
  },

  'search/issues-and-pull-requests': (ctx) => searchIssues(ctx),

  // GitHub answers 204 and starts the workflows whose `types` include the event type.
  'repos/create-dispatch-event': ({ body, state }) => {
    const payload = (body.client_payload ?? {}) as Record<string, unknown>;
    if (Object.keys(payload).length > 10) return validationFailed('RepositoryDispatch', 'client_payload', 'custom', 'No more than 10 properties are allowed; 11 were supplied.');
    state.dispatches.push({ eventType: String(body.event_type), payload });
    return { status: 204 };
  },
};
