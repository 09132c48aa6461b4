import { setTimeout as sleepFor } from 'node:timers/promises';
import type { Logger } from '../pipeline/logger.js';
import type { Settings } from '../settings/build-settings.js';
import { createAdapters } from './create-adapters.js';
import { jobDashboards } from './crash-dashboard.js';
import type { GateRecords } from './gate-records.js';
import { releaseOutputs, renderReleaseSummary } from './release-text.js';
import { runRelease, type ReleaseOutcome } from './run-release.js';
import { stressWatch } from './stress-watch.js';

export interface ReleaseJob {
  outcome: ReleaseOutcome;
  outputs: Record<string, string>;
  summary: string;
  /** A rollback is the fix failing, and so is a failed stage: the step fails, so the workflow stops before production. */
  failed: boolean;
}

/** `deploy` or `stress` for the CLI and the action: the run, its summary, outputs and verdict. */
export async function releaseJob(command: 'deploy' | 'stress', settings: Settings, records: GateRecords, log: Logger, redact: (text: string) => string): Promise<ReleaseJob> {
  const sleep = (ms: number): Promise<void> => sleepFor(ms);
  const watch = command === 'stress' ? stressWatch(settings, (s) => createAdapters(s, redact), log, sleep) : undefined;
  const outcome = await runRelease(command, settings, { records, log, sleep, ...(watch ? { watch } : {}) });
  const failed = outcome.status === 'FAILED' || outcome.status === 'ROLLED_BACK';
  const dashboards = await jobDashboards(settings, outcome.record ? [outcome.record] : [], new Date());
  return { outcome, outputs: releaseOutputs(outcome), summary: renderReleaseSummary(command, outcome) + dashboards, failed };
}
