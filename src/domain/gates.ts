import { z } from 'zod';

/** One run of `repro-command`; its output is in `logFile`. */
export const ReproRunSchema = z.object({
  crashed: z.boolean(),
  signal: z.string().nullable(),
  exitCode: z.number().int().nullable(),
  timedOut: z.boolean(),
  durationMs: z.number().nonnegative(),
  logFile: z.string(),
});
export type ReproRun = z.infer<typeof ReproRunSchema>;

export const GatesSchema = z.object({
  compile: z.object({ attempts: z.number().int().positive(), warnings: z.number().int().nonnegative(), durationMs: z.number().nonnegative() }),
  tests: z.object({
    status: z.enum(['passed', 'failed']),
    runner: z.enum(['ctest', 'command']),
    total: z.number().int().nonnegative(),
    passed: z.number().int().nonnegative(),
    failed: z.number().int().nonnegative(),
    skipped: z.number().int().nonnegative(),
    failedTests: z.array(z.string()),
    blocking: z.boolean(),
    durationMs: z.number().nonnegative(),
  }),
  staticAnalysis: z.object({
    /** Null when neither clang-tidy nor cppcheck is installed. */
    tool: z.string().nullable(),
    findings: z.array(z.object({ file: z.string(), line: z.number().int(), severity: z.string(), message: z.string(), check: z.string().nullable() })),
  }),
  rules: z.object({ coreFiles: z.array(z.string()), buildFiles: z.array(z.string()).default([]), createdFiles: z.array(z.string()) }),
  /** Null without `repro-command` (and in records from before the gate existed). */
  reproduction: z
    .object({
      verdict: z.enum(['passed', 'failed', 'not-reproduced']),
      reason: z.string(),
      unfixed: ReproRunSchema,
      /** Null when the unfixed build did not crash: there is nothing to compare against. */
      fixed: ReproRunSchema.nullable(),
    })
    .nullable()
    .default(null),
  /** How the gates were isolated; null in records from before the allow-listed environment. */
  isolation: z
    .object({ sandbox: z.enum(['bwrap', 'none']), detail: z.string() })
    .nullable()
    .default(null),
});
export type Gates = z.infer<typeof GatesSchema>;
