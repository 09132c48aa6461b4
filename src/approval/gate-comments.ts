import type { MergeRecord, Rejection } from '../domain/job-state.js';

/** Marks the comments this tool writes, so a re-run finds its own and does not comment twice. */
export const APPROVED_MARKER = '<!-- crash-autofix:approved -->';
export const REJECTED_MARKER = '<!-- crash-autofix:rejected -->';
export const REJECTED_LABEL = 'crash-fix-rejected';

const quote = (text: string): string =>
  text
    .trim()
    .split('\n')
    .map((l) => `> ${l}`)
    .join('\n');

export function approvedComment(reviewers: ReadonlyArray<{ login: string; comment: string }>, environment: string, runUrl: string | null, merge: MergeRecord): string {
  const who = reviewers.map((r) => `@${r.login}`).join(', ');
  const said = reviewers.filter((r) => r.comment.trim() !== '').map((r) => `@${r.login}:\n${quote(r.comment)}`);
  const merged = merge.auto ? `Auto-merge (${merge.method}) is on: GitHub merges it once the required checks pass.` : `Merged (${merge.method}) as ${merge.commit ?? '?'}.`;
  return [APPROVED_MARKER, `**Approved** by ${who} in the \`${environment}\` environment${runUrl ? ` ([workflow run](${runUrl}))` : ''}. ${merged}`, ...said].join('\n\n');
}

export function rejectedComment(rejection: Rejection, environment: string, runUrl: string | null): string {
  const reason = rejection.reason.trim() === '' ? '_No reason was given in the review dialog._' : quote(rejection.reason);
  return [
    REJECTED_MARKER,
    `**Rejected** by @${rejection.reviewer} in the \`${environment}\` environment${runUrl ? ` ([workflow run](${runUrl}))` : ''}. The pull request is closed; crash-autofix will not open another for signature \`${rejection.signature}\` unless asked (\`fresh\`).`,
    reason,
  ].join('\n\n');
}
