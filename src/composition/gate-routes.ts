import type { ApprovalClient } from '../adapters/github/approval-client.js';
import type { GitHubClient } from '../adapters/github/github-client.js';
import type { ApprovalGate } from '../domain/job-state.js';
import type { Route } from '../pipeline/route.js';
import type { Settings } from '../settings/build-settings.js';
import { enterApprovalGate } from '../stages/enter-approval-gate.js';
import { mergeApproved } from '../stages/merge-approved.js';
import { recordRejection } from '../stages/record-rejection.js';

export type GateClient = ApprovalClient & Pick<GitHubClient, 'addLabels'>;

interface GateContext {
  gate: Omit<ApprovalGate, 'since'>;
  github: GateClient;
  runUrl: string | null;
  now: () => Date;
}

/** `approve`: into the gate, then merged with the approvers' names. */
export function approveRoute(settings: Settings, ctx: GateContext, reviewers: ReadonlyArray<{ login: string; comment: string }>): Route<'approve'> {
  return {
    PR_CREATED: { name: 'Enter the approval gate', run: (s) => enterApprovalGate(s, ctx.gate, ctx.now) },
    AWAITING_APPROVAL: {
      name: 'Merge the approved fix',
      run: (s) => mergeApproved(s, { github: ctx.github, reviewers, method: settings.mergeMethod, runUrl: ctx.runUrl, now: ctx.now }),
    },
  };
}

/** `reject`: into the gate (a job that never got there), then closed with the reviewer's reason. */
export function rejectRoute(ctx: GateContext, rejected: { reviewer: string; comment: string }): Route<'reject'> {
  return {
    PR_CREATED: { name: 'Enter the approval gate', run: (s) => enterApprovalGate(s, ctx.gate, ctx.now) },
    AWAITING_APPROVAL: { name: 'Close the rejected fix', run: (s) => recordRejection(s, { github: ctx.github, rejected, runUrl: ctx.runUrl, now: ctx.now }) },
  };
}
