import { describeError } from '../base/errors.js';
import type { CrashDatabase } from '../domain/crash-record.js';
import { crashStats } from '../domain/crash-stats.js';
import type { JobState } from '../domain/job-state.js';
import { renderCrashDashboard } from '../publish/render-crash-record.js';
import { withReport } from './result-outputs.js';
import { statsWindow } from './run-stats.js';

/**
 * The job summary's dashboard: the crash's record and the six numbers over
 * the last 30 days, from the crash database. The summary does not hang on the
 * database: one that cannot be read gives one line saying so. Null before
 * the job has a report (no signature to show), and with the database off (null).
 */
export async function crashDashboard(database: () => Promise<Pick<CrashDatabase, 'list'> | null>, state: JobState, now: Date): Promise<string | null> {
  const reported = withReport(state);
  if (reported === null) return null;
  const signature = reported.report.signature;
  try {
    const db = await database();
    if (db === null) return null;
    const records = await db.list();
    return renderCrashDashboard(records.find((r) => r.signature === signature) ?? null, signature, crashStats(records, statsWindow(null, now)));
  } catch (error) {
    return `### Crash record\n\nThe crash database could not be read: ${describeError(error)}\n`;
  }
}
