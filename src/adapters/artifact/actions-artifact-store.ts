import { DefaultArtifactClient } from '@actions/artifact';
import { CrashAutofixError } from '../../base/errors.js';
import type { ArtifactStore, UploadedArtifact } from './artifact-store.js';
import { isNameConflict, toArtifactUploadError } from './artifact-upload-error.js';
import { assertNoSecrets } from './secret-guard.js';

export interface ActionsArtifactStoreOptions {
  /** Days GitHub keeps the artifact; the repository's own maximum still applies. Default: the repository setting. */
  retentionDays?: number;
  /** Values that must never leave the runner; a file containing one is not uploaded. */
  secrets?: readonly string[];
}

/**
 * Uploads a job's records as a workflow artifact through @actions/artifact,
 * which reads the Actions runtime (ACTIONS_RESULTS_URL, ACTIONS_RUNTIME_TOKEN,
 * GITHUB_WORKSPACE) from the environment itself; this code never does.
 *
 * Re-runs: the service refuses a second artifact with the same name in one
 * workflow run (HTTP 409), and a job re-run in the same workflow run uploads
 * the same name again. Its folder then holds the newer, complete records, so
 * the older artifact is deleted and the upload made once more — the same as
 * upload-artifact's `overwrite: true`.
 */
export class ActionsArtifactStore implements ArtifactStore {
  private constructor(
    private readonly client: DefaultArtifactClient,
    private readonly retentionDays: number | undefined,
    private readonly secrets: readonly string[],
  ) {}

  static create(options: ActionsArtifactStoreOptions = {}): ActionsArtifactStore {
    const { retentionDays } = options;
    if (retentionDays !== undefined && !(Number.isInteger(retentionDays) && retentionDays >= 1 && retentionDays <= 90)) {
      throw new CrashAutofixError('config', `Artifact retention must be a whole number of days from 1 to 90, got ${String(retentionDays)}`);
    }
    return new ActionsArtifactStore(new DefaultArtifactClient(), retentionDays, [...(options.secrets ?? [])]);
  }

  async upload(name: string, files: string[], rootDir: string): Promise<UploadedArtifact> {
    if (files.length === 0) throw new CrashAutofixError('bad-input', `Artifact '${name}' has no files to upload`);
    if (!/^[^":<>|*?\r\n\\/]+$/.test(name)) {
      throw new CrashAutofixError('bad-input', `Artifact name ${JSON.stringify(name)} is not valid: it must not be empty or contain " : < > | * ? \\ / or line breaks`);
    }
    await assertNoSecrets(files, this.secrets);
    try {
      return await this.uploadOnce(name, files, rootDir);
    } catch (error) {
      if (!isNameConflict(error)) throw toArtifactUploadError(error, name);
    }
    try {
      await this.client.deleteArtifact(name);
      return await this.uploadOnce(name, files, rootDir);
    } catch (error) {
      throw toArtifactUploadError(error, name);
    }
  }

  private async uploadOnce(name: string, files: string[], rootDir: string): Promise<UploadedArtifact> {
    const options = this.retentionDays === undefined ? {} : { retentionDays: this.retentionDays };
    const result = await this.client.uploadArtifact(name, files, rootDir, options);
    return { id: result.id ?? null, size: result.size ?? 0, name, folder: null };
  }
}
