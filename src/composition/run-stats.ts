import { CrashAutofixError } from '../base/errors.js';
import { fileExists } from '../base/fs/file-exists.js';
import type { CrashDatabase } from '../domain/crash-record.js';
import { crashStats } from '../domain/crash-stats.js';
import { weeklyCounts, type StatsWindow } from '../domain/crash-window.js';
import { topCrashers } from '../domain/top-crashers.js';
import { renderStatsMarkdown, type StatsReport } from '../publish/render-crash-stats.js';
import type { Settings } from '../settings/build-settings.js';
import type { Since } from '../settings/field-types.js';
import { openCrashDatabase } from './crash-database.js';

/** The window when `since` is not given: the last 30 days. */
export const DEFAULT_SINCE: Since = { days: 30 };
const TOP_CRASHERS = 10;
const DAY_MS = 86_400_000;

/** `30d`: the last 30 days, today included; a day: from its start (UTC) to now. */
export function statsWindow(since: Since | null, now: Date): StatsWindow {
  const s = since ?? DEFAULT_SINCE;
  if ('days' in s) return { since: new Date(now.getTime() - (s.days - 1) * DAY_MS), now };
  const start = new Date(`${s.date}T00:00:00Z`);
  if (start.getTime() > now.getTime()) {
    throw new CrashAutofixError('config', `Option '--since' must be a day up to today (${now.toISOString().slice(0, 10)}), got ${JSON.stringify(s.date)}; give an earlier day or a number of days such as 30d`);
  }
  return { since: start, now };
}

/** Every figure of `stats` over the database's records. */
export async function crashStatsReport(database: Pick<CrashDatabase, 'list'>, window: StatsWindow): Promise<StatsReport> {
  const records = await database.list();
  return { stats: crashStats(records, window), top: topCrashers(records, window, TOP_CRASHERS), weeks: weeklyCounts(records, window) };
}

/** A store `stats` reads, and a line saying which. */
export interface StatsSource {
  database: Pick<CrashDatabase, 'list'>;
  /** e.g. `Crash database: /srv/state/crash-db.json`. */
  describe: string;
}

/** `crash-autofix stats`: the report as Markdown, or as JSON with `--json`, and a line naming the database. */
export async function runStats(settings: Settings, now: Date, open: (settings: Settings) => Promise<StatsSource> = openForStats): Promise<{ text: string; note: string }> {
  const window = statsWindow(settings.since, now);
  const source = await open(settings);
  const report = await crashStatsReport(source.database, window);
  const text = settings.json ? `${JSON.stringify({ ...report.stats, topCrashers: report.top, weeks: report.weeks }, null, 2)}\n` : renderStatsMarkdown(report);
  return { text, note: source.describe };
}

/** The database `crash-db` chooses; a missing local file reads as empty and is not created (a read writes nothing). */
async function openForStats(settings: Settings): Promise<StatsSource> {
  if (settings.crashDb === 'off') {
    throw new CrashAutofixError('config', "The crash database is off ('crash-db: off'), so there is nothing to count; set crash-db to local or github");
  }
  if (settings.crashDb === 'local' && !(await fileExists(settings.crashDbFile))) {
    return { database: { list: () => Promise.resolve([]) }, describe: `No crash database at ${settings.crashDbFile} yet (the pipeline commands write it): every figure says no data` };
  }
  const database = await openCrashDatabase(settings);
  if (database === null) throw new CrashAutofixError('internal', `No crash database for crash-db '${settings.crashDb}'`);
  const where = settings.crashDb === 'local' ? settings.crashDbFile : `the crash issues of ${settings.githubApi?.owner ?? ''}/${settings.githubApi?.repo ?? ''}`;
  return { database, describe: `Crash database: ${where}` };
}
