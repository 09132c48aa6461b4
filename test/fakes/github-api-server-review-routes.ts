/**
 * The GitHub stand-in's operations for the approval gate and the review
 * loop: a run's deployment reviews (a test "clicks" Approve or Reject by
 * posting to pending_deployments with a reviewer's token), environments,
 * merging, issue comments, pull-request reviews with line comments, and a
 * user's permission. Answers follow GitHub's, including its refusals.
 */
import { createHash } from 'node:crypto';
import { BOT_LOGIN } from './github-api-server-state.js';
import { notFound, page, validationFailed, type RouteContext, type RouteResult } from './github-api-server-routes.js';
import type { EnvironmentRecord, ReviewCommentRecord, ReviewRecord } from './github-api-server-review-state.js';

const DOCS = 'https://docs.github.com/rest';
const MAX_BODY = 65_536;

type Route = (ctx: RouteContext) => RouteResult;

function refused(status: number, message: string): RouteResult {
  return { status, body: { message, documentation_url: DOCS } };
}

/** `validation_failed_simple`: GitHub's 422 with plain-text errors (reviews). */
function unprocessable(...errors: string[]): RouteResult {
  return { status: 422, body: { message: 'Unprocessable Entity', errors, documentation_url: DOCS } };
}

function tooLong(body: unknown): boolean {
  return typeof body === 'string' && [...body].length > MAX_BODY;
}

function mergeCommit(number: number, headSha: string, method: string): string {
  return createHash('sha1').update(`${number}:${headSha}:${method}`).digest('hex');
}

function reviewOf(ctx: RouteContext): ReviewRecord | undefined {
  const number = Number(ctx.params.pull_number);
  return ctx.state.reviews.find((r) => r.id === Number(ctx.params.review_id) && r.pullNumber === number);
}

