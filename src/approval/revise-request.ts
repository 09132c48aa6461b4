import { z } from 'zod';
import { CrashAutofixError } from '../base/errors.js';

/** The comment that asks for a revision: `/crash-autofix revise <what to change>`. */
export const REVISE_COMMAND = '/crash-autofix revise';

/** What started `revise` in Actions: a submitted review, or a command comment on a pull request. */
export type EventRequest =
  | { kind: 'review'; prNumber: number; reviewId: number }
  | { kind: 'comment'; prNumber: number; id: number; author: string; text: string }
  /** An event with nothing to do (a comment that is not the command, a comment on an issue). */
  | { kind: 'ignored'; why: string };

const ReviewEvent = z.object({ review: z.object({ id: z.number().int().positive() }), pull_request: z.object({ number: z.number().int().positive() }) });
const CommentEvent = z.object({
  issue: z.object({ number: z.number().int().positive(), pull_request: z.unknown().optional() }),
  comment: z.object({ id: z.number().int().positive(), body: z.string().nullable(), user: z.object({ login: z.string() }) }),
});

/**
 * The request in the workflow's event file: `pull_request_review` gives the
 * review, `issue_comment` the comment's text after the command.
 */
export function requestFromEvent(eventName: string, event: unknown): EventRequest {
  if (eventName === 'pull_request_review') {
    const parsed = ReviewEvent.safeParse(event);
    if (!parsed.success) throw new CrashAutofixError('bad-input', "The workflow's pull_request_review event has no review id or pull request number; give 'review-id' and 'pr-number'");
    return { kind: 'review', prNumber: parsed.data.pull_request.number, reviewId: parsed.data.review.id };
  }
  if (eventName === 'issue_comment') {
    const parsed = CommentEvent.safeParse(event);
    if (!parsed.success) throw new CrashAutofixError('bad-input', "The workflow's issue_comment event has no comment or issue; give 'review-id' and 'pr-number'");
    const { issue, comment } = parsed.data;
    if (issue.pull_request === undefined || issue.pull_request === null) return { kind: 'ignored', why: `#${issue.number} is an issue, not a pull request` };
    const text = commandText(comment.body ?? '');
    if (text === null) return { kind: 'ignored', why: `comment ${comment.id} does not start with '${REVISE_COMMAND}'` };
    return { kind: 'comment', prNumber: issue.number, id: comment.id, author: comment.user.login, text };
  }
  throw new CrashAutofixError('config', `'revise' runs on pull_request_review or issue_comment events, not '${eventName}'; give 'pr-number' and 'review-id' for another trigger`);
}

/** The text after `/crash-autofix revise` on the comment's first line and below; null when the comment is not the command. */
export function commandText(body: string): string | null {
  const trimmed = body.trimStart();
  if (!trimmed.toLowerCase().startsWith(REVISE_COMMAND)) return null;
  const rest = trimmed.slice(REVISE_COMMAND.length);
  // `/crash-autofix revised` is another word, not the command.
  if (rest !== '' && !/^\s/.test(rest)) return null;
  return rest.trim();
}
