import { DefaultArtifactClient, type FindOptions } from '@actions/artifact';
import { CrashAutofixError, describeError } from '../../base/errors.js';
import { describeRun, type ArtifactRun, type ArtifactSource } from './artifact-source.js';

/**
 * Downloads a job's records through @actions/artifact. In the same workflow
 * run it uses the Actions runtime (ACTIONS_RESULTS_URL, ACTIONS_RUNTIME_TOKEN,
 * read by the library itself); for another run it goes through the REST API
 * (GITHUB_API_URL) with the run id, repository and a token.
 */
export class ActionsArtifactSource implements ArtifactSource {
  private constructor(private readonly client: DefaultArtifactClient) {}

  static create(): ActionsArtifactSource {
    return new ActionsArtifactSource(new DefaultArtifactClient());
  }

  /** The names of this workflow run's artifacts (the newest of each name). */
  async listNames(): Promise<string[]> {
    try {
      const { artifacts } = await this.client.listArtifacts({ latest: true });
      return artifacts.map((a) => a.name);
    } catch (error) {
      throw toDownloadError(error, '*', 'this workflow run');
    }
  }

  async download(name: string, dir: string, run: ArtifactRun | null): Promise<{ id: number }> {
    const find: FindOptions = run === null ? {} : { findBy: { token: run.token, workflowRunId: run.runId, repositoryOwner: run.owner, repositoryName: run.repo } };
    const where = describeRun(run);
    let artifact: { id: number; digest?: string };
    try {
      ({ artifact } = await this.client.getArtifact(name, find));
    } catch (error) {
      throw toDownloadError(error, name, where);
    }
    let mismatch: boolean;
    try {
      ({ digestMismatch: mismatch = false } = await this.client.downloadArtifact(artifact.id, { ...find, path: dir, ...(artifact.digest ? { expectedHash: artifact.digest } : {}) }));
    } catch (error) {
      throw toDownloadError(error, name, where);
    }
    if (mismatch) {
      throw new CrashAutofixError('tool-failed', `Artifact '${name}' from ${where} arrived with another digest than the service recorded; it is damaged in transit or storage, re-run the job`);
    }
    return { id: artifact.id };
  }
}

/** The library throws plain Errors (see its shared/errors.js and shared/config.js); they are told apart by name and message. */
function toDownloadError(error: unknown, name: string, where: string): CrashAutofixError {
  if (error instanceof CrashAutofixError) return error;
  const text = describeError(error);
  const errorName = error instanceof Error ? error.name : '';
  const fail = (kind: 'bad-input' | 'config' | 'network' | 'tool-failed', message: string) => new CrashAutofixError(kind, message, { cause: error });
  if (errorName === 'ArtifactNotFoundError' || /not found for name|No artifacts found/.test(text)) {
    return fail('bad-input', `No artifact '${name}' in ${where}; the job that made it must upload its records (it runs with a GitHub repository) and the artifact must not have expired, or give the run id of the workflow run that uploaded it`);
  }
  const status = (error as { status?: unknown } | null)?.status;
  if (where !== 'this workflow run' && (status === 401 || status === 403)) {
    return fail('config', `Cannot download artifact '${name}' from ${where}: GitHub refused the token (HTTP ${String(status)}); give a token with 'actions: read' on that repository`);
  }
  const missingVariable = /Unable to get the (\w+) env variable/.exec(text);
  if (missingVariable) {
    return fail('config', `Cannot download artifact '${name}': ${missingVariable[1]} is not set; this step must run inside a GitHub Actions job`);
  }
  if (/Failed to get backend IDs|Invalid token specified/.test(text)) {
    return fail('config', `Cannot download artifact '${name}': ACTIONS_RUNTIME_TOKEN is not a GitHub Actions runtime token; this step must run inside a GitHub Actions job`);
  }
  if (errorName === 'GHESNotSupportedError') {
    return fail('config', `Cannot download artifact '${name}': workflow artifacts are not supported on GitHub Enterprise Server by @actions/artifact`);
  }
  if (/Unable to make request|ECONNREFUSED|ENOTFOUND|ETIMEDOUT|ECONNRESET|failed after \d+ retries/.test(text)) {
    return fail('network', `Cannot download artifact '${name}' from ${where}: ${text}; check the runner's network access and re-run the job`);
  }
  return fail('tool-failed', `Cannot download artifact '${name}' from ${where}: ${text}`);
}
