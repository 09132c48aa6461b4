import { z } from 'zod';

/**
 * The crash database's contract: what every command tells it (events), what it
 * keeps per crash signature (the record), and the port a store implements.
 * The local store (state folder) and the GitHub-issue store share it.
 */

export const CRASH_STATUSES = [
  'new',
  'analysing',
  'pr-open',
  'approved',
  'deployed-test',
  'deployed',
  'low-confidence',
  'rejected',
  'rolled-back',
  'regressed',
] as const;
export type CrashStatus = (typeof CRASH_STATUSES)[number];

const iso = z.string().datetime({ offset: true });
const signature = z.string().min(1);
const link = z.object({ number: z.number().int().positive(), url: z.string() });

/** A deployed build: the merged commit, the release's checksum, and the build ids of the programs in it (ELF build id, PE key). */
export const DeployedBuildSchema = z.object({
  commit: z.string(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  buildIds: z.array(z.string()),
});
export type DeployedBuild = z.infer<typeof DeployedBuildSchema>;

export const ModelUsageSchema = z.object({
  inputTokens: z.number().int().nonnegative(),
  outputTokens: z.number().int().nonnegative(),
  costUsd: z.number().nonnegative().nullable(),
});

/**
 * Every event has an id unique to what happened (`<jobId>:pr-opened`), so a
 * re-run that reports it again changes nothing.
 */
const base = { id: z.string().min(1), signature, at: iso };

export const CrashEventSchema = z.discriminatedUnion('kind', [
  /** A dump of this crash: intake (analyze, fix, scan, watch, stress). */
  z.object({
    kind: z.literal('occurrence'),
    ...base,
    title: z.string(),
    /** The culprit's folder in the repository; null without an in-app frame. */
    module: z.string().nullable(),
    jobId: z.string().nullable(),
    dumpSha256: z.string().nullable(),
    /** The crashed program's build id (ELF build id, PE key); null when the dump does not say. */
    build: z.string().nullable(),
    /** The host or share folder the dump came from. */
    server: z.string().nullable(),
  }),
  /** The model was asked (or not): `skipped` without a key, `failed` when the job failed before a fix. */
  z.object({
    kind: z.literal('analysed'),
    ...base,
    jobId: z.string(),
    outcome: z.enum(['fix', 'low-confidence', 'skipped', 'failed']),
    usage: ModelUsageSchema.nullable(),
    /** The lessons (see `lessons`) the prompt carried. */
    lessons: z.array(z.string()),
  }),
  /** One build of one fix attempt. */
  z.object({ kind: z.literal('built'), ...base, jobId: z.string(), attempt: z.number().int().positive(), compiled: z.boolean() }),
  z.object({ kind: z.literal('pr-opened'), ...base, jobId: z.string(), pr: link, severity: z.enum(['critical', 'high', 'medium', 'low']) }),
  /** The low-confidence analysis went to an issue. */
  z.object({ kind: z.literal('issue-opened'), ...base, issue: link }),
  z.object({ kind: z.literal('approved'), ...base, reviewers: z.array(z.string()).min(1) }),
  z.object({ kind: z.literal('rejected'), ...base, reviewer: z.string(), reason: z.string(), module: z.string().nullable() }),
  /** A reviewer asked for changes (a human touchpoint, and a lesson). */
  z.object({
    kind: z.literal('review'),
    ...base,
    author: z.string(),
    body: z.string(),
    module: z.string().nullable(),
    comments: z.array(z.object({ path: z.string(), line: z.number().int().nullable(), body: z.string() })),
  }),
  z.object({
    kind: z.literal('deployed'),
    ...base,
    target: z.enum(['test', 'production']),
    environment: z.string(),
    deployment: link.nullable(),
    build: DeployedBuildSchema,
  }),
  z.object({
    kind: z.literal('rolled-back'),
    ...base,
    target: z.enum(['test', 'production']),
    reason: z.string(),
    /** The signature of the dump that failed the stress run, if one did. */
    dumpSignature: z.string().nullable(),
  }),
]);
export type CrashEvent = z.infer<typeof CrashEventSchema>;
export type CrashEventKind = CrashEvent['kind'];

/** A fix in production: the build and when it was deployed. */
export const FixedInSchema = DeployedBuildSchema.extend({ at: iso });
export type FixedIn = z.infer<typeof FixedInSchema>;

const counted = z.object({ count: z.number().int().nonnegative(), firstSeen: iso, lastSeen: iso });

/** A lesson: what a person said about a fix, kept per module and per signature for later prompts. */
export const LessonSchema = z.object({
  /** The event it came from. */
  id: z.string(),
  kind: z.enum(['rejection', 'review']),
  signature,
  module: z.string().nullable(),
  author: z.string(),
  text: z.string(),
  at: iso,
});
export type Lesson = z.infer<typeof LessonSchema>;

/** What the database keeps per crash signature: derived from its events, never hand-edited. */
export const CrashRecordSchema = z.object({
  signature,
  title: z.string(),
  module: z.string().nullable(),
  status: z.enum(CRASH_STATUSES),
  occurrences: counted.extend({
    /** Per program build id (`unknown` when the dump does not name one). */
    byBuild: z.record(z.string(), counted),
    byServer: z.record(z.string(), counted),
    /** Per UTC day (`YYYY-MM-DD`): the weekly chart and the trend windows. */
    byDay: z.record(z.string(), z.number().int().positive()),
  }),
  jobs: z.array(z.string()),
  /** The first dump's time, and when its pull request opened: time to PR. */
  firstDumpAt: iso,
  pr: link.extend({ openedAt: iso, severity: z.enum(['critical', 'high', 'medium', 'low']) }).nullable(),
  issue: link.nullable(),
  analyses: z.array(z.object({ jobId: z.string(), at: iso, outcome: z.enum(['fix', 'low-confidence', 'skipped', 'failed']), lessons: z.array(z.string()) })),
  builds: z.object({ attempts: z.number().int().nonnegative(), compiled: z.number().int().nonnegative() }),
  usage: z.object({ inputTokens: z.number().int().nonnegative(), outputTokens: z.number().int().nonnegative(), costUsd: z.number().nonnegative(), unpricedRuns: z.number().int().nonnegative() }),
  approvals: z.array(z.object({ reviewers: z.array(z.string()), at: iso })),
  lessons: z.array(LessonSchema),
  /** People's rejections and change requests, counted (the lessons keep only the newest, and none for an empty text): human touchpoints. */
  touchpoints: z.object({ rejections: z.number().int().nonnegative(), reviews: z.number().int().nonnegative() }),
  deployments: z.array(z.object({ target: z.enum(['test', 'production']), environment: z.string(), url: z.string().nullable(), id: z.number().int().nullable(), at: iso, build: DeployedBuildSchema })),
  rollbacks: z.array(z.object({ target: z.enum(['test', 'production']), reason: z.string(), dumpSignature: z.string().nullable(), at: iso })),
  /** The production build that fixed it: a dump from this build or a later one is a regression. */
  fixedIn: FixedInSchema.nullable(),
  /** Each regression reopens the record (fixedIn back to null); `fixedIn` is the fix that did not hold. */
  regressions: z.array(z.object({ at: iso, build: z.string(), fixedIn: FixedInSchema })),
  /**
   * Dumps that came while a fix was deployed but could not be placed against it
   * (a build id the ledger does not know, or none): only counted, and listed here
   * so the stats can say a regression could not be told.
   */
  unplaced: z.array(z.object({ at: iso, build: z.string().nullable(), jobId: z.string().nullable() })),
  /** Event ids already applied (the most recent ones; see crash-record-reducer.ts): a repeated event changes nothing. */
  applied: z.array(z.string()),
});
export type CrashRecord = z.infer<typeof CrashRecordSchema>;

/** A store of crash records. Every write is atomic and idempotent per event id. */
export interface CrashDatabase {
  /** Applies the events in order; returns the records they changed. */
  record(events: readonly CrashEvent[]): Promise<CrashRecord[]>;
  get(signature: string): Promise<CrashRecord | null>;
  list(): Promise<CrashRecord[]>;
}
