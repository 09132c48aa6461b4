import { z } from 'zod';
import { CrashAutofixError } from '../../base/errors.js';
import { CrashRecordSchema } from '../../domain/crash-record.js';

/**
 * The crash database's file: every record by signature, the build ledger, and
 * every event id applied (the records keep only their newest; this keeps `db
 * import` and re-runs idempotent forever). Versioned by `schemaVersion`; an
 * older file is migrated step by step when read and saved in the new shape by
 * the next write.
 */
export const CRASH_DB_FORMAT = 'crash-autofix crash database';
export const CRASH_DB_SCHEMA_VERSION = 2;

const CrashDbFileSchema = z.object({
  format: z.literal(CRASH_DB_FORMAT),
  schemaVersion: z.literal(CRASH_DB_SCHEMA_VERSION),
  records: z.record(z.string(), CrashRecordSchema),
  /** Build id → first deployed at. */
  builds: z.record(z.string(), z.string().datetime({ offset: true })),
  applied: z.array(z.string()),
});
export type CrashDbFile = z.infer<typeof CrashDbFileSchema>;

export const emptyCrashDb = (): CrashDbFile => ({ format: CRASH_DB_FORMAT, schemaVersion: CRASH_DB_SCHEMA_VERSION, records: {}, builds: {}, applied: [] });

type Json = Record<string, unknown>;

/**
 * Version n → n + 1. Version 1 kept no list of applied ids and records had no
 * `touchpoints` nor `unplaced`, and its regressions did not name their fix.
 */
const MIGRATIONS: Record<number, (file: Json) => Json> = {
  1: (file) => {
    const records = asObject(file.records);
    const applied = new Set<string>();
    const migrated: Json = {};
    for (const [signature, value] of Object.entries(records)) {
      const record = asObject(value);
      for (const id of asArray(record.applied)) if (typeof id === 'string') applied.add(id);
      const lessons = asArray(record.lessons).map(asObject);
      const deployments = asArray(record.deployments).map(asObject);
      migrated[signature] = {
        ...record,
        touchpoints: { rejections: lessons.filter((l) => l.kind === 'rejection').length, reviews: lessons.filter((l) => l.kind === 'review').length },
        unplaced: [],
        regressions: asArray(record.regressions).map((r) => ({ ...asObject(r), fixedIn: fixBefore(deployments, String(asObject(r).at)) })),
      };
    }
    return { ...file, schemaVersion: 2, records: migrated, applied: [...applied] };
  },
};

/** The production deployment in force at a version-1 regression: the latest one before it. */
function fixBefore(deployments: Json[], at: string): Json {
  const before = deployments.filter((d) => d.target === 'production' && Date.parse(String(d.at)) <= Date.parse(at));
  const last = before.sort((a, b) => Date.parse(String(a.at)) - Date.parse(String(b.at))).at(-1);
  return last === undefined ? { commit: 'unknown', sha256: '0'.repeat(64), buildIds: [], at } : { ...asObject(last.build), at: last.at };
}

/** Reads the file's text: one clear line for a damaged file, a file of another kind, or one from a newer version. */
export function parseCrashDb(file: string, text: string): CrashDbFile {
  const rebuild = `move it aside and run 'crash-autofix db import' to rebuild it from the job records`;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new CrashAutofixError('bad-input', `The crash database ${file} is not valid JSON (${(e as Error).message}); it is damaged: ${rebuild}`);
  }
  const top = json !== null && typeof json === 'object' && !Array.isArray(json) ? (json as Json) : null;
  if (top === null || top.format !== CRASH_DB_FORMAT || typeof top.schemaVersion !== 'number' || !Number.isInteger(top.schemaVersion) || top.schemaVersion < 1) {
    throw new CrashAutofixError('bad-input', `The file ${file} is not a crash-autofix crash database (no format and schemaVersion); point the crash database elsewhere, or ${rebuild}`);
  }
  if (top.schemaVersion > CRASH_DB_SCHEMA_VERSION) {
    throw new CrashAutofixError('config', `The crash database ${file} was written by a newer crash-autofix (schema version ${top.schemaVersion}; this one reads up to ${CRASH_DB_SCHEMA_VERSION}); upgrade crash-autofix`);
  }
  let current = top;
  for (let version = top.schemaVersion; version < CRASH_DB_SCHEMA_VERSION; version++) {
    const migrate = MIGRATIONS[version];
    if (migrate === undefined) throw new CrashAutofixError('internal', `No migration of the crash database from schema version ${version}`);
    current = migrate(current);
  }
  const parsed = CrashDbFileSchema.safeParse(current);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new CrashAutofixError('bad-input', `The crash database ${file} does not match its schema at ${issue?.path.join('.') || 'the top'} (${issue?.message ?? 'invalid'}); ${rebuild}`);
  }
  return parsed.data;
}

export function serializeCrashDb(db: CrashDbFile): string {
  return `${JSON.stringify(db)}\n`;
}

function asObject(value: unknown): Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : {};
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}
