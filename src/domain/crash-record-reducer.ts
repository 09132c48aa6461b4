import { instant, placeBuild, type BuildLedger } from './build-ledger.js';
import type { CrashEvent, CrashRecord, CrashStatus, Lesson } from './crash-record.js';

/**
 * The crash database's one rule book: a record is what its events made it.
 * Pure (no clock, no I/O), so every store (state folder, GitHub issue) and
 * `db import` derive the same record from the same events.
 */

/**
 * Lists are kept to their newest entries so a record stays small enough for a
 * GitHub issue body. `applied` is the idempotency window: a re-run repeats
 * recent events; the local store also keeps every event id it applied.
 */
export const RECORD_LIMITS = { applied: 500, jobs: 100, analyses: 100, lessons: 20, lessonChars: 2000, regressions: 50, unplaced: 50 } as const;

type Occurrence = Extract<CrashEvent, { kind: 'occurrence' }>;
type Counted = CrashRecord['occurrences']['byBuild'][string];

/** The record of a signature before any event: nothing seen yet, timed at `at`. */
export function emptyRecord(signature: string, at: string): CrashRecord {
  return {
    signature,
    title: signature,
    module: null,
    status: 'new',
    occurrences: { count: 0, firstSeen: at, lastSeen: at, byBuild: {}, byServer: {}, byDay: {} },
    jobs: [],
    firstDumpAt: at,
    pr: null,
    issue: null,
    analyses: [],
    builds: { attempts: 0, compiled: 0 },
    usage: { inputTokens: 0, outputTokens: 0, costUsd: 0, unpricedRuns: 0 },
    approvals: [],
    lessons: [],
    touchpoints: { rejections: 0, reviews: 0 },
    deployments: [],
    rollbacks: [],
    fixedIn: null,
    regressions: [],
    unplaced: [],
    applied: [],
  };
}

/**
 * The record after one event. An event already applied returns the record
 * unchanged; `builds` orders dump builds against a deployed fix (regressions).
 */
export function applyCrashEvent(record: CrashRecord | null, event: CrashEvent, builds: BuildLedger): CrashRecord {
  if (record !== null && record.signature !== event.signature) {
    // A store's own mistake, never the user's input (domain/ imports no error kinds).
    throw new Error(`The crash event ${event.id} is for signature ${event.signature}, not for the record of ${record.signature}`);
  }
  const current = record ?? emptyRecord(event.signature, event.at);
  if (current.applied.includes(event.id)) return current;
  const next = applyNew(current, event, builds);
  return { ...next, applied: newest([...current.applied, event.id], RECORD_LIMITS.applied) };
}

function applyNew(record: CrashRecord, event: CrashEvent, builds: BuildLedger): CrashRecord {
  switch (event.kind) {
    case 'occurrence':
      return applyOccurrence(record, event, builds);
    case 'analysed': {
      const status = event.outcome === 'fix' ? reopened(record.status, 'analysing') : event.outcome === 'low-confidence' ? reopened(record.status, 'low-confidence') : record.status;
      const usage = event.usage === null ? record.usage : {
        inputTokens: record.usage.inputTokens + event.usage.inputTokens,
        outputTokens: record.usage.outputTokens + event.usage.outputTokens,
        costUsd: record.usage.costUsd + (event.usage.costUsd ?? 0),
        unpricedRuns: record.usage.unpricedRuns + (event.usage.costUsd === null ? 1 : 0),
      };
      const analysis = { jobId: event.jobId, at: event.at, outcome: event.outcome, lessons: event.lessons };
      return { ...record, status, usage, jobs: withJob(record.jobs, event.jobId), analyses: newest([...record.analyses, analysis], RECORD_LIMITS.analyses) };
    }
    case 'built':
      return { ...record, jobs: withJob(record.jobs, event.jobId), builds: { attempts: record.builds.attempts + 1, compiled: record.builds.compiled + (event.compiled ? 1 : 0) } };
    case 'pr-opened': {
      // A late report of the pull request already approved or deployed does not move it back.
      const samePrFurther = record.pr?.number === event.pr.number && LATER_THAN_PR.includes(record.status);
      return { ...record, jobs: withJob(record.jobs, event.jobId), status: samePrFurther ? record.status : 'pr-open', pr: { ...event.pr, openedAt: event.at, severity: event.severity } };
    }
    case 'issue-opened':
      return { ...record, issue: event.issue, status: record.status === 'new' || record.status === 'analysing' ? 'low-confidence' : record.status };
    case 'approved':
      return { ...record, status: DEPLOYED.includes(record.status) ? record.status : 'approved', approvals: [...record.approvals, { reviewers: event.reviewers, at: event.at }] };
    case 'rejected':
      return {
        ...record,
        status: record.status === 'deployed' ? record.status : 'rejected',
        touchpoints: { ...record.touchpoints, rejections: record.touchpoints.rejections + 1 },
        lessons: withLesson(record.lessons, { id: event.id, kind: 'rejection', signature: record.signature, module: event.module ?? record.module, author: event.reviewer, text: event.reason, at: event.at }),
      };
    case 'review':
      return {
        ...record,
        touchpoints: { ...record.touchpoints, reviews: record.touchpoints.reviews + 1 },
        lessons: withLesson(record.lessons, { id: event.id, kind: 'review', signature: record.signature, module: event.module ?? record.module, author: event.author, text: reviewText(event), at: event.at }),
      };
    case 'deployed': {
      const deployment = { target: event.target, environment: event.environment, url: event.deployment?.url ?? null, id: event.deployment?.number ?? null, at: event.at, build: event.build };
      const deployments = [...record.deployments, deployment];
      if (event.target === 'production') return { ...record, deployments, status: 'deployed', fixedIn: { ...event.build, at: event.at } };
      return { ...record, deployments, status: record.status === 'deployed' ? record.status : 'deployed-test' };
    }
    case 'rolled-back': {
      const rollbacks = [...record.rollbacks, { target: event.target, reason: event.reason, dumpSignature: event.dumpSignature, at: event.at }];
      // A fix taken out of production no longer says which builds are fixed.
      return { ...record, rollbacks, status: 'rolled-back', fixedIn: event.target === 'production' ? null : record.fixedIn };
    }
    default: {
      const unhandled: never = event;
      return unhandled;
    }
  }
}

