import { readFile, rm, stat } from 'node:fs/promises';
import { CrashAutofixError } from '../base/errors.js';
import { fingerprintFile } from '../base/fs/file-fingerprint.js';
import type { JobStore } from '../pipeline/job-store.js';
import type { Logger } from '../pipeline/logger.js';
import { newJobRecord } from '../pipeline/runner.js';
import type { ActiveState, JobRecord } from '../domain/job-state.js';
import { CrashReportSchema } from '../domain/crash-report.js';
import { jobIdOf, type SeenCrashes } from '../domain/seen-crashes.js';
import type { Settings } from '../settings/build-settings.js';
import { continuation, currentInputs } from './job-inputs.js';

/**
 * Finds the job for an input, or starts one. The job id comes from the
 * input's content, so the same dump always lands in the same job folder and a
 * re-run resumes instead of starting over (`seen.byFingerprint`).
 */
export async function openJob(settings: Settings, store: Pick<JobStore, 'jobDir' | 'save'>, seen: Pick<SeenCrashes, 'byFingerprint'>, log: Logger, now: Date): Promise<JobRecord> {
  const [setting, file] = settings.dump !== null ? ['dump', settings.dump] : settings.fromOutput !== null ? ['from-output', settings.fromOutput] : ['report', settings.report];
  if (file === null) throw new CrashAutofixError('internal', 'settings guarantee one input');
  const info = await stat(file).catch(() => null);
  if (!info) throw new CrashAutofixError('bad-input', `${file} does not exist; check the '${setting}' setting`);
  if (!info.isFile()) throw new CrashAutofixError('bad-input', `${file} is not a file; check the '${setting}' setting`);
  if (settings.executable !== null && !(await stat(settings.executable).catch(() => null))?.isFile()) {
    throw new CrashAutofixError('bad-input', `Executable ${settings.executable} does not exist; set 'executable' to the program that crashed`);
  }
  const { fingerprint, sizeBytes } = await fingerprintFile(file);
  const initial: ActiveState =
    setting === 'report'
      ? await stateFromReport(file, fingerprint, sizeBytes)
      : { status: 'CRASH_DETECTED', input: { path: file, kind: setting === 'dump' ? 'dump' : 'debugger-text', fingerprint, sizeBytes, executable: settings.executable, ...(settings.dumpServer === null ? {} : { server: settings.dumpServer }) } };
  const jobFingerprint = initial.status === 'ANALYSIS_PENDING' ? initial.dump.fingerprint : fingerprint;
  const jobId = jobIdOf(jobFingerprint);
  // A fresh start must not leave the previous run's files next to the new record.
  if (settings.fresh) await rm(store.jobDir(jobId), { recursive: true, force: true });
  const existing = settings.fresh ? null : await seen.byFingerprint(jobFingerprint);
  const inputs = await currentInputs(settings);
  if (!existing) return { ...newJobRecord(jobId, initial, now), inputs };
  const next = continuation(existing, inputs, settings.anthropicApiKey !== null, initial);
  const was = existing.state.status === 'FAILED' ? `${existing.state.resumeFrom.status} (failed)` : existing.state.status;
  switch (next.kind) {
    case 'as-recorded':
      log.info(`Job ${jobId} found in ${store.jobDir(jobId)} at ${existing.state.status}; resuming`);
      return { ...existing, inputs };
    case 'published':
      log.warning(`Settings changed since job ${jobId} ran (${next.changed.join(', ')}), but it already opened its pull request; run with --fresh to redo it with the new settings`);
      return existing;
    case 'rewind': {
      log.info(`Settings changed since job ${jobId} ran (${next.changed.join(', ')}): resuming from ${next.to.status} instead of ${was}`);
      const at = now.toISOString();
      const record = { ...existing, state: next.to, inputs, updatedAt: at, history: [...existing.history, { status: next.to.status, at, durationMs: null }] };
      await store.save(record);
      return record;
    }
  }
}

/** A CrashReport written by `analyze` starts a job right at the analysis. */
async function stateFromReport(file: string, fingerprint: string, sizeBytes: number): Promise<ActiveState> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(file, 'utf8'));
  } catch {
    throw new CrashAutofixError('bad-input', `${file} is not JSON; pass the report.json that 'crash-autofix analyze' wrote`);
  }
  const parsed = CrashReportSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new CrashAutofixError('bad-input', `${file} is not a CrashReport (${issue?.path.join('.') || 'root'}: ${issue?.message ?? 'invalid'}); pass the report.json that 'crash-autofix analyze' wrote`);
  }
  const report = parsed.data;
  const dumpFingerprint = report.dump.fingerprint ?? fingerprint;
  return {
    status: 'ANALYSIS_PENDING',
    dump: {
      path: report.dump.path ?? file,
      kind: report.dump.format === 'debugger-text' ? 'debugger-text' : 'dump',
      fingerprint: dumpFingerprint,
      sizeBytes,
      executable: report.dump.executable,
      format: report.dump.format,
      debugger: report.debugger.name === 'gdb' || report.dump.format === 'elf-core' ? 'gdb' : 'cdb',
    },
    report,
    files: { json: file, markdown: '' },
  };
}
