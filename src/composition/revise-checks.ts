/**
 * What `revise` checks before it asks the model anything: who asks, on which
 * pull request, for what, and that the pull request is one this tool opened
 * and still holds exactly what it pushed. Each refusal is one line; nothing
 * has changed when one is thrown.
 */
import type { ApprovalClient } from '../adapters/github/approval-client.js';
import { hasReviewText } from '../analysis/review-text.js';
import { requestFromEvent } from '../approval/revise-request.js';
import { CrashAutofixError } from '../base/errors.js';
import type { PullRequestStatus } from '../domain/approval.js';
import type { JobRecord, StateOf } from '../domain/job-state.js';
import { FIX_BRANCH_PREFIX, jobIdOfBody, signatureOfBody } from '../domain/signature-trailer.js';
import type { Settings } from '../settings/build-settings.js';
import type { ReviseRequest } from './revise-route.js';

export type ReviseClient = Pick<ApprovalClient, 'repository' | 'getPullRequest' | 'addComment' | 'listComments' | 'getReview' | 'permissionOf'>;

type Pending = { prNumber: number } & ({ kind: 'review'; reviewId: number } | { kind: 'comment'; id: number; author: string; text: string });

const WRITERS = ['admin', 'maintain', 'write'];
/** The states a revision passes through after the review went to the model. */
export const REVISION_STATES = ['FIX_GENERATED', 'APPLYING_FIX', 'COMPILING', 'TESTING', 'VERIFIED'] as const;

const name = (settings: Settings, key: string): string => (settings.origin === 'cli' ? `--${key}` : `'${key}'`);

/** The pull request and the review or comment: from the settings, else from the workflow's event; a string when the event asks nothing. */
export function pendingRequest(settings: Settings, event: { name: string; payload: unknown } | null): Pending | string {
  const fromEvent = event === null ? null : requestFromEvent(event.name, event.payload);
  if (fromEvent?.kind === 'ignored' && settings.reviewId === null) return fromEvent.why;
  const eventPr = fromEvent !== null && fromEvent.kind !== 'ignored' ? fromEvent.prNumber : null;
  const prNumber = settings.prNumber ?? eventPr;
  if (prNumber === null) throw new CrashAutofixError('config', `${name(settings, 'pr-number')} is required: the number of the crash-autofix pull request to revise`);
  if (settings.reviewId !== null) return { prNumber, kind: 'review', reviewId: settings.reviewId };
  if (fromEvent?.kind === 'review') return { prNumber, kind: 'review', reviewId: fromEvent.reviewId };
  if (fromEvent?.kind === 'comment') {
    if (fromEvent.text === '') throw new CrashAutofixError('bad-input', `Comment ${fromEvent.id} says '/crash-autofix revise' but not what to change; write the request after it`);
    return { ...fromEvent, prNumber };
  }
  throw new CrashAutofixError('config', `${name(settings, 'review-id')} is required: the id of the review whose requested changes to make`);
}

/** Only users who could push the change themselves may have the model make it. */
export async function checkActor(settings: Settings, github: Pick<ReviseClient, 'permissionOf' | 'repository'>, info: (m: string) => void): Promise<void> {
  if (settings.actor === null) {
    if (settings.origin === 'action') throw new CrashAutofixError('config', 'GITHUB_ACTOR is not set, so who asked for the revision is unknown; run revise in a GitHub Actions job');
    info("GITHUB_ACTOR is not set: the revision is made with the token's own permissions");
    return;
  }
  const permission = await github.permissionOf(settings.actor);
  if (!WRITERS.includes(permission)) {
    throw new CrashAutofixError('policy', `@${settings.actor} has '${permission}' permission on ${github.repository}; revise acts only for users with write, maintain or admin permission. Nothing was changed`);
  }
}

/** The pull request is this tool's (branch prefix and signature trailer) and names its job. */
export function ownPullRequest(pr: PullRequestStatus): { signature: string; jobId: string } {
  const signature = signatureOfBody(pr.body);
  if (!pr.headRef.startsWith(FIX_BRANCH_PREFIX) || signature === null) {
    const why = pr.headRef.startsWith(FIX_BRANCH_PREFIX) ? 'its body has no Crash-Signature trailer' : `its branch '${pr.headRef}' does not start with '${FIX_BRANCH_PREFIX}'`;
    throw new CrashAutofixError('policy', `Pull request #${pr.number} was not opened by crash-autofix (${why}); revise changes only its own pull requests. Nothing was changed`);
  }
  if (pr.state !== 'open') throw new CrashAutofixError('bad-input', `Pull request #${pr.number} is ${pr.merged ? 'merged' : 'closed'}; only an open pull request can be revised`);
  const jobId = jobIdOfBody(pr.body);
  if (jobId === null) throw new CrashAutofixError('bad-input', `Pull request #${pr.number} names no crash-autofix job (no Crash-Autofix-Job trailer: an older version opened it); run 'fix' for the crash again to update it, then revise`);
  return { signature, jobId };
}

/** The review's body and line comments, or the comment's text, with who asked. */
export async function fetchRequest(pending: Pending, github: Pick<ReviseClient, 'getReview'>): Promise<ReviseRequest> {
  if (pending.kind === 'comment') {
    return { input: { kind: 'comment', author: pending.author, text: pending.text }, asked: { kind: 'comment', id: pending.id, author: pending.author } };
  }
  const review = await github.getReview(pending.prNumber, pending.reviewId);
  if (!hasReviewText(review)) throw new CrashAutofixError('bad-input', `Review ${review.id} on #${pending.prNumber} has no text and no line comments, so there is nothing to change; say what to change in the review or in a '/crash-autofix revise' comment`);
  return { input: { kind: 'review', review }, asked: { kind: 'review', id: review.id, author: review.reviewer } };
}

/** Where the job is for this pull request: waiting for review (start), or in a revision that stopped (resume). */
export type JobPosition =
  | { position: 'start'; state: StateOf<'PR_CREATED'> | StateOf<'AWAITING_APPROVAL'> }
  | { position: 'resume'; state: StateOf<(typeof REVISION_STATES)[number]> };

export function jobPosition(record: JobRecord, pr: PullRequestStatus, signature: string): JobPosition {
  const state = record.state.status === 'FAILED' ? record.state.resumeFrom : record.state;
  const where = `Job ${record.jobId} of pull request #${pr.number}`;
  if (!('report' in state) || state.report.signature !== signature) throw new CrashAutofixError('bad-input', `${where} is about another crash than the pull request's Crash-Signature ${signature}; nothing was changed`);
  if (state.status === 'PR_CREATED' || state.status === 'AWAITING_APPROVAL') {
    if (state.pr.number !== pr.number) throw new CrashAutofixError('bad-input', `${where} published pull request #${state.pr.number}, not #${pr.number}; nothing was changed`);
    if (pr.headSha !== state.pr.commit) {
      throw new CrashAutofixError('policy', `The branch of #${pr.number} is at ${pr.headSha.slice(0, 12)}, not at ${state.pr.commit.slice(0, 12)} that crash-autofix pushed: someone else changed it, so revise leaves it to them. Nothing was changed`);
    }
    return { state, position: 'start' };
  }
  const inRevision = state.status === 'FIX_GENERATED' || state.status === 'APPLYING_FIX' || state.status === 'COMPILING' || state.status === 'TESTING' || state.status === 'VERIFIED';
  if (inRevision && state.revision !== undefined) return { state, position: 'resume' };
  throw new CrashAutofixError('bad-input', `${where} is ${state.status}; only a fix whose pull request waits for review can be revised`);
}
