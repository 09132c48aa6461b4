/**
 * Opens the draft pull request for a fixed crash, or updates the one already
 * open from the same head branch, so re-runs never make a second one. Where
 * the crash went before is looked up and decided with the rest of "already
 * seen" (publish/github-sightings.ts, domain/seen-crashes.ts).
 *
 * - The body ends with the trailer `Crash-Signature: <signature>`; it is cut
 *   to GitHub's limit with the trailer kept (fitBody).
 * - If a pull request carrying the same trailer was merged before, the crash
 *   is a regression: the body starts with a warning naming that pull request
 *   and the `regression` label is added. The merged one is never touched.
 * - Labels always include `crash-autofix`. Labels and assignees are applied on
 *   every run (GitHub ignores repeats); reviewers are requested on every run
 *   too, so an updated fix asks for review again.
 * - Reviewers GitHub refuses (not collaborators) and assignees it skips are
 *   warnings, not failures: the pull request exists and says what it should.
 * - An existing pull request keeps its draft state; a human may have marked it ready.
 */
import type { GitHubClient, PullRequestRef } from '../adapters/github/github-client.js';
import { GitHubError } from '../adapters/github/github-error.js';
import { fitBody } from './fit-body.js';
import { pullRequestTrailers, stripSignatureTrailers, TRACKING_LABEL } from '../domain/signature-trailer.js';
import { pullRequestTarget } from '../domain/seen-crashes.js';
import { pullRequestSightings } from './github-sightings.js';

export const REGRESSION_LABEL = 'regression';

export type PullRequestClient = Pick<
  GitHubClient,
  'findOpenPullRequest' | 'findMergedFixForSignature' | 'createDraftPullRequest' | 'updatePullRequest' | 'addLabels' | 'requestReviewers' | 'addAssignees'
>;

export interface PullRequestPlan {
  github: PullRequestClient;
  signature: string;
  headBranch: string;
  baseBranch: string;
  title: string;
  /** Markdown; a trailing signature trailer is optional (it is added). */
  body: string;
  /** The job behind the fix: its `Crash-Autofix-Job` trailer lets `revise` find the record. */
  jobId?: string | null;
  labels: readonly string[];
  reviewers: readonly string[];
  teamReviewers: readonly string[];
  assignees: readonly string[];
}

export interface PullRequestOutcome {
  action: 'created' | 'updated';
  pr: PullRequestRef;
  /** The merged pull request that fixed this signature before, when this crash is a regression. */
  regressionOf: PullRequestRef | null;
  /** Non-fatal problems, one line each (reviewers refused, assignees skipped). */
  warnings: string[];
}

export async function openOrUpdatePullRequest(plan: PullRequestPlan): Promise<PullRequestOutcome> {
  const { github } = plan;
  const { update: existing, regressionOf } = pullRequestTarget(await pullRequestSightings(github, plan.signature, plan.headBranch));
  const body = pullRequestBody(plan.body, plan.signature, regressionOf, plan.jobId ?? null);
  const fields = { title: plan.title, body };

  let action: PullRequestOutcome['action'] = existing ? 'updated' : 'created';
  let pr: PullRequestRef;
  if (existing) {
    pr = await github.updatePullRequest(existing.number, fields);
  } else {
    try {
      pr = await github.createDraftPullRequest({ head: plan.headBranch, base: plan.baseBranch, ...fields });
    } catch (error) {
      // Another run opened it between our look and our create: update that one.
      const raced = isAlreadyExists(error) ? await github.findOpenPullRequest(plan.headBranch) : null;
      if (!raced) throw error;
      pr = await github.updatePullRequest(raced.number, fields);
      action = 'updated';
    }
  }

  const labels = uniqueLabels([TRACKING_LABEL, ...plan.labels, ...(regressionOf ? [REGRESSION_LABEL] : [])]);
  await github.addLabels(pr.number, labels);
  const warnings: string[] = [];
  try {
    await github.requestReviewers(pr.number, plan.reviewers, plan.teamReviewers);
  } catch (error) {
    if (!(error instanceof GitHubError) || error.status !== 422) throw error;
    warnings.push(`Reviewers were not requested on #${pr.number}: ${error.message}; check the 'reviewers' and 'team-reviewers' settings`);
  }
  warnings.push(...missingAssignees(pr.number, plan.assignees, await github.addAssignees(pr.number, plan.assignees)));
  return { action, pr, regressionOf, warnings };
}

/** The body as sent: regression warning (if any), the text, cut to fit, then the trailers. */
export function pullRequestBody(text: string, signature: string, regressionOf: PullRequestRef | null, jobId: string | null = null): string {
  const warning = regressionOf ? `${regressionNote(signature, regressionOf)}\n\n` : '';
  return fitBody(`${warning}${stripSignatureTrailers(text)}`, { suffix: `\n\n${pullRequestTrailers(signature, jobId)}` });
}

export function regressionNote(signature: string, fix: PullRequestRef): string {
  return [
    '> [!WARNING]',
    `> **Regression.** Crash signature \`${signature}\` was fixed before by #${fix.number} (${fix.url}), which was merged;`,
    '> the same crash happened again, so that fix is incomplete or was undone. Review it alongside this one.',
  ].join('\n');
}

export function missingAssignees(number: number, wanted: readonly string[], assigned: readonly string[]): string[] {
  const have = new Set(assigned.map((a) => a.toLowerCase()));
  const missing = wanted.filter((w) => !have.has(w.toLowerCase()));
  return missing.length
    ? [`GitHub did not assign ${missing.join(', ')} to #${number}: only users with access to the repository can be assigned; check the 'assignees' setting`]
    : [];
}

export function uniqueLabels(labels: readonly string[]): string[] {
  const seen = new Set<string>();
  return labels
    .map((l) => l.trim())
    .filter((l) => l && !seen.has(l.toLowerCase()) && seen.add(l.toLowerCase()));
}

function isAlreadyExists(error: unknown): boolean {
  return error instanceof GitHubError && error.status === 422 && /already exists/i.test(error.message);
}
