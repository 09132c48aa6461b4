import path from 'node:path';
import { LocalCrashDatabase } from '../adapters/crash-db/local-crash-database.js';
import { CrashAutofixError } from '../base/errors.js';
import { fileExists } from '../base/fs/file-exists.js';
import type { CrashDatabase } from '../domain/crash-record.js';
import { crashStats } from '../domain/crash-stats.js';
import { weeklyCounts, type StatsWindow } from '../domain/crash-window.js';
import { topCrashers } from '../domain/top-crashers.js';
import { renderStatsMarkdown, type StatsReport } from '../publish/render-crash-stats.js';
import type { Settings } from '../settings/build-settings.js';
import type { Since } from '../settings/field-types.js';

/** The window when `since` is not given: the last 30 days. */
export const DEFAULT_SINCE: Since = { days: 30 };
const TOP_CRASHERS = 10;
const DAY_MS = 86_400_000;

/** The local crash database's file in the state folder (the store the `crash-db` composition opens by default). */
export function localCrashDatabaseFile(stateDir: string): string {
  return path.join(stateDir, 'crash-db.json');
}

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
export async function runStats(settings: Settings, now: Date, open: (settings: Settings) => Promise<StatsSource> = openLocal): Promise<{ text: string; note: string }> {
  const window = statsWindow(settings.since, now);
  const source = await open(settings);
  const report = await crashStatsReport(source.database, window);
  const text = settings.json ? `${JSON.stringify({ ...report.stats, topCrashers: report.top, weeks: report.weeks }, null, 2)}\n` : renderStatsMarkdown(report);
  return { text, note: source.describe };
}

function openLocal(settings: Settings): Promise<StatsSource> {
  return openLocalCrashDatabase(settings.stateDir);
}

/** The local crash database for reading; a missing file reads as empty and is not created. */
export async function openLocalCrashDatabase(stateDir: string): Promise<StatsSource> {
  const file = localCrashDatabaseFile(stateDir);
  // A read creates nothing: without the file there is nothing to count.
  if (!(await fileExists(file))) return { database: { list: () => Promise.resolve([]) }, describe: `No crash database at ${file} yet (the pipeline commands write it): every figure says no data` };
  return { database: await LocalCrashDatabase.create(file), describe: `Crash database: ${file}` };
}
