import type { Checkpoint } from '../domain/stage.js';
import { CrashAutofixError, asStageError } from '../base/errors.js';
import { fixTitle, renderPullRequestBody } from '../publish/render-pull-request.js';
import type { CommitAuthor, GitClient } from '../adapters/git/git-client.js';
import type { PullRequestOutcome, PullRequestPlan } from '../publish/open-pull-request.js';
import type { Publication, StateOf, Worktree } from '../domain/job-state.js';

export interface PublishDeps {
  /** Locks the workspace and makes sure the work tree holds this job's fix (its files; no rebuild). */
  ensureTree: (worktree: Worktree) => Promise<unknown>;
  git: () => Promise<Pick<GitClient, 'commitFiles' | 'changedPaths' | 'moveBranchKeepingFiles' | 'pushBranch' | 'currentBranch'>>;
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
  now: () => Date;
  warn: (message: string) => void;
  /** Named in the pull request's `Crash-Autofix-Job` trailer, for `revise`. */
  jobId?: string;
}

const STAGE = 'publish';

/**
 * VERIFIED → PR_CREATED: commits exactly the edited files on the fix branch
 * with a `Crash-Signature` trailer, checks the commit holds nothing else,
 * pushes it (checkpointed: a re-run after a failed pull request call only
 * opens the pull request) and opens or updates the draft pull request, which
 * is found by its head branch, so there is never a second one.
 */
export async function publishFix(state: StateOf<'VERIFIED'>, deps: PublishDeps, checkpoint: Checkpoint<'VERIFIED'>): Promise<StateOf<'PR_CREATED'>> {
  const title = fixTitle(state.report, state.analysis);
  try {
    const git = await deps.git();
    const base = deps.baseBranch ?? (await git.currentBranch(deps.repoDir));
    if (base === null) throw new CrashAutofixError('config', "The checkout is on a detached HEAD; set 'base-branch' to the branch the pull request should target");
    let publication = state.publication;
    if (publication === null) {
      publication = await commitAndPush(state, deps, git, title);
      await checkpoint({ ...state, publication });
    }
    const body = renderPullRequestBody({ report: state.report, analysis: state.analysis, worktree: state.worktree, build: state.build, gates: state.gates, runUrl: deps.runUrl, revision: state.revision?.count ?? 0 });
    const outcome = await deps.openPullRequest({
      signature: state.report.signature,
      headBranch: state.worktree.branch,
      baseBranch: base,
      title,
      body,
      jobId: deps.jobId ?? null,
      labels: ['automated-fix', 'crash-fix', 'needs-review', `severity:${state.analysis.proposal.root_cause.severity}`, ...deps.labels],
      reviewers: deps.reviewers,
      teamReviewers: deps.teamReviewers,
      assignees: deps.assignees,
    });
    for (const w of outcome.warnings) deps.warn(w);
    const { status: _from, ...rest } = state;
    return {
      ...rest,
      status: 'PR_CREATED',
      publication,
      pr: {
        number: outcome.pr.number,
        url: outcome.pr.url,
        action: outcome.action,
        commit: publication.commit,
        regressionOf: outcome.regressionOf ? { number: outcome.regressionOf.number, url: outcome.regressionOf.url } : null,
      },
    };
  } catch (e) {
    throw asStageError(STAGE, e);
  }
}

async function commitAndPush(state: StateOf<'VERIFIED'>, deps: PublishDeps, git: Awaited<ReturnType<PublishDeps['git']>>, title: string): Promise<Publication> {
  const { worktree } = state;
  await deps.ensureTree(worktree);
  const files = worktree.files.map((f) => f.path);
  const message = `${title}\n\n${state.analysis.proposal.root_cause.summary}\n\nCrash-Signature: ${state.report.signature}\n`;
  const commit = await git.commitFiles(worktree.dir, files, message, deps.author);
  // The last look before anything leaves the machine: the commit holds the accepted edits and nothing else.
  const changed = await git.changedPaths(worktree.dir, worktree.baseCommit, commit);
  const unexpected = changed.filter((p) => !files.includes(p));
  const absent = files.filter((p) => !changed.includes(p));
  if (unexpected.length > 0 || absent.length > 0) {
    await git.moveBranchKeepingFiles(worktree.dir, worktree.baseCommit);
    const what = [
      unexpected.length > 0 ? `files no edit touched: ${unexpected.slice(0, 5).join(', ')}` : '',
      absent.length > 0 ? `edited files missing: ${absent.slice(0, 5).join(', ')}` : '',
    ].filter(Boolean).join('; ');
    throw new CrashAutofixError('policy', `Push refused: the fix commit does not match the accepted edits (${what}); nothing was pushed. Run the job again with --fresh`);
  }
  await git.pushBranch(worktree.dir, deps.remote, worktree.branch, { forceWithLease: true, ...(deps.pushToken ? { token: deps.pushToken } : {}) });
  return { commit, pushedAt: deps.now().toISOString() };
}
