import type { PullRequestReview } from '../domain/approval.js';

/** What a reviewer asked for, as the model reads it: who, then their words. */
export type ReviewInput =
  | { kind: 'review'; review: PullRequestReview }
  | { kind: 'comment'; author: string; text: string };

/**
 * The review body, then each line comment with its file and line; or the text
 * of a `/crash-autofix revise` comment. Untrusted: the engine quotes it.
 */
export function reviewText(input: ReviewInput): string {
  if (input.kind === 'comment') return `@${input.author} commented on the pull request:\n${input.text.trim()}`;
  const { review } = input;
  const lines = [`@${review.reviewer} reviewed the pull request (${review.state.toLowerCase().replace('_', ' ')}).`];
  if (review.body.trim()) lines.push('', 'Review:', review.body.trim());
  if (review.comments.length > 0) {
    lines.push('', 'Comments on lines of the change:');
    for (const c of review.comments) lines.push(`- ${c.path}${c.line === null ? ' (on an outdated line)' : `:${c.line}`}: ${c.body.trim()}`);
  }
  return lines.join('\n');
}

/** True when the review says anything to act on. */
export function hasReviewText(review: PullRequestReview): boolean {
  return review.body.trim() !== '' || review.comments.some((c) => c.body.trim() !== '');
}
