import type { ApprovalClient } from '../adapters/github/approval-client.js';
import type { GitHubClient } from '../adapters/github/github-client.js';
import { REJECTED_LABEL, REJECTED_MARKER, rejectedComment } from '../approval/gate-comments.js';
import { asStageError } from '../base/errors.js';
import { culpritModule } from '../domain/crash-lessons.js';
import type { Rejection, StateOf } from '../domain/job-state.js';

export interface RejectionDeps {
  github: Pick<ApprovalClient, 'getPullRequest' | 'closePullRequest' | 'addComment' | 'listComments'> & Pick<GitHubClient, 'addLabels'>;
  /** The reviewer who rejected the gate and what they wrote. */
  rejected: { reviewer: string; comment: string };
  runUrl: string | null;
  now: () => Date;
}

const STAGE = 'reject';

/**
 * AWAITING_APPROVAL → REJECTED: closes the pull request with a comment that
 * quotes the reviewer, labels it `crash-fix-rejected`, and records the
 * rejection (reviewer, reason, signature, module) in the job record, where
 * the crash database and the lessons read it. Each step is skipped when a
 * re-run finds it done.
 */
export async function recordRejection(state: StateOf<'AWAITING_APPROVAL'>, deps: RejectionDeps): Promise<StateOf<'REJECTED'>> {
  const { pr, report } = state;
  const rejection: Rejection = {
    reviewer: deps.rejected.reviewer,
    reason: deps.rejected.comment,
    signature: report.signature,
    module: culpritModule(report),
    at: deps.now().toISOString(),
  };
  try {
    const comments = await deps.github.listComments(pr.number);
    if (!comments.some((c) => c.body.includes(REJECTED_MARKER))) await deps.github.addComment(pr.number, rejectedComment(rejection, state.gate.environment, deps.runUrl));
    await deps.github.addLabels(pr.number, [REJECTED_LABEL]);
    const status = await deps.github.getPullRequest(pr.number);
    if (status.state === 'open') await deps.github.closePullRequest(pr.number);
  } catch (e) {
    throw asStageError(STAGE, e);
  }
  const { status: _from, ...rest } = state;
  return { ...rest, status: 'REJECTED', rejection };
}
