import { z } from 'zod';

/** Bump when the shape changes incompatibly; readers refuse other versions. */
export const CRASH_REPORT_SCHEMA_VERSION = 1;

const hex = z.string().regex(/^0x[0-9a-f]+$/, 'lower-case hex with 0x prefix');

export const FrameSchema = z.object({
  index: z.number().int().nonnegative(),
  address: hex.nullable(),
  module: z.string().nullable(),
  function: z.string().nullable(),
  /** Repository-relative with `/` when `inApp`; else as recorded on the build machine. */
  file: z.string().nullable(),
  line: z.number().int().positive().nullable(),
  inApp: z.boolean(),
  inline: z.boolean(),
});
export type Frame = z.infer<typeof FrameSchema>;

export const ThreadSchema = z.object({
  id: z.string(),
  name: z.string().nullable(),
  crashed: z.boolean(),
  frames: z.array(FrameSchema),
});
export type Thread = z.infer<typeof ThreadSchema>;

export const SourceContextSchema = z.object({
  frameIndex: z.number().int().nonnegative(),
  file: z.string(),
  /** 1-based line number of `lines[0]`. */
  startLine: z.number().int().positive(),
  focusLine: z.number().int().positive(),
  lines: z.array(z.string()),
});
export type SourceContext = z.infer<typeof SourceContextSchema>;

export const CulpritSchema = z.object({
  frameIndex: z.number().int().nonnegative(),
  function: z.string(),
  file: z.string().nullable(),
  line: z.number().int().positive().nullable(),
});
export type Culprit = z.infer<typeof CulpritSchema>;

export const CrashReportSchema = z.object({
  schemaVersion: z.literal(CRASH_REPORT_SCHEMA_VERSION),
  /** Stable id of the bug: `<kind>-<12 hex>`; same bug, same signature. */
  signature: z.string().regex(/^[a-z0-9-]+-[0-9a-f]{12}$/),
  /** The normalised frames the signature hashes, for humans. */
  signatureBasis: z.object({ kind: z.string(), frames: z.array(z.string()) }),
  exception: z.object({
    code: z.string(),
    name: z.string(),
    address: hex.nullable(),
    description: z.string().nullable(),
  }),
  crashingThread: z.object({ id: z.string(), name: z.string().nullable() }),
  /** Frames of the crashing thread, innermost first. */
  frames: z.array(FrameSchema),
  threads: z.array(ThreadSchema),
  culprit: CulpritSchema.nullable(),
  modules: z.array(
    z.object({
      name: z.string(),
      path: z.string().nullable(),
      base: hex.nullable(),
      end: hex.nullable(),
      version: z.string().nullable(),
    }),
  ),
  sourceContext: z.array(SourceContextSchema),
  debugger: z.object({ name: z.enum(['gdb', 'cdb', 'minidump', 'native']), version: z.string().nullable() }),
  analysis: z
    .object({
      failureBucketId: z.string().nullable(),
      symbolName: z.string().nullable(),
      moduleName: z.string().nullable(),
      faultingSource: z.object({ file: z.string(), line: z.number().int() }).nullable(),
    })
    .nullable(),
  process: z.object({ name: z.string().nullable(), pid: z.number().int().nullable(), commandLine: z.string().nullable() }),
  dump: z.object({
    path: z.string().nullable(),
    format: z.enum(['elf-core', 'minidump', 'debugger-text']),
    /** Content fingerprint of the dump (see file-fingerprint.ts); also the job id's source. */
    fingerprint: z.string().nullable(),
    executable: z.string().nullable(),
  }),
  createdAt: z.string(),
});
export type CrashReport = z.infer<typeof CrashReportSchema>;
