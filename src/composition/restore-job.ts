import { mkdir, mkdtemp, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { artifactNameForJob } from '../adapters/artifact/artifact-store.js';
import { describeRun, type ArtifactRun, type ArtifactSource } from '../adapters/artifact/artifact-source.js';
import { CrashAutofixError } from '../base/errors.js';
import { writeFileAtomic } from '../base/fs/atomic-write.js';
import { asFileError, errnoCode } from '../base/fs/fs-error.js';
import { FolderJobStore } from '../pipeline/folder-job-store.js';
import { parseJobRecord } from '../pipeline/job-record-file.js';
import { relocateRecord } from '../pipeline/relocate-record.js';
import type { JobRecord } from '../domain/job-state.js';

export interface RestoreJobOptions {
  /** The state folder of this job; the record lands in `<stateDir>/jobs/<jobId>/`. */
  stateDir: string;
  jobId: string;
  source: ArtifactSource;
  /** The workflow run that uploaded the artifact; null for this workflow run. */
  run: ArtifactRun | null;
}

export interface RestoredJob {
  record: JobRecord;
  jobDir: string;
  artifactId: number;
}

/**
 * Brings an earlier job's folder onto this runner from the artifact it
 * uploaded (`crash-autofix-<jobId>`), so the pipeline continues from its
 * record as if the job had run here. The artifact is unpacked into a staging
 * folder and checked first — a record for another job, or a damaged one, is
 * refused and nothing is left behind — then moved into place, replacing any
 * older copy of the folder: the artifact is what the earlier job finished with.
 * Paths into the old runner's job folder are rewritten to the new one.
 */
export async function restoreJob(options: RestoreJobOptions): Promise<RestoredJob> {
  const { jobId, source, run } = options;
  if (!/^[0-9a-f]{16}$/.test(jobId)) {
    throw new CrashAutofixError('bad-input', `Job id ${JSON.stringify(jobId)} is not a crash-autofix job id (16 hex digits); pass the 'job-id' output of the job that uploaded the records`);
  }
  const store = new FolderJobStore(options.stateDir);
  const jobDir = store.jobDir(jobId);
  const name = artifactNameForJob(jobId);
  const where = describeRun(run);
  await mkdir(path.dirname(jobDir), { recursive: true });
  const staging = await mkdtemp(path.join(path.dirname(jobDir), `.restore-${jobId}-`));
  try {
    const { id } = await source.download(name, staging, run);
    const recordFile = path.join(staging, 'job.json');
    const text = await readFile(recordFile, 'utf8').catch((e: unknown) => {
      if (errnoCode(e) !== 'ENOENT') throw asFileError(recordFile, { what: `Artifact '${name}' from ${where}: its job record`, kind: 'bad-input', fix: 're-run the job that uploads it' }, e);
      throw new CrashAutofixError('bad-input', `Artifact '${name}' from ${where} holds no job.json, so it is not a crash-autofix job folder; re-run the job that uploads it`);
    });
    const record = parseJobRecord(text, `job.json of artifact '${name}' from ${where}`, 're-run the job that uploads it');
    if (record.jobId !== jobId) {
      throw new CrashAutofixError('bad-input', `Artifact '${name}' from ${where} holds the record of job ${record.jobId}, not job ${jobId}; check which artifact the workflow uploaded under that name`);
    }
    const restored = relocateRecord(record, jobDir);
    await writeFileAtomic(recordFile, `${JSON.stringify(restored, null, 2)}\n`);
    await rm(jobDir, { recursive: true, force: true });
    await rename(staging, jobDir);
    return { record: restored, jobDir, artifactId: id };
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}
