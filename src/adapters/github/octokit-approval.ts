/**
 * The approval gate's and the review loop's calls to GitHub through the real
 * Octokit: a run's environment reviews, an environment's protection, a pull
 * request's status, ready-for-review, merge, auto-merge, close, comments,
 * reviews, and a user's permission. OctokitGitHubClient delegates here.
 */
import type { getOctokit } from '@actions/github';
import type { EnvironmentProtection, EnvironmentReview, MergeableState, MergeMethod, PullRequestReview, PullRequestStatus, RepositoryPermission } from '../../domain/approval.js';
import type { ApprovalClient } from './approval-client.js';
import { toGitHubError, toGraphqlGitHubError, type FailureContext, type GitHubError } from './github-error.js';

type Octokit = ReturnType<typeof getOctokit>;

export interface ApprovalConnection {
  token: string;
  baseUrl: string;
  owner: string;
  repo: string;
}

/** Reading a run's approvals and an environment: `actions: read` for the workflow's token. */
const ACTIONS_READ = 'actions: read';
const PR_READ = 'pull-requests: read';
const PR_WRITE = 'pull-requests: write';
/** Merging writes the base branch. */
const CONTENTS_WRITE = 'contents: write';
/** A collaborator's permission is repository metadata, which any repository permission includes. */
const CONTENTS_READ = 'contents: read';

const MERGEABLE_STATES: readonly MergeableState[] = ['clean', 'blocked', 'behind', 'dirty', 'draft', 'has_hooks', 'unstable', 'unknown'];
const PERMISSIONS: readonly RepositoryPermission[] = ['admin', 'maintain', 'write', 'triage', 'read', 'none'];
const REVIEW_STATES: readonly PullRequestReview['state'][] = ['APPROVED', 'CHANGES_REQUESTED', 'COMMENTED', 'DISMISSED', 'PENDING'];

const READY_FOR_REVIEW = `mutation($pullRequestId: ID!) {
  markPullRequestReadyForReview(input: {pullRequestId: $pullRequestId}) { pullRequest { isDraft } }
}`;
const ENABLE_AUTO_MERGE = `mutation($pullRequestId: ID!, $mergeMethod: PullRequestMergeMethod!) {
  enablePullRequestAutoMerge(input: {pullRequestId: $pullRequestId, mergeMethod: $mergeMethod}) { pullRequest { autoMergeRequest { mergeMethod } } }
}`;

export class OctokitApproval implements ApprovalClient {
  readonly repository: string;

  constructor(
    private readonly octokit: Octokit,
    private readonly connection: ApprovalConnection,
  ) {
    this.repository = `${connection.owner}/${connection.repo}`;
  }

  async runApprovals(runId: number): Promise<EnvironmentReview[]> {
    const answer = await this.call(`read the approvals of workflow run ${runId}`, ACTIONS_READ, () => this.octokit.rest.actions.getReviewsForRun({ ...this.repo(), run_id: runId }));
    return answer.data.flatMap((a): EnvironmentReview[] =>
      a.state === 'approved' || a.state === 'rejected'
        ? [{ environments: a.environments.map((e) => e.name ?? '').filter(Boolean), state: a.state, reviewer: a.user.login, comment: a.comment }]
        : [],
    );
  }

  async environment(name: string): Promise<EnvironmentProtection | null> {
    try {
      const { data } = await this.octokit.rest.repos.getEnvironment({ ...this.repo(), environment_name: name });
      const reviewers = (data.protection_rules ?? [])
        .filter((rule) => rule.type === 'required_reviewers')
        .flatMap((rule) => ('reviewers' in rule ? (rule.reviewers ?? []) : []))
        .flatMap(({ type, reviewer }): EnvironmentProtection['requiredReviewers'] => {
          if (type === 'Team' && reviewer && 'slug' in reviewer) return [{ type: 'Team', name: reviewer.slug }];
          if (type === 'User' && reviewer && 'login' in reviewer) return [{ type: 'User', name: reviewer.login }];
          return [];
        });
      return { name: data.name, requiredReviewers: reviewers, readable: true };
    } catch (error) {
      const failure = this.failure(error, `read the environment '${name}'`, ACTIONS_READ);
      if (failure.status === 404) return null;
      // A rate limit is a 403 too; only a refusal means the rules are hidden from this token.
      if (failure.status === 403 && !failure.retryable) return { name, requiredReviewers: [], readable: false };
      throw failure;
    }
  }

  async getPullRequest(number: number): Promise<PullRequestStatus> {
    return (await this.pull(number)).status;
  }

  async markReadyForReview(number: number): Promise<void> {
    const { status, nodeId } = await this.pull(number);
    if (!status.draft) return;
    await this.graphql(`mark pull request #${number} ready for review`, PR_WRITE, READY_FOR_REVIEW, { pullRequestId: nodeId });
  }

  async mergePullRequest(number: number, options: { method: MergeMethod; sha: string; title?: string }): Promise<{ sha: string }> {
    const explain = (status: number, said: string): string | undefined => {
      if (status === 409) return `its head is no longer ${options.sha.slice(0, 12)}, the commit that was approved: the branch moved after the approval, so nothing was merged`;
      if (status !== 405) return undefined;
      if (/draft/i.test(said)) return 'mark it ready for review first';
      if (/status check/i.test(said)) return 'branch protection requires status checks that have not passed; wait for them, or use auto-merge so GitHub merges it when they pass';
      if (/review/i.test(said)) return 'branch protection requires approving reviews on the pull request itself';
      return 'it is closed, already merged or has conflicts; look at the pull request on GitHub';
    };
    const merged = await this.call(`merge pull request #${number}`, CONTENTS_WRITE, () =>
      this.octokit.rest.pulls.merge({ ...this.repo(), pull_number: number, merge_method: options.method, sha: options.sha, ...(options.title ? { commit_title: options.title } : {}) }),
    explain);
    return { sha: merged.data.sha };
  }

