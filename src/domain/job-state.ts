import { z } from 'zod';
import { FixProposalSchema } from './fix-proposal.js';
import { CrashReportSchema } from './crash-report.js';
import { GatesSchema, ReproRunSchema } from './gates.js';
import { LessonSchema } from './crash-record.js';
import { DeploymentSchema, FixedBuildSchema, ReleaseSchema, RollbackSchema, StressRunSchema } from './release.js';

export { GatesSchema, ReproRunSchema, type Gates, type ReproRun } from './gates.js';

/** Bump when a job record changes shape; older records are refused with a clear message. */
export const JOB_SCHEMA_VERSION = 1;

export const DumpFormatSchema = z.enum(['elf-core', 'minidump', 'debugger-text']);
export type DumpFormat = z.infer<typeof DumpFormatSchema>;

/** What the job was started with. */
export const JobInputSchema = z.object({
  /** The dump, or the saved debugger text. */
  path: z.string(),
  kind: z.enum(['dump', 'debugger-text']),
  /** SHA-256 content fingerprint; its first 16 hex digits are the job id. */
  fingerprint: z.string().regex(/^[0-9a-f]{64}$/),
  sizeBytes: z.number().int().nonnegative(),
  executable: z.string().nullable(),
  /** The server it came from (the crash-dump event's `server`, or `watch`'s host); absent when not known. */
  server: z.string().optional(),
});
export type JobInput = z.infer<typeof JobInputSchema>;

/** A dump whose format has been recognised and checked. */
export const DumpRefSchema = JobInputSchema.extend({
  format: DumpFormatSchema,
  debugger: z.enum(['gdb', 'cdb']),
});
export type DumpRef = z.infer<typeof DumpRefSchema>;

export const ReportFilesSchema = z.object({ json: z.string(), markdown: z.string() });
export type ReportFiles = z.infer<typeof ReportFilesSchema>;

const CrashDetected = z.object({ status: z.literal('CRASH_DETECTED'), input: JobInputSchema });
const Parsing = z.object({ status: z.literal('PARSING'), dump: DumpRefSchema });
const AnalysisPending = z.object({
  status: z.literal('ANALYSIS_PENDING'),
  dump: DumpRefSchema,
  report: CrashReportSchema,
  files: ReportFilesSchema,
});

const Reported = AnalysisPending.omit({ status: true }).shape;

/** No API key: the report went out, the model was not asked. Terminal. */
const AnalysisSkipped = z.object({ status: z.literal('ANALYSIS_SKIPPED'), ...Reported, reason: z.string() });

const Analyzing = z.object({
  status: z.literal('ANALYZING'),
  ...Reported,
  /** The repository guidance file given to the model, if any. */
  guidanceFile: z.string().nullable(),
});

export const UsageSchema = z.object({
  inputTokens: z.number().int().nonnegative(),
  outputTokens: z.number().int().nonnegative(),
  cacheReadTokens: z.number().int().nonnegative(),
  cacheWriteTokens: z.number().int().nonnegative(),
  turns: z.number().int().nonnegative(),
  /** Null for models without a known price. */
  estimatedCostUsd: z.number().nonnegative().nullable(),
});
export type Usage = z.infer<typeof UsageSchema>;

export const AnalysisRecordSchema = z.object({
  model: z.string(),
  /** 1 for the first fix; each fix revised after a failed build counts one more. */
  attempt: z.number().int().positive(),
  proposal: FixProposalSchema,
  usage: UsageSchema,
  files: z.object({ transcript: z.string(), conversation: z.string(), json: z.string(), markdown: z.string() }),
  /** The reviewers' lessons the first prompt carried (the pull request names them); absent in older records and without any. */
  lessons: z.array(LessonSchema).optional(),
});
export type AnalysisRecord = z.infer<typeof AnalysisRecordSchema>;

/** The unfixed build's reproduction, made once per job before the first fix is applied. */
const Reproduced = { unfixedRun: ReproRunSchema.optional() };

/** The review, or the `/crash-autofix revise` comment, that asked for a revision. */
export const RevisionRequestSchema = z.object({
  kind: z.enum(['review', 'comment']),
  /** The review's or the comment's id on GitHub. */
  id: z.number().int().positive(),
  author: z.string(),
});
export type RevisionRequest = z.infer<typeof RevisionRequestSchema>;

/**
 * How often a reviewer's request changed the published fix (`revise`). Absent
 * in records from before it, and for a fix as first published: 0 revisions.
 */
export const RevisionSchema = z.object({
  count: z.number().int().nonnegative(),
  request: RevisionRequestSchema.nullable(),
  /** The analysis attempt the revision started at: `max-fix-attempts` counts the fixes of each revision. */
  attempt: z.number().int().positive(),
});
export type Revision = z.infer<typeof RevisionSchema>;
/** Carried from the revision's FIX_GENERATED to the pull request it updates. */
const Revised = { revision: RevisionSchema.optional() };

