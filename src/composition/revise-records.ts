import { artifactNameForJob } from '../adapters/artifact/artifact-store.js';
import type { ArtifactRun, ArtifactSource } from '../adapters/artifact/artifact-source.js';
import type { JobRecord } from '../domain/job-state.js';
import { FolderJobStore } from '../pipeline/folder-job-store.js';
import { restoreJob } from './restore-job.js';

/** Where `revise` finds a pull request's job: an earlier run's artifact, when the state folder does not have it. */
export interface ReviseArtifacts {
  source: ArtifactSource;
  /** The newest workflow run of the repository holding an artifact of that name (latest-artifact.ts). */
  latestRun: (name: string) => Promise<ArtifactRun | null>;
}

export interface FoundRecord {
  record: JobRecord;
  /** Where it came from, for the log. */
  from: string;
}

/**
 * The job record from the state folder when it is there (the runner that
 * ran `fix`, or the command line), else from the newest artifact
 * `crash-autofix-<job id>` in the repository, restored into the state folder.
 */
export function reviseRecords(stateDir: string, artifacts: ReviseArtifacts | null): (jobId: string) => Promise<FoundRecord | null> {
  const store = new FolderJobStore(stateDir);
  return async (jobId) => {
    const local = await store.load(jobId);
    if (local) return { record: local, from: store.jobDir(jobId) };
    if (artifacts === null) return null;
    const name = artifactNameForJob(jobId);
    const run = await artifacts.latestRun(name);
    if (run === null) return null;
    const restored = await restoreJob({ stateDir, jobId, source: artifacts.source, run });
    return { record: restored.record, from: `artifact '${name}' of workflow run ${run.runId}` };
  };
}
