/**
 * GitHub Deployments, as the deploy and stress commands need them: one
 * deployment per job and environment (found again on a re-run, never made
 * twice) and its statuses, which the Environments page and the pull request show.
 */
export type DeploymentState = 'in_progress' | 'success' | 'failure' | 'inactive';

export interface DeploymentRef {
  id: number;
  /** The deployment's API address (GitHub has no page per deployment; the environment's page lists it). */
  url: string;
}

export interface NewDeployment {
  /** The merge commit: what is deployed. */
  ref: string;
  environment: string;
  description: string;
  /** The job it belongs to: how a re-run finds it again. */
  jobId: string;
  payload: Record<string, string>;
  production: boolean;
}

export interface DeploymentClient {
  /** `GET /repos/{o}/{r}/deployments?environment=&sha=&task=`: this job's deployment there, if one was made. */
  findDeployment(environment: string, sha: string, jobId: string): Promise<DeploymentRef | null>;
  /** `POST /repos/{o}/{r}/deployments` with no required contexts and no auto-merge: the build is already merged and checked. */
  createDeployment(deployment: NewDeployment): Promise<DeploymentRef>;
  /** `POST /repos/{o}/{r}/deployments/{id}/statuses`. */
  setDeploymentStatus(id: number, status: { state: DeploymentState; description: string; logUrl: string | null; environmentUrl: string | null }): Promise<void>;
}

/** The deployment task crash-autofix files its deployments under. */
export const DEPLOY_TASK = 'deploy:crash-autofix';