  async enableAutoMerge(number: number, method: MergeMethod): Promise<void> {
    const { nodeId } = await this.pull(number);
    const advise = (message: string): string | undefined => {
      if (/auto merge is not allowed/i.test(message)) return "turn on 'Allow auto-merge' in the repository's settings (General, Pull Requests), or merge it directly";
      if (/clean status/i.test(message)) return 'no required check is pending, so there is nothing to wait for: merge it directly';
      if (/protected branch rules not configured/i.test(message)) return 'the base branch has no protection rule with required checks: merge it directly';
      return undefined;
    };
    // GraphQL's auto-merge needs both: it writes the pull request and later the base branch.
    await this.graphql(`enable auto-merge on pull request #${number}`, `${PR_WRITE}' and '${CONTENTS_WRITE}`, ENABLE_AUTO_MERGE, { pullRequestId: nodeId, mergeMethod: method.toUpperCase() }, advise);
  }

  async closePullRequest(number: number): Promise<void> {
    await this.call(`close pull request #${number}`, PR_WRITE, () => this.octokit.rest.pulls.update({ ...this.repo(), pull_number: number, state: 'closed' }));
  }

  async addComment(number: number, body: string): Promise<{ url: string }> {
    const created = await this.call(`comment on #${number}`, PR_WRITE, () => this.octokit.rest.issues.createComment({ ...this.repo(), issue_number: number, body }));
    return { url: created.data.html_url };
  }

  async listComments(number: number): Promise<Array<{ id: number; author: string; body: string }>> {
    const comments = await this.call(`read the comments on #${number}`, PR_READ, () =>
      this.octokit.paginate(this.octokit.rest.issues.listComments, { ...this.repo(), issue_number: number, per_page: 100 }),
    );
    return comments.map((c) => ({ id: c.id, author: c.user?.login ?? '', body: c.body ?? '' }));
  }

  async getReview(number: number, reviewId: number): Promise<PullRequestReview> {
    const action = `read review ${reviewId} of pull request #${number}`;
    const review = await this.call(action, PR_READ, () => this.octokit.rest.pulls.getReview({ ...this.repo(), pull_number: number, review_id: reviewId }));
    const comments = await this.call(action, PR_READ, () =>
      this.octokit.paginate(this.octokit.rest.pulls.listCommentsForReview, { ...this.repo(), pull_number: number, review_id: reviewId, per_page: 100 }),
    );
    const state = REVIEW_STATES.find((s) => s === review.data.state) ?? 'COMMENTED';
    return {
      id: review.data.id,
      reviewer: review.data.user?.login ?? '',
      state,
      body: review.data.body,
      // `line` is null once the commented line is outdated; `original_line` still says where it was.
      comments: comments.map((c) => ({ path: c.path, line: c.line ?? c.original_line ?? null, body: c.body })),
    };
  }

  async permissionOf(user: string): Promise<RepositoryPermission> {
    try {
      const { data } = await this.octokit.rest.repos.getCollaboratorPermissionLevel({ ...this.repo(), username: user });
      // role_name keeps maintain and triage, which `permission` folds into write and read; custom roles fall back to `permission`.
      return PERMISSIONS.find((p) => p === data.role_name) ?? PERMISSIONS.find((p) => p === data.permission) ?? 'none';
    } catch (error) {
      const failure = this.failure(error, `read ${user}'s permission on ${this.repository}`, CONTENTS_READ);
      if (failure.status === 404) return 'none';
      throw failure;
    }
  }

  private async pull(number: number): Promise<{ status: PullRequestStatus; nodeId: string }> {
    const { data } = await this.call(`read pull request #${number}`, PR_READ, () => this.octokit.rest.pulls.get({ ...this.repo(), pull_number: number }));
    const mergeableState = MERGEABLE_STATES.find((s) => s === data.mergeable_state) ?? 'unknown';
    return {
      nodeId: data.node_id,
      status: {
        number: data.number, url: data.html_url, state: data.state === 'closed' ? 'closed' : 'open', draft: data.draft ?? false,
        merged: data.merged, mergeCommitSha: data.merged ? data.merge_commit_sha : null, headRef: data.head.ref, headSha: data.head.sha, baseRef: data.base.ref,
        body: data.body ?? '', autoMerge: data.auto_merge !== null, mergeableState,
      },
    };
  }

  private async graphql(action: string, permission: string, query: string, variables: Record<string, string>, advise?: (message: string) => string | undefined): Promise<void> {
    try {
      await this.octokit.graphql(query, variables);
    } catch (error) {
      throw toGraphqlGitHubError(error, { ...this.context(action, permission), ...(advise ? { advise } : {}) });
    }
  }

  private repo(): { owner: string; repo: string } {
    return { owner: this.connection.owner, repo: this.connection.repo };
  }

  private context(action: string, permission: string): FailureContext {
    return { action, permission, token: this.connection.token, baseUrl: this.connection.baseUrl };
  }

  private failure(error: unknown, action: string, permission: string): GitHubError {
    return toGitHubError(error, this.context(action, permission));
  }

  private async call<T>(action: string, permission: string, run: () => Promise<T>, explain?: FailureContext['explain']): Promise<T> {
    try {
      return await run();
    } catch (error) {
      throw toGitHubError(error, { ...this.context(action, permission), ...(explain ? { explain } : {}) });
    }
  }
}
