import { artifactNameForJob, type ArtifactStore } from '../adapters/artifact/artifact-store.js';
import type { ArtifactSource } from '../adapters/artifact/artifact-source.js';
import type { JobRecord, Status } from '../domain/job-state.js';
import { FolderJobStore } from '../pipeline/folder-job-store.js';
import { publishRecordFolder } from './publish-record-folder.js';
import { restoreJob } from './restore-job.js';

/** Where the gate commands find the fix jobs, and where their records go back. */
export interface GateRecords {
  /** Job records with their folders in this state folder; `only` narrows it to one job. */
  find(only: string | null): Promise<JobRecord[]>;
  /** After the command: the job folder goes back where the next job (merge, deploy) finds it. */
  publish(jobId: string): Promise<void>;
}

/** The state a gate command cares about: where a failed stage would resume. */
export function gateStatus(record: JobRecord): Status {
  return record.state.status === 'FAILED' ? record.state.resumeFrom.status : record.state.status;
}

/** The command line: the job records in `state-dir`. */
export function localGateRecords(stateDir: string): GateRecords {
  const store = new FolderJobStore(stateDir);
  return {
    async find(only) {
      const ids = only === null ? await store.jobIds() : [only];
      const records: JobRecord[] = [];
      for (const id of ids) {
        // A job named on purpose must be readable; in a scan of the folder a broken record is only passed over.
        const record = only === null ? await store.load(id).catch(() => null) : await store.load(id);
        if (record) records.push(record);
      }
      return records;
    },
    publish: () => Promise.resolve(),
  };
}

const JOB_ARTIFACT = /^crash-autofix-([0-9a-f]{16})$/;

/**
 * In Actions: the records the fix jobs of this workflow run uploaded as
 * artifacts (`crash-autofix-<job-id>`, one per matrix leg), restored into
 * `state-dir`; afterwards each goes back up under the same name.
 */
export function artifactGateRecords(stateDir: string, source: ArtifactSource & { listNames(): Promise<string[]> }, store: ArtifactStore): GateRecords {
  const local = new FolderJobStore(stateDir);
  return {
    async find(only) {
      const names = only === null ? (await source.listNames()).filter((n) => JOB_ARTIFACT.test(n)) : [artifactNameForJob(only)];
      const records: JobRecord[] = [];
      for (const name of names.sort()) {
        const jobId = JOB_ARTIFACT.exec(name)?.[1] ?? '';
        records.push((await restoreJob({ stateDir, jobId, source, run: null })).record);
      }
      return records;
    },
    async publish(jobId) {
      await publishRecordFolder(store, jobId, local.jobDir(jobId));
    },
  };
}
