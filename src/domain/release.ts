import { z } from 'zod';

/** Where a release goes: the test server first, production after the stress run. */
export const TARGETS = ['test', 'production'] as const;
export type Target = (typeof TARGETS)[number];

const sha256 = z.string().regex(/^[0-9a-f]{64}$/);

/**
 * The build that passed the gates, packed into the job folder so it travels
 * with the record to the stress and production jobs: its files, one checksum
 * over them (checked before every later step), and the commit it was merged as.
 */
export const ReleaseSchema = z.object({
  /** The packed files, in the job folder. */
  dir: z.string(),
  /** SHA-256 of the manifest (each file's path, size and SHA-256, sorted). */
  sha256,
  files: z.number().int().positive(),
  bytes: z.number().int().nonnegative(),
  /** Build ids of the programs in it (ELF build id, PE key): a later dump from one of them is from the fixed build. */
  buildIds: z.array(z.string()),
  /** The merge commit on the base branch. */
  commit: z.string(),
  /** The fix commit whose build passed the gates. */
  fixCommit: z.string(),
  packedAt: z.string(),
});
export type Release = z.infer<typeof ReleaseSchema>;

/** One deployment to one environment, with its checkpoints: a re-run never deploys a finished one again. */
export const DeploymentSchema = z.object({
  target: z.enum(TARGETS),
  environment: z.string(),
  /** The GitHub Deployment; null without GitHub. */
  id: z.number().int().positive().nullable(),
  url: z.string().nullable(),
  createdAt: z.string(),
  /** Set before the deploy command starts: a re-run after a kill during it runs it once more (deploy commands must be safe to repeat). */
  deployStartedAt: z.string().nullable(),
  /** The deploy command finished: a re-run only checks health. */
  deployedAt: z.string().nullable(),
  healthyAt: z.string().nullable(),
});
export type Deployment = z.infer<typeof DeploymentSchema>;

/** One check of the stress run: health, and the metric when one is set. */
export const StressCheckSchema = z.object({
  at: z.string(),
  healthy: z.boolean(),
  /** The metric's value; null when the command printed no number (counted as a failed check). */
  metric: z.number().nullable(),
  failed: z.boolean(),
  note: z.string(),
});
export type StressCheck = z.infer<typeof StressCheckSchema>;

/** A dump that appeared in `dump-dir` during the stress run. */
export const StressDumpSchema = z.object({
  file: z.string(),
  sha256,
  /** Null when the dump could not be read (counted as a failure: the server crashed). */
  signature: z.string().nullable(),
  /** The fixed crash again (the fix failed), or a new one (a new intake job). */
  verdict: z.enum(['same-crash', 'new-crash', 'unreadable']),
  /** The intake job started for a new crash. */
  jobId: z.string().nullable(),
  note: z.string(),
});
export type StressDump = z.infer<typeof StressDumpSchema>;

/** The stress run so far (checkpointed after every check) or finished. */
export const StressRunSchema = z.object({
  startedAt: z.string(),
  /** The dumps already in `dump-dir` when the run started: not this run's. */
  baseline: z.array(z.string()),
  /** Milliseconds of load already run, across re-runs after a kill. */
  elapsedMs: z.number().nonnegative(),
  durationMs: z.number().positive(),
  checks: z.array(StressCheckSchema),
  dumps: z.array(StressDumpSchema),
  /** The load command's runs: exit code (null: stopped at the end of the window or by a signal). */
  loads: z.array(z.object({ exitCode: z.number().int().nullable(), durationMs: z.number().nonnegative(), stoppedAtEnd: z.boolean() })),
  finishedAt: z.string().nullable(),
});
export type StressRun = z.infer<typeof StressRunSchema>;

export const RollbackSchema = z.object({
  target: z.enum(TARGETS),
  reason: z.string(),
  /** The dump that failed the stress run, if one did. */
  dumpSignature: z.string().nullable(),
  /** Intake jobs started for new crashes seen during the run. */
  newJobs: z.array(z.string()),
  /** The rollback command's exit code; null when none is set. */
  commandExitCode: z.number().int().nullable(),
  at: z.string(),
});
export type Rollback = z.infer<typeof RollbackSchema>;

/** What `DEPLOYED` keeps: the production build that fixed the crash. */
export const FixedBuildSchema = z.object({ commit: z.string(), sha256, buildIds: z.array(z.string()), at: z.string() });
export type FixedBuild = z.infer<typeof FixedBuildSchema>;
