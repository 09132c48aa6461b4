import { CrashAutofixError } from '../base/errors.js';
import { JOB_SCHEMA_VERSION, JobRecordSchema, type JobRecord } from '../domain/job-state.js';

/**
 * Parses a saved job record (job.json), refusing another schema version or a
 * damaged record with one line that says what to do. `file` names it in the
 * message; `remedy` is what the user should do instead of using it.
 */
export function parseJobRecord(text: string, file: string, remedy = 'run with --fresh to start the job again'): JobRecord {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new CrashAutofixError('bad-input', `Job record ${file} is not valid JSON; ${remedy}`);
  }
  const version = (json as { schemaVersion?: unknown } | null)?.schemaVersion;
  if (version !== JOB_SCHEMA_VERSION) {
    throw new CrashAutofixError('bad-input', `Job record ${file} has schema version ${JSON.stringify(version)}, this crash-autofix reads ${JOB_SCHEMA_VERSION}; upgrade crash-autofix or ${remedy}`);
  }
  const parsed = JobRecordSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new CrashAutofixError('bad-input', `Job record ${file} is damaged (${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}); ${remedy}`);
  }
  return parsed.data;
}
