import { z } from 'zod';
import { LessonSchema } from './crash-record.js';
import { FixProposalSchema } from './fix-proposal.js';

/** The parts a job's states are made of: what each stage adds to the record. */

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

/** The approval gate: the environment a person approves in, and the workflow run that waits for it. */
export const ApprovalGateSchema = z.object({
  environment: z.string(),
  /** The workflow run whose environment reviews decide; null on the command line (a person ran the command). */
  runId: z.number().int().positive().nullable(),
  repository: z.string(),
  since: z.string(),
});
export type ApprovalGate = z.infer<typeof ApprovalGateSchema>;

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