const FixGenerated = z.object({ status: z.literal('FIX_GENERATED'), ...Reported, ...Reproduced, ...Revised, analysis: AnalysisRecordSchema });
/** The model was not sure enough: the analysis is recorded, no code changes. Terminal. */
const LowConfidence = z.object({
  status: z.literal('LOW_CONFIDENCE'),
  ...Reported,
  analysis: AnalysisRecordSchema,
  minConfidence: z.number(),
  /** The GitHub issue that carries the analysis, when GitHub is configured. */
  issue: z.object({ number: z.number().int(), url: z.string() }).nullable(),
});
const ApplyingFix = z.object({ status: z.literal('APPLYING_FIX'), ...Reported, ...Reproduced, ...Revised, analysis: AnalysisRecordSchema });

export const WorktreeSchema = z.object({
  dir: z.string(),
  branch: z.string(),
  baseCommit: z.string(),
  diffFile: z.string(),
  /** SHA-256 of the fix's diff: with baseCommit, what the source of the build is. Null in older records. */
  diffSha256: z.string().regex(/^[0-9a-f]{64}$/).nullable().default(null),
  /** Exactly the files the accepted edits touched: the only ones diffed, committed and pushed. */
  files: z.array(z.object({ path: z.string(), core: z.boolean(), build: z.boolean().default(false), created: z.boolean() })),
});
export type Worktree = z.infer<typeof WorktreeSchema>;

/** The fix is applied in its own work tree; the build stage compiles it next. */
const Compiling = z.object({ status: z.literal('COMPILING'), ...Reported, ...Reproduced, ...Revised, analysis: AnalysisRecordSchema, worktree: WorktreeSchema });

/** What was built, so a later job (on another runner) can tell whether a build is the one that passed the gates. */
export const BuildIdentitySchema = z.object({
  baseCommit: z.string(),
  diffSha256: z.string().nullable(),
  /** How: `cmake <config> [target]` or the build command. */
  builder: z.string(),
});
export type BuildIdentity = z.infer<typeof BuildIdentitySchema>;

export const BuildRecordSchema = z.object({
  buildDir: z.string(),
  /** Null in records from before it was kept. */
  identity: BuildIdentitySchema.nullable().default(null),
  logFile: z.string().nullable(),
  durationMs: z.number().nonnegative(),
  warnings: z.number().int().nonnegative(),
});
export type BuildRecord = z.infer<typeof BuildRecordSchema>;

/** The fix compiled; the test stage runs next. */
const Testing = z.object({ status: z.literal('TESTING'), ...Reported, ...Reproduced, ...Revised, analysis: AnalysisRecordSchema, worktree: WorktreeSchema, build: BuildRecordSchema });

export const PullRequestRecordSchema = z.object({
  number: z.number().int().positive(),
  url: z.string(),
  action: z.enum(['created', 'updated']),
  commit: z.string(),
  regressionOf: z.object({ number: z.number().int(), url: z.string() }).nullable(),
});

/** Checkpoints of the publish stage: what must not be done twice. */
export const PublicationSchema = z.object({
  /** The fix commit, holding exactly the edited files, as pushed to `worktree.branch`. */
  commit: z.string().regex(/^[0-9a-f]{40,64}$/),
  pushedAt: z.string(),
});
export type Publication = z.infer<typeof PublicationSchema>;

/** Every gate passed (or, for tests without `tests-block`, reported); publishing comes next, with or without GitHub. */
const Verified = z.object({
  status: z.literal('VERIFIED'),
  ...Reported,
  ...Reproduced,
  ...Revised,
  analysis: AnalysisRecordSchema,
  worktree: WorktreeSchema,
  build: BuildRecordSchema,
  gates: GatesSchema,
  /** Set once the branch is pushed; a re-run then only opens the pull request. */
  publication: PublicationSchema.nullable().default(null),
});

/** The draft pull request is open; a person reviews it. */
const PrCreated = Verified.extend({ status: z.literal('PR_CREATED'), pr: PullRequestRecordSchema });

/** The approval gate: the environment a person approves in, and the workflow run that waits for it. */
export const ApprovalGateSchema = z.object({
  environment: z.string(),
  /** The workflow run whose environment reviews decide; null on the command line (a person ran the command). */
  runId: z.number().int().positive().nullable(),
  repository: z.string(),
  since: z.string(),
});
export type ApprovalGate = z.infer<typeof ApprovalGateSchema>;

/** The pull request waits for the approval click in the gate environment. */
const AwaitingApproval = PrCreated.extend({ status: z.literal('AWAITING_APPROVAL'), gate: ApprovalGateSchema });

export const ApprovalRecordSchema = z.object({
  /** Who approved the run's deployment to the gate environment, with what they wrote. */
  reviewers: z.array(z.object({ login: z.string(), comment: z.string() })).min(1),
  at: z.string(),
});
export const MergeRecordSchema = z.object({
  method: z.enum(['merge', 'squash', 'rebase']),
  /** Auto-merge was enabled: GitHub merges once the required checks pass. */
  auto: z.boolean(),
  /** The merge commit; null while auto-merge waits for the checks. */
  commit: z.string().nullable(),
  at: z.string(),
});
export type MergeRecord = z.infer<typeof MergeRecordSchema>;

