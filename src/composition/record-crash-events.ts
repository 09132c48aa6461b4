import { existsSync } from 'node:fs';
import type { CrashIssueClient } from '../adapters/github/crash-issue-client.js';
import { describeError } from '../base/errors.js';
import type { CrashEvent, CrashRecord } from '../domain/crash-record.js';
import { culpritModule } from '../domain/crash-lessons.js';
import { jobCrashEvents } from '../domain/job-crash-events.js';
import type { JobRecord } from '../domain/job-state.js';
import type { ReviewInput } from '../analysis/review-text.js';
import { dumpProgramBuild } from '../intake/build-identity.js';
import type { Logger } from '../pipeline/logger.js';
import type { Settings } from '../settings/build-settings.js';
import { openCrashDatabase } from './crash-database.js';

/** The crashed program's build id as the dump records it (ELF build id, PE image key): regressions are told by it. */
async function dumpBuildOf(record: JobRecord): Promise<string | null> {
  const state = record.state.status === 'FAILED' ? record.state.resumeFrom : record.state;
  if (!('dump' in state) || state.dump.kind !== 'dump' || !existsSync(state.dump.path)) return null;
  return dumpProgramBuild(state.dump.path);
}

function serverOf(record: JobRecord): string | null {
  const state = record.state.status === 'FAILED' ? record.state.resumeFrom : record.state;
  if ('dump' in state) return state.dump.server ?? null;
  return 'input' in state ? (state.input.server ?? null) : null;
}

/**
 * After a command: what its jobs tell the crash database (`crash-db`). A
 * database that cannot be written is a warning: the job's own outcome stands,
 * and `crash-autofix db import` rebuilds the database from the job records later.
 */
export async function recordCrashEvents(settings: Settings, records: readonly JobRecord[], log: Logger, github: CrashIssueClient | null = null, extra: readonly CrashEvent[] = []): Promise<CrashRecord[]> {
  if (settings.crashDb === 'off' || records.length + extra.length === 0) return [];
  try {
    const db = await openCrashDatabase(settings, github);
    if (db === null) return [];
    const events = [];
    for (const record of records) events.push(...jobCrashEvents(record, { build: await dumpBuildOf(record), server: serverOf(record) }));
    events.push(...extra);
    events.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
    return await db.record(events);
  } catch (error) {
    log.warning(`The crash database (${settings.crashDb}) was not updated: ${describeError(error)}; 'crash-autofix db import' rebuilds it from the job records`);
    return [];
  }
}

/** A reviewer's request for changes, as the crash database keeps it: a touchpoint and a lesson for the crash's module. */
export function reviewEvent(record: JobRecord, asked: { kind: 'review' | 'comment'; id: number; author: string }, input: ReviewInput, at: Date): CrashEvent | null {
  const state = record.state.status === 'FAILED' ? record.state.resumeFrom : record.state;
  if (!('report' in state)) return null;
  const body = input.kind === 'comment' ? input.text : input.review.body;
  const comments = input.kind === 'comment' ? [] : input.review.comments.map((c) => ({ path: c.path, line: c.line, body: c.body }));
  return { kind: 'review', id: `${record.jobId}:review:${asked.kind}:${asked.id}`, signature: state.report.signature, at: at.toISOString(), author: asked.author, body, module: culpritModule(state.report), comments };
}
