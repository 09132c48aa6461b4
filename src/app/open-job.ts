import { rm, stat } from 'node:fs/promises';
import { CrashAutofixError } from '../errors.js';
import { fingerprintFile } from '../fs/file-fingerprint.js';
import type { JobStore } from '../pipeline/job-store.js';
import type { Logger } from '../pipeline/logger.js';
import { newJobRecord } from '../pipeline/runner.js';
import type { JobInput, JobRecord } from '../pipeline/state.js';

export interface JobRequest {
  path: string;
  kind: JobInput['kind'];
  executable: string | null;
  fresh: boolean;
}

/**
 * Finds the job for an input, or starts one. The job id comes from the
 * input's content, so the same dump always lands in the same job folder and a
 * re-run resumes instead of starting over.
 */
export async function openJob(request: JobRequest, store: JobStore, log: Logger, now: Date): Promise<JobRecord> {
  let size: number;
  try {
    const info = await stat(request.path);
    if (!info.isFile()) throw new CrashAutofixError('bad-input', `${request.path} is not a file; pass the dump file itself`);
    size = info.size;
  } catch (e) {
    if (e instanceof CrashAutofixError) throw e;
    const what = request.kind === 'dump' ? "Dump" : 'Debugger output';
    const setting = request.kind === 'dump' ? 'dump' : 'from-output';
    throw new CrashAutofixError('bad-input', `${what} ${request.path} does not exist; check the '${setting}' setting`);
  }
  if (request.executable !== null) {
    const exe = await stat(request.executable).catch(() => null);
    if (!exe?.isFile()) throw new CrashAutofixError('bad-input', `Executable ${request.executable} does not exist; set 'executable' to the program that crashed`);
  }
  const { fingerprint } = await fingerprintFile(request.path);
  const jobId = fingerprint.slice(0, 16);
  // A fresh start must not leave the previous run's report next to the new record.
  if (request.fresh) await rm(store.jobDir(jobId), { recursive: true, force: true });
  const existing = request.fresh ? null : await store.load(jobId);
  if (existing) {
    log.info(`Job ${jobId} found in ${store.jobDir(jobId)} at ${existing.state.status}; resuming`);
    return existing;
  }
  return newJobRecord(jobId, { status: 'CRASH_DETECTED', input: { path: request.path, kind: request.kind, fingerprint, sizeBytes: size, executable: request.executable } }, now);
}
