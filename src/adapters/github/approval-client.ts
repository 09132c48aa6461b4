/**
 * The view of GitHub the approval gate and the review loop need: the run's
 * environment reviews, the environment's protection, and the pull request's
 * state, merge, close, comments and reviews. Implemented by
 * OctokitGitHubClient; stages ask for `Pick<ApprovalClient, ...>`.
 */
import type { EnvironmentProtection, EnvironmentReview, MergeMethod, PullRequestReview, PullRequestStatus, RepositoryPermission } from '../../domain/approval.js';

export interface ApprovalClient {
  /** `owner/repo`. */
  readonly repository: string;
  /** `GET /repos/{o}/{r}/actions/runs/{run_id}/approvals`: every environment decision on the run, oldest first. */
  runApprovals(runId: number): Promise<EnvironmentReview[]>;
  /**
   * `GET /repos/{o}/{r}/environments/{name}`: its required reviewers. Null
   * when it does not exist. `readable: false` when the token may not read it
   * (403), so the caller can say what it could not check.
   */
  environment(name: string): Promise<EnvironmentProtection | null>;
  getPullRequest(number: number): Promise<PullRequestStatus>;
  /** GraphQL `markPullRequestReadyForReview`: REST cannot take a pull request out of draft. */
  markReadyForReview(number: number): Promise<void>;
  /**
   * `PUT /repos/{o}/{r}/pulls/{n}/merge` with `sha` as the head it must
   * still have. Throws a `GitHubError` naming why GitHub refused (405 not
   * mergeable, 409 head moved, 403 protection).
   */
  mergePullRequest(number: number, options: { method: MergeMethod; sha: string; title?: string }): Promise<{ sha: string }>;
  /** GraphQL `enablePullRequestAutoMerge`: merged by GitHub once the required checks pass. */
  enableAutoMerge(number: number, method: MergeMethod): Promise<void>;
  /** `PATCH /repos/{o}/{r}/pulls/{n}` with `state: closed`. */
  closePullRequest(number: number): Promise<void>;
  /** `POST /repos/{o}/{r}/issues/{n}/comments`. */
  addComment(number: number, body: string): Promise<{ url: string }>;
  /** The bodies of the comments on the issue or pull request, oldest first (to avoid a second comment on a re-run). */
  listComments(number: number): Promise<Array<{ id: number; author: string; body: string }>>;
  /** A review of the pull request with its line comments. */
  getReview(number: number, reviewId: number): Promise<PullRequestReview>;
  /** `GET /repos/{o}/{r}/collaborators/{user}/permission`. */
  permissionOf(user: string): Promise<RepositoryPermission>;
}