export const REVIEW_ROUTES: Record<string, Route> = {
  'actions/get-reviews-for-run': ({ params, state, reviewShapes }) => {
    const run = state.run(Number(params.run_id));
    return run ? { status: 200, body: run.decisions.map((d) => reviewShapes.approval(d)) } : notFound();
  },

  'actions/get-pending-deployments-for-run': ({ params, state, reviewShapes, actor }) => {
    const run = state.run(Number(params.run_id));
    if (!run) return notFound();
    const waiting = run.waitingFor.map((name) => state.environment(name)).filter((e): e is EnvironmentRecord => e !== undefined);
    return { status: 200, body: waiting.map((e) => reviewShapes.pendingDeployment(e, run.startedAt, actor)) };
  },

  'actions/review-pending-deployments-for-run': ({ params, body, state, reviewShapes, actor }) => {
    const run = state.run(Number(params.run_id));
    if (!run) return notFound();
    const ids = Array.isArray(body.environment_ids) ? body.environment_ids.map(Number) : [];
    const environments = ids.map((id) => state.environments.find((e) => e.id === id));
    if (environments.some((e) => e === undefined || !run.waitingFor.includes(e.name))) {
      return validationFailed('DeploymentReview', 'environment_ids', 'invalid', 'No pending deployment requests to approve or reject for the given environments');
    }
    const chosen = environments as EnvironmentRecord[];
    const outsider = chosen.find((e) => !state.canReview(e, actor));
    if (outsider) return validationFailed('DeploymentReview', 'environment_ids', 'invalid', `${actor} is not a required reviewer of the environment ${outsider.name}`);
    const at = state.now();
    const decision = { environments: chosen.map((e) => e.name), state: body.state === 'rejected' ? ('rejected' as const) : ('approved' as const), user: actor, comment: typeof body.comment === 'string' ? body.comment : '', at };
    run.decisions.push(decision);
    run.waitingFor = run.waitingFor.filter((name) => !decision.environments.includes(name));
    // Approved jobs start, each with a deployment; a rejection starts nothing.
    return { status: 200, body: decision.state === 'approved' ? chosen.map((e) => reviewShapes.deployment(e, run.id, actor, at)) : [] };
  },

  'repos/get-environment': ({ params, state, reviewShapes }) => {
    if (state.environmentsForbidden) return { ...refused(403, 'Resource not accessible by integration'), headers: { 'x-accepted-github-permissions': 'actions=read' } };
    const env = state.environment(params.environment_name ?? '');
    return env ? { status: 200, body: reviewShapes.environment(env) } : notFound();
  },

  'pulls/merge': ({ params, body, state }) => {
    const pr = state.pull(Number(params.pull_number));
    if (!pr) return notFound();
    if (pr.state !== 'open') return refused(405, 'Pull Request is not mergeable');
    if (pr.draft) return refused(405, 'Pull Request is still a draft');
    if (typeof body.sha === 'string' && body.sha !== pr.headSha) return refused(409, 'Head branch was modified. Review and try the merge again.');
    const checks = state.requiredChecks;
    if (checks.length === 1) return refused(405, `Required status check "${checks[0] ?? ''}" is expected.`);
    if (checks.length > 1) return refused(405, `${checks.length} of ${checks.length} required status checks are expected.`);
    const method = typeof body.merge_method === 'string' ? body.merge_method : 'merge';
    const at = state.now();
    Object.assign(pr, { merged: true, mergedAt: at, mergeCommitSha: mergeCommit(pr.number, pr.headSha, method), state: 'closed', updatedAt: at, autoMerge: null });
    return { status: 200, body: { sha: pr.mergeCommitSha, merged: true, message: 'Pull Request successfully merged' } };
  },

  'issues/create-comment': ({ params, body, state, reviewShapes, actor }) => {
    const number = Number(params.issue_number);
    const item = state.pull(number) ?? state.issue(number);
    if (!item) return notFound();
    if (typeof body.body !== 'string' || !body.body.trim()) return validationFailed('IssueComment', 'body', 'missing_field');
    if (tooLong(body.body)) return validationFailed('IssueComment', 'body', 'custom', `body is too long (maximum is ${MAX_BODY} characters)`);
    const comment = { id: state.takeId(), issueNumber: number, author: actor, body: body.body, createdAt: state.now() };
    state.comments.push(comment);
    item.updatedAt = comment.createdAt;
    return { status: 201, body: reviewShapes.comment(comment), headers: { location: String(reviewShapes.comment(comment).url) } };
  },

  'issues/list-comments': (ctx) => {
    const number = Number(ctx.params.issue_number);
    if (!ctx.state.pull(number) && !ctx.state.issue(number)) return notFound();
    return page(ctx, ctx.state.comments.filter((c) => c.issueNumber === number).map((c) => ctx.reviewShapes.comment(c)));
  },

  'pulls/create-review': ({ params, body, state, reviewShapes, actor }) => {
    const pr = state.pull(Number(params.pull_number));
    if (!pr) return notFound();
    const event = typeof body.event === 'string' ? body.event : null;
    const text = typeof body.body === 'string' ? body.body : '';
    if ((event === 'REQUEST_CHANGES' || event === 'COMMENT') && !text.trim()) return unprocessable(`Review body is required when the event is ${event}`);
    // The pull request's author may comment on it, not approve it or request changes.
    if (actor === BOT_LOGIN && event === 'APPROVE') return unprocessable('Review Can not approve your own pull request');
    if (actor === BOT_LOGIN && event === 'REQUEST_CHANGES') return unprocessable('Review Can not request changes on your own pull request');
    const comments: ReviewCommentRecord[] = [];
    for (const raw of Array.isArray(body.comments) ? (body.comments as Array<Record<string, unknown>>) : []) {
      const line = typeof raw.line === 'number' ? raw.line : null;
      const position = typeof raw.position === 'number' ? raw.position : null;
      if (typeof raw.path !== 'string' || typeof raw.body !== 'string' || (line === null && position === null)) {
        return unprocessable('Review comments need a path, a body and a line or a position');
      }
      comments.push({ id: state.takeId(), path: raw.path, line, position, side: raw.side === 'LEFT' ? 'LEFT' : 'RIGHT', body: raw.body });
    }
    const states = { APPROVE: 'APPROVED', REQUEST_CHANGES: 'CHANGES_REQUESTED', COMMENT: 'COMMENTED' } as const;
    const review: ReviewRecord = {
      id: state.takeId(), pullNumber: pr.number, user: actor, state: event ? states[event as keyof typeof states] : 'PENDING', body: text,
      commitId: typeof body.commit_id === 'string' ? body.commit_id : pr.headSha, submittedAt: event ? state.now() : null, comments,
    };
    state.reviews.push(review);
    return { status: 200, body: reviewShapes.review(review) };
  },

  'pulls/get-review': (ctx) => {
    const review = reviewOf(ctx);
    return review ? { status: 200, body: ctx.reviewShapes.review(review) } : notFound();
  },

  'pulls/list-comments-for-review': (ctx) => {
    const review = reviewOf(ctx);
    return review ? page(ctx, review.comments.map((c) => ctx.reviewShapes.reviewComment(review, c))) : notFound();
  },

  // GitHub answers 404 for a user it does not know; a known user without access has 'none'.
  'repos/get-collaborator-permission-level': ({ params, state, reviewShapes }) => {
    const login = params.username ?? '';
    const role = login === BOT_LOGIN ? 'write' : state.roleOf(login);
    return role ? { status: 200, body: reviewShapes.permission(login, role) } : notFound();
  },
};
