import type { ApprovalClient } from '../adapters/github/approval-client.js';
import { APPROVED_MARKER, approvedComment } from '../approval/gate-comments.js';
import { CrashAutofixError, asStageError } from '../base/errors.js';
import type { MergeMethod } from '../domain/approval.js';
import type { MergeRecord, StateOf } from '../domain/job-state.js';

export interface MergeDeps {
  github: Pick<ApprovalClient, 'getPullRequest' | 'markReadyForReview' | 'mergePullRequest' | 'enableAutoMerge' | 'addComment' | 'listComments'>;
  /** Who approved the gate, as the run's environment reviews (or the person at the terminal) say. */
  reviewers: ReadonlyArray<{ login: string; comment: string }>;
  method: MergeMethod | 'auto';
  runUrl: string | null;
  now: () => Date;
}

const STAGE = 'merge';

/**
 * AWAITING_APPROVAL → APPROVED: takes the draft out of draft, merges it at
 * the commit the gates verified (or turns on auto-merge when branch
 * protection wants checks first), and says on the pull request who approved.
 * A re-run finds the pull request already merged and its comment already
 * there, so nothing happens twice. A branch that moved since the gates ran is
 * refused: what would be merged is not what was verified.
 */
export async function mergeApproved(state: StateOf<'AWAITING_APPROVAL'>, deps: MergeDeps): Promise<StateOf<'APPROVED'>> {
  const { pr } = state;
  try {
    let status = await deps.github.getPullRequest(pr.number);
    let merge: MergeRecord;
    const method = deps.method === 'auto' ? 'squash' : deps.method;
    if (status.merged) {
      merge = { method, auto: false, commit: status.mergeCommitSha, at: deps.now().toISOString() };
    } else {
      if (status.state === 'closed') throw new CrashAutofixError('bad-input', `Pull request #${pr.number} (${pr.url}) was closed without merging after it was approved; nothing was merged. Reopen it and run the approval again, or let it go`);
      if (status.headSha !== pr.commit) {
        throw new CrashAutofixError('bad-input', `Pull request #${pr.number} has moved since its gates ran (head ${status.headSha.slice(0, 12)}, verified ${pr.commit.slice(0, 12)}): the approval was for the verified commit, so nothing was merged. Run the fix again (or revise) so the new head passes the gates`);
      }
      if (status.draft) await deps.github.markReadyForReview(pr.number);
      // GitHub refuses auto-merge when nothing is pending ("clean"): then it is merged at once.
      if (deps.method === 'auto' && status.mergeableState !== 'clean') {
        if (!status.autoMerge) await deps.github.enableAutoMerge(pr.number, method);
        status = await deps.github.getPullRequest(pr.number);
        merge = { method, auto: !status.merged, commit: status.mergeCommitSha, at: deps.now().toISOString() };
      } else {
        const { sha } = await deps.github.mergePullRequest(pr.number, { method, sha: pr.commit });
        merge = { method, auto: false, commit: sha, at: deps.now().toISOString() };
      }
    }
    const comments = await deps.github.listComments(pr.number);
    if (!comments.some((c) => c.body.includes(APPROVED_MARKER))) {
      await deps.github.addComment(pr.number, approvedComment(deps.reviewers, state.gate.environment, deps.runUrl, merge));
    }
    const { status: _from, ...rest } = state;
    return { ...rest, status: 'APPROVED', approval: { reviewers: [...deps.reviewers], at: deps.now().toISOString() }, merge };
  } catch (e) {
    throw asStageError(STAGE, e);
  }
}
