/**
 * A person's clicks on GitHub, through the real Octokit with their own token
 * (the stand-in's `users` option): the Approve or Reject button of a run's
 * deployment review dialog, as the web UI posts it.
 */
import { getOctokit } from '@actions/github';

export interface ReviewerClick {
  /** The GitHub stand-in's base URL. */
  baseUrl: string;
  /** The reviewer's token, one of the stand-in's `users`. */
  token: string;
  owner: string;
  repo: string;
  runId: number;
  state: 'approved' | 'rejected';
  comment: string;
}

/** Approves or rejects every deployment of the run waiting for a reviewer; returns the environments it covered. */
export async function clickDeploymentReview(click: ReviewerClick): Promise<string[]> {
  const reviewer = getOctokit(click.token, { baseUrl: click.baseUrl });
  const where = { owner: click.owner, repo: click.repo, run_id: click.runId };
  const pending = await reviewer.rest.actions.getPendingDeploymentsForRun(where);
  const ids = pending.data.map((p) => p.environment.id).filter((id): id is number => id !== undefined);
  await reviewer.rest.actions.reviewPendingDeploymentsForRun({ ...where, environment_ids: ids, state: click.state, comment: click.comment });
  return pending.data.map((p) => p.environment.name ?? '');
}
