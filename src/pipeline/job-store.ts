import type { CrashReport } from '../domain/crash-report.js';
import type { JobRecord, ReportFiles } from '../domain/job-state.js';

/**
 * Where a job's record and files live between stages and between runs. The
 * local folder (FolderJobStore) is the one adapter the pipeline writes to; a
 * later job on another runner first restores that folder from the earlier
 * job's artifact (composition/restore-job.ts), then works on it the same way.
 */
export interface JobStore {
  /** The folder holding the job's files; paths in the record point into it. */
  jobDir(jobId: string): string;
  /** The saved record, or null when the job has none yet. Throws one clear line for a damaged record. */
  load(jobId: string): Promise<JobRecord | null>;
  save(record: JobRecord): Promise<void>;
  /** Writes one file into the job folder, atomically; returns its path. */
  writeText(jobId: string, name: string, content: string): Promise<string>;
  /** Writes report.json and report.md for a job; returns their paths. */
  writeReport(jobId: string, report: CrashReport, markdown: string): Promise<ReportFiles>;
}
