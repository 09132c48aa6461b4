/**
 * The GitHub half of "have we seen this crash?" (domain/seen-crashes.ts): a
 * signature's pull requests are found by its fix branch (open, or closed
 * without merging: listing by head is immediate, where search lags behind
 * writes) and its merged fixes by the `Crash-Signature` trailer, which
 * survives a deleted or renamed branch. The low-confidence issue is found by
 * its label and trailer.
 */
import type { GitHubClient, IssueRef } from '../adapters/github/github-client.js';
import type { GitHubSightings } from '../domain/seen-crashes.js';
import { fixBranch } from '../domain/signature-trailer.js';

export type PullRequestLookup = Pick<GitHubClient, 'findOpenPullRequest' | 'findMergedFixForSignature'>;
export type SightingClient = PullRequestLookup & Pick<GitHubClient, 'findClosedPullRequest'>;

/** What publishing needs to know: the open pull request to update, and a merged fix this would regress. */
export async function pullRequestSightings(github: PullRequestLookup, signature: string, headBranch = fixBranch(signature)): Promise<Pick<GitHubSightings, 'openPullRequest' | 'mergedFix'>> {
  const openPullRequest = await github.findOpenPullRequest(headBranch);
  const mergedFix = await github.findMergedFixForSignature(signature);
  return { openPullRequest, mergedFix };
}

/** Everything GitHub holds for a signature's pull requests, for the decision before an analysis. */
export async function gitHubSightings(github: SightingClient, signature: string): Promise<GitHubSightings> {
  const branch = fixBranch(signature);
  const prs = await pullRequestSightings(github, signature, branch);
  // An open one settles it; the closed ones only matter without it.
  const closedPullRequest = prs.openPullRequest ? null : await github.findClosedPullRequest(branch);
  return { ...prs, closedPullRequest };
}

/** The open issue for a signature, which a low-confidence analysis updates instead of opening another. */
export async function issueSighting(github: Pick<GitHubClient, 'findOpenIssueForSignature'>, signature: string): Promise<IssueRef | null> {
  return github.findOpenIssueForSignature(signature);
}
