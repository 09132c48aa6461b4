/**
 * Where a job's records go once the job has run: a workflow artifact in
 * GitHub Actions, or nowhere but their own folder on the command line.
 */
export interface UploadedArtifact {
  /** The artifact's id in the workflow run; null when nothing was uploaded. */
  id: number | null;
  /** Bytes stored: the uploaded zip, or the files themselves when kept locally. */
  size: number;
  name: string;
  /** The folder that holds the files when they were not uploaded; null for an uploaded artifact. */
  folder: string | null;
}

export interface ArtifactStore {
  /** `files` are absolute paths under `rootDir`; their paths inside the artifact are relative to it. */
  upload(name: string, files: string[], rootDir: string): Promise<UploadedArtifact>;
}

/** Characters the artifact service refuses in a name (NTFS limits), see @actions/artifact. */
const INVALID_NAME_CHARACTERS = /[":<>|*?\r\n\\/]/g;

/** One artifact per job, so the name is built from the job id; it stays the same on a re-run. */
export function artifactNameForJob(jobId: string): string {
  return `crash-autofix-${jobId.replace(INVALID_NAME_CHARACTERS, '-')}`;
}
