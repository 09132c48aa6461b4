import type { EnvironmentProtection, EnvironmentReview } from '../domain/approval.js';

/** What a workflow run's environment reviews say about the gate. */
export type GateDecision =
  | { kind: 'approved'; reviewers: Array<{ login: string; comment: string }> }
  | { kind: 'rejected'; reviewer: string; comment: string }
  | { kind: 'none' };

/**
 * The gate's outcome from the run's reviews of `environment`: a rejection by
 * anyone decides (GitHub fails the waiting job on the first one); otherwise
 * every approval counts; otherwise nobody decided. Reviews of other
 * environments never count.
 */
export function decideGate(reviews: readonly EnvironmentReview[], environment: string): GateDecision {
  const ours = reviews.filter((r) => r.environments.includes(environment));
  const rejected = ours.find((r) => r.state === 'rejected');
  if (rejected) return { kind: 'rejected', reviewer: rejected.reviewer, comment: rejected.comment };
  const approved = ours.filter((r) => r.state === 'approved');
  if (approved.length > 0) return { kind: 'approved', reviewers: approved.map((r) => ({ login: r.reviewer, comment: r.comment })) };
  return { kind: 'none' };
}

/**
 * Why a gate environment does not protect anything, or null when it does. A
 * job that names a missing environment makes GitHub create an unprotected
 * one and run straight through, so the YAML alone proves nothing.
 */
export function unprotectedReason(protection: EnvironmentProtection | null, environment: string, repository: string): string | null {
  const fix = `add required reviewers to it (Settings → Environments → ${environment} → Required reviewers, or PUT /repos/${repository}/environments/${environment} with reviewers)`;
  if (protection === null) return `The approval environment '${environment}' does not exist in ${repository}: nobody was asked to approve; create it and ${fix}`;
  if (protection.readable && protection.requiredReviewers.length === 0) {
    return `The approval environment '${environment}' of ${repository} has no required reviewers, so its jobs run without anyone's click; ${fix}`;
  }
  return null;
}
