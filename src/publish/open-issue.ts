/**
 * The low-confidence case: no code change, but the analysis is worth a human
 * look. One open issue per crash signature — found by the `crash-autofix`
 * label and the `Crash-Signature:` trailer — is updated on re-runs instead of
 * duplicated. A closed issue is left closed; the next occurrence opens a new one.
 */
import type { GitHubClient, IssueRef } from '../adapters/github/github-client.js';
import { fitBody } from './fit-body.js';
import { missingAssignees, uniqueLabels } from './open-pull-request.js';
import { signatureTrailer, stripSignatureTrailers, TRACKING_LABEL } from '../domain/signature-trailer.js';
import { issueSighting } from './github-sightings.js';

export type IssueClient = Pick<GitHubClient, 'findOpenIssueForSignature' | 'createIssue' | 'updateIssue' | 'addLabels' | 'addAssignees'>;

export interface IssuePlan {
  github: IssueClient;
  signature: string;
  title: string;
  body: string;
  labels: readonly string[];
  assignees: readonly string[];
}

export interface IssueOutcome {
  action: 'created' | 'updated';
  issue: IssueRef;
  warnings: string[];
}

export async function openOrUpdateIssue(plan: IssuePlan): Promise<IssueOutcome> {
  const { github } = plan;
  const body = fitBody(stripSignatureTrailers(plan.body), { suffix: `\n\n${signatureTrailer(plan.signature)}` });
  // The tracking label is what findOpenIssueForSignature lists by, so it is never left out.
  const labels = uniqueLabels([TRACKING_LABEL, ...plan.labels]);
  const existing = await issueSighting(github, plan.signature);
  let issue: IssueRef;
  if (existing) {
    issue = await github.updateIssue(existing.number, { title: plan.title, body });
    await github.addLabels(issue.number, labels);
  } else {
    issue = await github.createIssue({ title: plan.title, body, labels });
  }
  const assigned = await github.addAssignees(issue.number, plan.assignees);
  return { action: existing ? 'updated' : 'created', issue, warnings: missingAssignees(issue.number, plan.assignees, assigned) };
}
