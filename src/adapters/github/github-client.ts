/**
 * The narrow view of GitHub the pull-request stage needs. Implemented by
 * OctokitGitHubClient; stages ask for `Pick<GitHubClient, ...>`.
 */
import type { IssueRef, PullRequestRef } from '../../domain/seen-crashes.js';

// The refs GitHub answers with are domain types: the "already seen" decision reads them.
export type { IssueRef, PullRequestRef };

export interface NewPullRequest {
  head: string;
  base: string;
  title: string;
  body: string;
}

export interface NewIssue {
  title: string;
  body: string;
  labels: readonly string[];
}

/** Announces an event to the repository's workflows (`repository_dispatch`). */
export interface DispatchClient {
  readonly repository: string;
  createRepositoryDispatch(eventType: string, payload: Record<string, unknown>): Promise<void>;
}

export interface GitHubClient {
  /** `owner/repo`. */
  readonly repository: string;
  /** The open pull request whose head is `headBranch` in this repository, if any. */
  findOpenPullRequest(headBranch: string): Promise<PullRequestRef | null>;
  /** The newest pull request from `headBranch` that was closed without being merged, if any. */
  findClosedPullRequest(headBranch: string): Promise<PullRequestRef | null>;
  /**
   * The most recently merged pull request whose body carries the trailer
   * `Crash-Signature: <signature>` on a line of its own (found with issue
   * search, then checked exactly), or null.
   */
  findMergedFixForSignature(signature: string): Promise<PullRequestRef | null>;
  createDraftPullRequest(pr: NewPullRequest): Promise<PullRequestRef>;
  updatePullRequest(number: number, fields: { title: string; body: string }): Promise<PullRequestRef>;
  /** Creates labels the repository lacks (with a colour), then adds them. Works for issues and pull requests. */
  addLabels(number: number, labels: readonly string[]): Promise<void>;
  requestReviewers(number: number, users: readonly string[], teams: readonly string[]): Promise<void>;
  /** Returns who is assigned afterwards; GitHub silently skips users who cannot be assigned. */
  addAssignees(number: number, users: readonly string[]): Promise<string[]>;
  createIssue(issue: NewIssue): Promise<IssueRef>;
  updateIssue(number: number, fields: { title: string; body: string }): Promise<IssueRef>;
  /** The open issue (not pull request) labelled `crash-autofix` whose body carries the signature trailer, if any. */
  findOpenIssueForSignature(signature: string): Promise<IssueRef | null>;
}
