import { CrashAutofixError, asStageError } from '../errors.js';
import { fixTitle, renderPullRequestBody } from '../fix/render-pull-request.js';
import type { CommitAuthor, GitClient } from '../git/git-client.js';
import type { PullRequestOutcome, PullRequestPlan } from '../github/open-pull-request.js';
import type { Gates, StateOf } from '../pipeline/state.js';
import { runGates, type GateDeps } from './run-gates.js';

export interface PublishDeps {
  /** Locks the workspace and makes sure the work tree holds this job's built fix (rebuilt when it had to be restored). */
  ensureTree: (worktree: StateOf<'TESTING'>['worktree']) => Promise<unknown>;
  gates: GateDeps;
  git: () => Promise<Pick<GitClient, 'commitAll' | 'pushBranch' | 'currentBranch'>>;
  openPullRequest: (plan: Omit<PullRequestPlan, 'github'>) => Promise<PullRequestOutcome>;
  repoDir: string;
  baseBranch: string | null;
  remote: string;
  pushToken: string | null;
  author: CommitAuthor;
  labels: readonly string[];
  reviewers: readonly string[];
  teamReviewers: readonly string[];
  assignees: readonly string[];
  runUrl: string | null;
  warn: (message: string) => void;
}

const STAGE = 'publish';

/**
 * TESTING → PR_CREATED: runs the gates, commits the fix on its branch with a
 * `Crash-Signature` trailer, pushes it and opens (or updates) the draft pull
 * request. Re-runs are safe: the branch is replaced with a lease and the pull
 * request is found by its head branch.
 */
export async function publishFix(state: StateOf<'TESTING'>, deps: PublishDeps): Promise<StateOf<'PR_CREATED'>> {
  try {
    await deps.ensureTree(state.worktree);
  } catch (e) {
    throw asStageError(STAGE, e);
  }
  const gates: Gates = await runGates(state, deps.gates);
  const title = fixTitle(state.report, state.analysis);
  const body = renderPullRequestBody({ report: state.report, analysis: state.analysis, worktree: state.worktree, build: state.build, gates, runUrl: deps.runUrl });
  try {
    const git = await deps.git();
    const base = deps.baseBranch ?? (await git.currentBranch(deps.repoDir));
    if (base === null) throw new CrashAutofixError('config', "The checkout is on a detached HEAD; set 'base-branch' to the branch the pull request should target");
    const message = `${title}\n\n${state.analysis.proposal.root_cause.summary}\n\nCrash-Signature: ${state.report.signature}\n`;
    const commit = await git.commitAll(state.worktree.dir, message, deps.author);
    await git.pushBranch(state.worktree.dir, deps.remote, state.worktree.branch, { forceWithLease: true, ...(deps.pushToken ? { token: deps.pushToken } : {}) });
    const severity = state.analysis.proposal.root_cause.severity;
    const outcome = await deps.openPullRequest({
      signature: state.report.signature,
      headBranch: state.worktree.branch,
      baseBranch: base,
      title,
      body,
      labels: ['automated-fix', 'crash-fix', 'needs-review', `severity:${severity}`, ...deps.labels],
      reviewers: deps.reviewers,
      teamReviewers: deps.teamReviewers,
      assignees: deps.assignees,
    });
    for (const w of outcome.warnings) deps.warn(w);
    const { status: _from, ...rest } = state;
    return {
      ...rest,
      status: 'PR_CREATED',
      gates,
      pr: {
        number: outcome.pr.number,
        url: outcome.pr.url,
        action: outcome.action,
        commit,
        regressionOf: outcome.regressionOf ? { number: outcome.regressionOf.number, url: outcome.regressionOf.url } : null,
      },
    };
  } catch (e) {
    throw asStageError(STAGE, e);
  }
}
