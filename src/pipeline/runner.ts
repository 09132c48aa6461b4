import { CrashAutofixError, StageError, describeError } from '../base/errors.js';
import type { ActiveState, JobRecord, JobState } from '../domain/job-state.js';
import type { Stage } from '../domain/stage.js';
import type { Logger } from './logger.js';
import type { AnyRoute, RouteEntry } from './route.js';
import { assertTransition } from './transitions.js';

export interface RunnerDeps {
  save: (record: JobRecord) => Promise<void>;
  log: Logger;
  now?: () => Date;
}

export interface RunOutcome {
  record: JobRecord;
  /** The error that moved the job to FAILED in this run, if any. */
  failure: StageError | null;
}

/**
 * Drives a job through its stages: the only place that checks transitions,
 * saves the record and groups the log. A FAILED record resumes from the state
 * its failing stage started from.
 */
export async function runJob(initial: JobRecord, route: AnyRoute, deps: RunnerDeps): Promise<RunOutcome> {
  const now = deps.now ?? (() => new Date());
  let record = initial;
  if (record.state.status === 'FAILED') {
    deps.log.info(`Resuming job ${record.jobId} at ${record.state.resumeFrom.status} (it failed before: ${record.state.error.message})`);
    record = { ...record, state: record.state.resumeFrom };
  }
  for (;;) {
    const state = record.state;
    if (state.status === 'FAILED') return { record, failure: null };
    const entry = route[state.status] as RouteEntry<ActiveState['status']> | undefined;
    // A state outside the route belongs to a later command, or ends the job.
    if (!entry) return { record, failure: null };
    if ('rest' in entry) {
      deps.log.info(entry.rest);
      return { record, failure: null };
    }
    const stage = entry as { name: string; run: Stage<ActiveState['status']> };
    const started = performance.now();
    let next: JobState;
    let failure: StageError | null = null;
    let resumeFrom: ActiveState = state;
    const checkpoint = async (progress: ActiveState): Promise<void> => {
      if (progress.status !== state.status) throw new CrashAutofixError('internal', `A checkpoint of ${state.status} cannot hold ${progress.status}`);
      resumeFrom = progress;
      record = { ...record, state: progress, updatedAt: now().toISOString() };
      await deps.save(record);
    };
    try {
      next = await deps.log.group(stage.name, () => stage.run(state as never, checkpoint as never));
      assertTransition(state.status, next.status);
    } catch (error) {
      failure = toStageError(stage.name, error);
      next = {
        status: 'FAILED',
        error: { stage: failure.stage, kind: failure.kind, message: failure.message, retryable: failure.retryable },
        resumeFrom,
      };
    }
    const at = now().toISOString();
    record = {
      ...record,
      state: next,
      updatedAt: at,
      history: [...record.history, { status: next.status, at, durationMs: Math.round(performance.now() - started) }],
    };
    await deps.save(record);
    if (failure) return { record, failure };
  }
}

function toStageError(stage: string, error: unknown): StageError {
  if (error instanceof StageError) return error;
  if (error instanceof CrashAutofixError) {
    const retryable = error.kind === 'timeout' || error.kind === 'network';
    return new StageError(stage, error.kind, error.message, retryable, { cause: error });
  }
  return new StageError(stage, 'internal', describeError(error), false, { cause: error });
}

export function newJobRecord(jobId: string, state: JobState, at: Date): JobRecord {
  const iso = at.toISOString();
  return { schemaVersion: 1, jobId, createdAt: iso, updatedAt: iso, state, history: [{ status: state.status, at: iso, durationMs: null }] };
}
