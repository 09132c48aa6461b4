import type { ApprovalClient } from './approval-client.js';

/** Comments on the issue or pull request unless a comment with `marker` is there: a re-run writes no second one. */
export async function commentOnce(github: Pick<ApprovalClient, 'listComments' | 'addComment'>, number: number, marker: string, body: () => string): Promise<void> {
  const comments = await github.listComments(number);
  if (comments.some((c) => c.body.includes(marker))) return;
  await github.addComment(number, body());
}
