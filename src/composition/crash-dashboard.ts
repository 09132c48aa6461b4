import { describeError } from '../base/errors.js';
import type { CrashDatabase } from '../domain/crash-record.js';
import { crashStats } from '../domain/crash-stats.js';
import type { JobRecord, JobState } from '../domain/job-state.js';
import type { Settings } from '../settings/build-settings.js';
import { openCrashDatabase } from './crash-database.js';
import { renderCrashDashboard } from '../publish/render-crash-record.js';
import { withReport } from './result-outputs.js';
import { statsWindow } from './run-stats.js';

/** The signature a job's dashboard shows: null before the job has a report. */
export function dashboardSignature(state: JobState): string | null {
  return withReport(state)?.report.signature ?? null;
}

/**
 * A job summary's dashboard (every command that knows its crash): the crash's
 * record and the six numbers over the last 30 days, from the crash database.
 * The summary does not hang on the database: one that cannot be read gives one
 * line saying so. Null without a signature, and with the database off (null).
 */
export async function crashDashboard(database: () => Promise<Pick<CrashDatabase, 'list'> | null>, signature: string | null, now: Date): Promise<string | null> {
  if (signature === null) return null;
  try {
    const db = await database();
    if (db === null) return null;
    const records = await db.list();
    return renderCrashDashboard(records.find((r) => r.signature === signature) ?? null, signature, crashStats(records, statsWindow(null, now)));
  } catch (error) {
    return `### Crash record\n\nThe crash database could not be read: ${describeError(error)}\n`;
  }
}

/** The dashboards of the crashes a command's jobs are about, one per signature, for its job summary; '' with none. */
export async function jobDashboards(settings: Settings, records: readonly JobRecord[], now: Date): Promise<string> {
  const signatures = [...new Set(records.map((r) => dashboardSignature(r.state)).filter((s): s is string => s !== null))];
  const parts: string[] = [];
  for (const signature of signatures) {
    const dashboard = await crashDashboard(() => openCrashDatabase(settings), signature, now);
    if (dashboard !== null) parts.push(dashboard);
  }
  return parts.length === 0 ? '' : `\n${parts.join('\n')}`;
}
