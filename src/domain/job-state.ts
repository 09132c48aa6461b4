import { z } from 'zod';
import { CrashReportSchema } from './crash-report.js';
import { GatesSchema, ReproRunSchema } from './gates.js';
import { DeploymentSchema, FixedBuildSchema, ReleaseSchema, RollbackSchema, StressRunSchema } from './release.js';

export { GatesSchema, ReproRunSchema, type Gates, type ReproRun } from './gates.js';
export * from './job-parts.js';
import {
  AnalysisRecordSchema,
  ApprovalGateSchema,
  ApprovalRecordSchema,
  BuildRecordSchema,
  MergeRecordSchema,
  PublicationSchema,
  PullRequestRecordSchema,
  RejectionSchema,
  RevisionSchema,
  WorktreeSchema,
} from './job-parts.js';

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

/** The unfixed build's reproduction, made once per job before the first fix is applied. */
const Reproduced = { unfixedRun: ReproRunSchema.optional() };

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

/** The fix is applied in its own work tree; the build stage compiles it next. */
const Compiling = z.object({ status: z.literal('COMPILING'), ...Reported, ...Reproduced, ...Revised, analysis: AnalysisRecordSchema, worktree: WorktreeSchema });

/** The fix compiled; the test stage runs next. */
const Testing = z.object({ status: z.literal('TESTING'), ...Reported, ...Reproduced, ...Revised, analysis: AnalysisRecordSchema, worktree: WorktreeSchema, build: BuildRecordSchema });

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

/** The pull request waits for the approval click in the gate environment. */
const AwaitingApproval = PrCreated.extend({ status: z.literal('AWAITING_APPROVAL'), gate: ApprovalGateSchema });

/** Approved in the gate and merged (or set to merge itself). Deploying comes next. */
const Approved = AwaitingApproval.extend({ status: z.literal('APPROVED'), approval: ApprovalRecordSchema, merge: MergeRecordSchema });

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
