import { getOctokit } from '@actions/github';
import { CrashAutofixError, describeError } from '../../base/errors.js';
import type { ArtifactRun } from './artifact-source.js';

export interface RepositoryConnection {
  token: string;
  /** The REST API root (GITHUB_API_URL). */
  baseUrl: string;
  owner: string;
  repo: string;
}

/**
 * The workflow run that holds the newest unexpired artifact called `name` in
 * the repository (`GET /repos/{o}/{r}/actions/artifacts?name=`, newest
 * first), for a job that continues from whatever an earlier run left: the
 * scan ledger. Null when there is none.
 */
export async function latestArtifactRun(connection: RepositoryConnection, name: string): Promise<ArtifactRun | null> {
  const octokit = getOctokit(connection.token, { baseUrl: connection.baseUrl.replace(/\/+$/, '') });
  let artifacts;
  try {
    ({ data: { artifacts } } = await octokit.rest.actions.listArtifactsForRepo({ owner: connection.owner, repo: connection.repo, name, per_page: 20 }));
  } catch (error) {
    const status = (error as { status?: unknown } | null)?.status;
    if (status === 401 || status === 403 || status === 404) {
      throw new CrashAutofixError('config', `Cannot list the artifacts of ${connection.owner}/${connection.repo}: GitHub answered HTTP ${String(status)}; give the job 'permissions: actions: read'`, { cause: error });
    }
    throw new CrashAutofixError('network', `Cannot list the artifacts of ${connection.owner}/${connection.repo}: ${describeError(error)}`, { cause: error });
  }
  const newest = artifacts
    .filter((a) => !a.expired && a.name === name && a.workflow_run?.id !== undefined)
    .sort((a, b) => (b.created_at ?? '').localeCompare(a.created_at ?? '') || b.id - a.id)[0];
  const runId = newest?.workflow_run?.id;
  return runId === undefined ? null : { runId, owner: connection.owner, repo: connection.repo, token: connection.token };
}