/** Approved in the gate and merged (or set to merge itself). Deploying comes next. */
const Approved = AwaitingApproval.extend({ status: z.literal('APPROVED'), approval: ApprovalRecordSchema, merge: MergeRecordSchema });

/** A rejection as the crash database and the lessons read it. */
export const RejectionSchema = z.object({
  reviewer: z.string(),
  reason: z.string(),
  signature: z.string(),
  /** The culprit's folder in the repository (the lessons' key); null when no in-app frame was blamed. */
  module: z.string().nullable(),
  at: z.string(),
});
export type Rejection = z.infer<typeof RejectionSchema>;

/** A person rejected the fix in the gate; the pull request is closed with their reason. Terminal. */
const Rejected = AwaitingApproval.extend({ status: z.literal('REJECTED'), rejection: RejectionSchema });

/** The release is packed and its test deployment created; the deploy command and the health check run next. */
const Deploying = Approved.extend({ status: z.literal('DEPLOYING'), release: ReleaseSchema, test: DeploymentSchema });
/** Healthy on the test server; the stress run (checkpointed after every check) decides. */
const StressTesting = Deploying.extend({ status: z.literal('STRESS_TESTING'), stress: StressRunSchema.nullable() });
/** The stress run passed; production (its own environment, often with its own reviewers) is next. */
const Promoting = StressTesting.extend({ status: z.literal('PROMOTING'), stress: StressRunSchema, production: DeploymentSchema.nullable() });
/** In production, healthy: the crash is fixed by `fixedIn`. Terminal. */
const Deployed = Promoting.extend({ status: z.literal('DEPLOYED'), production: DeploymentSchema, fixedIn: FixedBuildSchema });
/** Health never came, or the stress run failed: the previous build is back, with the reason. Terminal. */
const RolledBack = Deploying.extend({
  status: z.literal('ROLLED_BACK'),
  stress: StressRunSchema.nullable(),
  production: DeploymentSchema.nullable(),
  rollback: RollbackSchema,
});

/** Where the same crash went before: the pull request (or, without GitHub, the job) that already has it in hand. */
export const DuplicateOfSchema = z.object({
  why: z.enum(['open-pull-request', 'closed-pull-request', 'fixed-here']),
  /** The earlier job in this state folder, when it is known here. */
  jobId: z.string().regex(/^[0-9a-f]{16}$/).nullable(),
  pr: z.object({ number: z.number().int().positive(), url: z.string() }).nullable(),
});
export type DuplicateOf = z.infer<typeof DuplicateOfSchema>;

/** Another dump of a crash that is already handled (domain/seen-crashes.ts decides): not analysed again, no second pull request. Terminal. */
const Duplicate = z.object({ status: z.literal('DUPLICATE'), ...Reported, duplicateOf: DuplicateOfSchema, reason: z.string() });

const ACTIVE = [CrashDetected, Parsing, AnalysisPending, AnalysisSkipped, Duplicate, Analyzing, FixGenerated, LowConfidence, ApplyingFix, Compiling, Testing, Verified, PrCreated, AwaitingApproval, Approved, Rejected, Deploying, StressTesting, Promoting, Deployed, RolledBack] as const;

/** States a job can be resumed from. */
export const ActiveStateSchema = z.discriminatedUnion('status', [...ACTIVE]);
export type ActiveState = z.infer<typeof ActiveStateSchema>;

const Failed = z.object({
  status: z.literal('FAILED'),
  error: z.object({
    stage: z.string(),
    kind: z.string(),
    message: z.string(),
    retryable: z.boolean(),
  }),
  /** The state the failing stage started from; a re-run starts there again. */
  resumeFrom: ActiveStateSchema,
});

export const JobStateSchema = z.discriminatedUnion('status', [...ACTIVE, Failed]);
export type JobState = z.infer<typeof JobStateSchema>;
export type Status = JobState['status'];
export type StateOf<S extends Status> = Extract<JobState, { status: S }>;

export const HistoryEntrySchema = z.object({
  status: z.string(),
  at: z.string(),
  /** How long the stage that produced this state took. */
  durationMs: z.number().nonnegative().nullable(),
});
export type HistoryEntry = z.infer<typeof HistoryEntrySchema>;

export const JobRecordSchema = z.object({
  schemaVersion: z.literal(JOB_SCHEMA_VERSION),
  jobId: z.string().regex(/^[0-9a-f]{16}$/),
  createdAt: z.string(),
  updatedAt: z.string(),
  state: JobStateSchema,
  history: z.array(HistoryEntrySchema),
  /** The settings that shaped each part of the job (see composition/job-inputs.ts); a change sends a re-run back to the first affected stage. */
  inputs: z.record(z.enum(['report', 'analysis', 'policy', 'gates']), z.record(z.string(), z.string())).optional(),
});
export type JobRecord = z.infer<typeof JobRecordSchema>;
