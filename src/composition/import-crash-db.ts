import type { CrashDatabase, CrashEvent } from '../domain/crash-record.js';
import { jobCrashEvents } from '../domain/job-crash-events.js';
import { FolderJobStore } from '../pipeline/folder-job-store.js';

export interface ImportResult {
  jobs: number;
  /** Jobs without a crash report (no signature): nothing to record. */
  withoutReport: number;
  events: number;
  /** The signatures whose records changed. */
  signatures: number;
}

/**
 * `db import`: every job record in the state folder, as events, in time order
 * (a regression needs the fix's deployment before the dump), into the database.
 * Event ids are per job, so importing again records nothing twice.
 */
export async function importCrashDb(stateDir: string, db: CrashDatabase): Promise<ImportResult> {
  const store = new FolderJobStore(stateDir);
  const events: CrashEvent[] = [];
  let jobs = 0;
  let withoutReport = 0;
  for (const jobId of await store.jobIds()) {
    const record = await store.load(jobId);
    if (record === null) continue;
    jobs++;
    const told = jobCrashEvents(record);
    if (told.length === 0) withoutReport++;
    events.push(...told);
  }
  events.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  const changed = await db.record(events);
  return { jobs, withoutReport, events: events.length, signatures: changed.length };
}