/**
 * Counts a dump. With a fix deployed, a dump from a build that contains it is
 * a regression and reopens the record (a later fix can go through again); a
 * dump from an older build is only counted; one whose build cannot be placed
 * is counted and listed in `unplaced`.
 */
function applyOccurrence(record: CrashRecord, event: Occurrence, builds: BuildLedger): CrashRecord {
  const firstDump = record.occurrences.count === 0;
  const occurrences = {
    count: record.occurrences.count + 1,
    firstSeen: firstDump ? event.at : earliest(record.occurrences.firstSeen, event.at),
    lastSeen: firstDump ? event.at : latest(record.occurrences.lastSeen, event.at),
    byBuild: counted(record.occurrences.byBuild, event.build ?? 'unknown', event.at),
    byServer: counted(record.occurrences.byServer, event.server ?? 'unknown', event.at),
    byDay: { ...record.occurrences.byDay, [utcDay(event.at)]: (record.occurrences.byDay[utcDay(event.at)] ?? 0) + 1 },
  };
  const next: CrashRecord = {
    ...record,
    title: firstDump || record.title === record.signature ? event.title : record.title,
    module: record.module ?? event.module,
    occurrences,
    firstDumpAt: firstDump ? event.at : earliest(record.firstDumpAt, event.at),
    jobs: event.jobId === null ? record.jobs : withJob(record.jobs, event.jobId),
  };
  if (record.fixedIn === null) return next;
  const place = placeBuild(event.build, record.fixedIn, builds);
  if (place === 'older') return next;
  if (place === 'unknown' || place === 'none') {
    return { ...next, unplaced: newest([...record.unplaced, { at: event.at, build: event.build, jobId: event.jobId }], RECORD_LIMITS.unplaced) };
  }
  const regression = { at: event.at, build: event.build ?? 'unknown', fixedIn: record.fixedIn };
  return { ...next, status: 'regressed', fixedIn: null, regressions: newest([...record.regressions, regression], RECORD_LIMITS.regressions) };
}

const DEPLOYED: readonly CrashStatus[] = ['deployed-test', 'deployed'];
const LATER_THAN_PR: readonly CrashStatus[] = ['approved', ...DEPLOYED];
/** A fix in flight: a new analysis (a revision) does not move it back. */
const IN_FLIGHT: readonly CrashStatus[] = ['pr-open', ...LATER_THAN_PR];

function reopened(current: CrashStatus, to: CrashStatus): CrashStatus {
  return IN_FLIGHT.includes(current) ? current : to;
}

function counted(map: Record<string, Counted>, key: string, at: string): Record<string, Counted> {
  const known = map[key];
  const entry = known === undefined ? { count: 1, firstSeen: at, lastSeen: at } : { count: known.count + 1, firstSeen: earliest(known.firstSeen, at), lastSeen: latest(known.lastSeen, at) };
  return { ...map, [key]: entry };
}

function withJob(jobs: readonly string[], jobId: string): string[] {
  return jobs.includes(jobId) ? [...jobs] : newest([...jobs, jobId], RECORD_LIMITS.jobs);
}

/** A lesson is what a person said: an empty reason or review teaches nothing and is not kept. */
function withLesson(lessons: readonly Lesson[], lesson: Lesson): Lesson[] {
  if (lesson.text.trim() === '') return [...lessons];
  const text = lesson.text.length > RECORD_LIMITS.lessonChars ? `${lesson.text.slice(0, RECORD_LIMITS.lessonChars - 1)}…` : lesson.text;
  return newest([...lessons, { ...lesson, text }], RECORD_LIMITS.lessons);
}

/** A review's lesson: its body, then each line comment as `path:line: text`. */
function reviewText(event: Extract<CrashEvent, { kind: 'review' }>): string {
  const comments = event.comments.map((c) => `${c.path}${c.line === null ? '' : `:${c.line}`}: ${c.body.trim()}`);
  return [event.body.trim(), ...comments].filter((part) => part !== '').join('\n');
}

function newest<T>(items: T[], limit: number): T[] {
  return items.length > limit ? items.slice(items.length - limit) : items;
}

function earliest(a: string, b: string): string {
  return instant(b) < instant(a) ? b : a;
}

function latest(a: string, b: string): string {
  return instant(b) > instant(a) ? b : a;
}

/** The UTC day of an ISO time, `YYYY-MM-DD`. */
export function utcDay(iso: string): string {
  return new Date(instant(iso)).toISOString().slice(0, 10);
}
