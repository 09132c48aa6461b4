import type { ApprovalClient } from '../adapters/github/approval-client.js';
import { commentOnce } from '../adapters/github/comment-once.js';
import type { Rollback } from '../domain/release.js';

/** One per environment: a re-run finds it and does not comment again. */
export function rolledBackMarker(environment: string): string {
  return `<!-- crash-autofix:rolled-back:${environment} -->`;
}
export const DEPLOYED_MARKER = '<!-- crash-autofix:deployed -->';

/** The pull request's comment when its fix is rolled back: the reason, the dump's signature, the new intake jobs. */
export function rolledBackComment(rollback: Rollback, environment: string, runUrl: string | null): string {
  const lines = [
    rolledBackMarker(environment),
    `### crash-autofix: rolled back from ${environment}`,
    '',
    `**Why:** ${rollback.reason}`,
  ];
  if (rollback.dumpSignature !== null) lines.push(`**Dump during the run:** \`${rollback.dumpSignature}\``);
  if (rollback.newJobs.length > 0) lines.push(`**New crash, new intake job:** ${rollback.newJobs.map((j) => `\`${j}\``).join(', ')}`);
  lines.push(`**Rollback:** ${rollback.commandExitCode === null ? 'no rollback-command set; the target keeps this build' : rollback.commandExitCode === 0 ? 'the previous build is back' : `the rollback command exited ${rollback.commandExitCode}; check the target`}`);
  if (runUrl) lines.push('', `[Workflow run](${runUrl})`);
  return `${lines.join('\n')}\n`;
}

export function deployedComment(environment: string, version: string, runUrl: string | null): string {
  return `${DEPLOYED_MARKER}\n### crash-autofix: in ${environment}\n\nThe fix runs in \`${environment}\` as release \`${version}\`.${runUrl ? `\n\n[Workflow run](${runUrl})` : ''}\n`;
}

/** One comment per marker on the pull request, also across re-runs; one that cannot be made is a warning, not a failed release. */
export async function sayOnce(comments: Pick<ApprovalClient, 'addComment' | 'listComments'> | null, log: { warning(message: string): void }, pr: number, marker: string, body: string): Promise<void> {
  if (comments === null) return;
  try {
    await commentOnce(comments, pr, marker, () => body);
  } catch (error) {
    log.warning(`Could not comment on #${pr}: ${error instanceof Error ? error.message : String(error)}`);
  }
}
