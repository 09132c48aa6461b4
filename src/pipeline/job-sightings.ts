import type { JobRecord } from '../domain/job-state.js';
import type { JobSighting } from '../domain/seen-crashes.js';
import type { JobStore } from './job-store.js';

/** A job store whose jobs can be listed: the local folder (FolderJobStore). */
export type ListedJobStore = Pick<JobStore, 'load'> & { jobIds(): Promise<string[]> };

/**
 * The local half of "have we seen this crash?" (domain/seen-crashes.ts): the
 * other jobs in the state folder whose report has `signature`, newest first.
 * A damaged record is passed over here; opening that job says what is wrong.
 */
export async function jobsWithSignature(store: ListedJobStore, signature: string, exceptJob: string | null): Promise<JobSighting[]> {
  const found: { sighting: JobSighting; updatedAt: string }[] = [];
  for (const jobId of await store.jobIds()) {
    if (jobId === exceptJob) continue;
    const record = await store.load(jobId).catch(() => null);
    const sighting = record ? sightingOf(record, signature) : null;
    if (sighting) found.push({ sighting, updatedAt: record?.updatedAt ?? '' });
  }
  return found.sort((a, b) => b.updatedAt.localeCompare(a.updatedAt)).map((f) => f.sighting);
}

function sightingOf(record: JobRecord, signature: string): JobSighting | null {
  const failed = record.state.status === 'FAILED';
  const state = record.state.status === 'FAILED' ? record.state.resumeFrom : record.state;
  if (!('report' in state) || state.report.signature !== signature) return null;
  const pr = 'pr' in state ? { number: state.pr.number, url: state.pr.url } : null;
  return { jobId: record.jobId, status: state.status, failed, pr };
}
