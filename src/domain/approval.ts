/**
 * What GitHub says about the approval gate of a workflow run and the pull
 * requests behind it, as the approve, reject and revise commands read it.
 * Plain data; the GitHub adapter fills it in.
 */

/** One reviewer's decision on a run's deployment to one or more environments (the approvals endpoint). */
export interface EnvironmentReview {
  /** The environments this decision covered. */
  environments: string[];
  state: 'approved' | 'rejected';
  reviewer: string;
  /** What the reviewer wrote in the review dialog; '' when nothing. */
  comment: string;
}

/** An environment's protection, as far as the token may read it. */
export interface EnvironmentProtection {
  name: string;
  /** Users and teams that must approve; empty: anyone with access runs straight through. */
  requiredReviewers: Array<{ type: 'User' | 'Team'; name: string }>;
  /** Whether the token could read the rules at all (fine-grained tokens need `Environments: read`). */
  readable: boolean;
}

export interface PullRequestStatus {
  number: number;
  url: string;
  state: 'open' | 'closed';
  draft: boolean;
  merged: boolean;
  /** The merge commit once merged; null before. */
  mergeCommitSha: string | null;
  headRef: string;
  headSha: string;
  /** The branch it targets. */
  baseRef: string;
  body: string;
  /** Whether auto-merge is enabled on it. */
  autoMerge: boolean;
  /**
   * GitHub's `mergeable_state`: `clean` merges now; `blocked` waits for
   * required checks or reviews (auto-merge's case; enabling auto-merge on a
   * `clean` one fails); `dirty` has conflicts; `unknown` while GitHub computes it.
   * Optional so that hand-made statuses in tests need not say it; the GitHub adapter always does.
   */
  mergeableState?: MergeableState;
}

export type MergeableState = 'clean' | 'blocked' | 'behind' | 'dirty' | 'draft' | 'has_hooks' | 'unstable' | 'unknown';

export type MergeMethod = 'merge' | 'squash' | 'rebase';

/** A pull-request review with its line comments: the input of `revise`. */
export interface PullRequestReview {
  id: number;
  reviewer: string;
  state: 'APPROVED' | 'CHANGES_REQUESTED' | 'COMMENTED' | 'DISMISSED' | 'PENDING';
  body: string;
  comments: Array<{ path: string; line: number | null; body: string }>;
}

/** A user's permission on the repository, as `GET /repos/{o}/{r}/collaborators/{u}/permission` names it. */
export type RepositoryPermission = 'admin' | 'maintain' | 'write' | 'triage' | 'read' | 'none';
