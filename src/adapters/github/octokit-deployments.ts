import type { getOctokit } from '@actions/github';
import { DEPLOY_TASK, type DeploymentClient, type DeploymentRef, type DeploymentState, type NewDeployment } from './deployment-client.js';
import { toGitHubError } from './github-error.js';

type Octokit = ReturnType<typeof getOctokit>;

/** Deployments and their statuses need `deployments: write`. */
const DEPLOYMENTS_WRITE = 'deployments: write';
const DEPLOYMENTS_READ = 'deployments: read';

/** GitHub's limit on a status description. */
const DESCRIPTION_MAX = 140;

/** The Deployments calls through the real Octokit; OctokitGitHubClient hands this out as `deployments`. */
export class OctokitDeployments implements DeploymentClient {
  constructor(
    private readonly octokit: Octokit,
    private readonly connection: { token: string; baseUrl: string; owner: string; repo: string },
  ) {}

  async findDeployment(environment: string, sha: string, jobId: string): Promise<DeploymentRef | null> {
    const { data } = await this.call(`list the deployments to ${environment}`, DEPLOYMENTS_READ, () =>
      this.octokit.rest.repos.listDeployments({ ...this.repo(), environment, sha, task: DEPLOY_TASK, per_page: 100 }),
    );
    const mine = data.find((d) => typeof d.payload === 'object' && d.payload !== null && (d.payload as Record<string, unknown>).jobId === jobId);
    return mine ? { id: mine.id, url: mine.url } : null;
  }

  async createDeployment(d: NewDeployment): Promise<DeploymentRef> {
    const created = await this.call(`create a deployment to ${d.environment}`, DEPLOYMENTS_WRITE, () =>
      this.octokit.rest.repos.createDeployment({
        ...this.repo(),
        ref: d.ref,
        task: DEPLOY_TASK,
        environment: d.environment,
        description: d.description.slice(0, DESCRIPTION_MAX),
        payload: { ...d.payload, jobId: d.jobId },
        auto_merge: false,
        required_contexts: [],
        production_environment: d.production,
        transient_environment: false,
      }),
    );
    // 202 means GitHub merged the default branch in first; auto_merge false rules that out.
    if (!('id' in created.data)) throw toGitHubError(new Error(created.data.message ?? 'no deployment was created'), this.context(`create a deployment to ${d.environment}`, DEPLOYMENTS_WRITE));
    return { id: created.data.id, url: created.data.url };
  }

  async setDeploymentStatus(id: number, status: { state: DeploymentState; description: string; logUrl: string | null; environmentUrl: string | null }): Promise<void> {
    await this.call(`set deployment ${id} to ${status.state}`, DEPLOYMENTS_WRITE, () =>
      this.octokit.rest.repos.createDeploymentStatus({
        ...this.repo(),
        deployment_id: id,
        state: status.state,
        description: status.description.slice(0, DESCRIPTION_MAX),
        ...(status.logUrl ? { log_url: status.logUrl } : {}),
        ...(status.environmentUrl ? { environment_url: status.environmentUrl } : {}),
        // Only the newest success stays active in an environment; older ones turn inactive by themselves.
        auto_inactive: true,
      }),
    );
  }

  private repo(): { owner: string; repo: string } {
    return { owner: this.connection.owner, repo: this.connection.repo };
  }

  private context(action: string, permission: string): { action: string; permission: string; token: string; baseUrl: string } {
    return { action, permission, token: this.connection.token, baseUrl: this.connection.baseUrl };
  }

  private async call<T>(action: string, permission: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      throw toGitHubError(error, this.context(action, permission));
    }
  }
}
