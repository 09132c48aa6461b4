import { setTimeout as sleepFor } from 'node:timers/promises';
import { NodeProcessRunner } from '../adapters/exec/process-runner.js';
import { OctokitGitHubClient } from '../adapters/github/octokit-github-client.js';
import { NodeHealthProbe } from '../adapters/probe/health-probe.js';
import { CrashAutofixError, describeError } from '../base/errors.js';
import type { JobRecord, Status } from '../domain/job-state.js';
import { FolderJobStore } from '../pipeline/folder-job-store.js';
import type { Logger } from '../pipeline/logger.js';
import { runJob } from '../pipeline/runner.js';
import type { StressWatch } from '../release/stress-run.js';
import type { Settings } from '../settings/build-settings.js';
import { gateStatus, type GateRecords } from './gate-records.js';
import { deployRoute, stressRoute, type ReleaseContext } from './release-routes.js';
import { recordCrashEvents } from './record-crash-events.js';

export interface ReleaseDeps {
  records: GateRecords;
  log: Logger;
  now?: () => Date;
  sleep?: (ms: number) => Promise<void>;
  /** `stress`: the dump folder's watch (composition/stress-watch.ts). */
  watch?: StressWatch;
}

export interface ReleaseOutcome {
  /** The job's state after the run (its resume point when FAILED), or FAILED when no job could run. */
  status: Status;
  message: string;
  record: JobRecord | null;
  /** The record's folder, uploaded for the next job. */
  jobDir: string | null;
}

/** Where each command picks a job up, and where it has already been. */
function statusesFor(command: 'deploy' | 'stress', settings: Settings): { waiting: Status[]; done: Status[] } {
  if (command === 'stress') return { waiting: ['STRESS_TESTING'], done: ['PROMOTING', 'DEPLOYED', 'ROLLED_BACK'] };
  if (settings.deployTarget === 'production') return { waiting: ['PROMOTING'], done: ['DEPLOYED', 'ROLLED_BACK'] };
  return { waiting: ['APPROVED', 'DEPLOYING'], done: ['STRESS_TESTING', 'PROMOTING', 'DEPLOYED', 'ROLLED_BACK'] };
}

/**
 * `deploy` and `stress`: one approved job of the run (or `job-id`), through
 * its route, with the record put back for the next job. Each fix is its own
 * release: several waiting jobs need `job-id` (one release job each).
 */
export async function runRelease(command: 'deploy' | 'stress', settings: Settings, deps: ReleaseDeps): Promise<ReleaseOutcome> {
  const now = deps.now ?? (() => new Date());
  const sleep = deps.sleep ?? ((ms: number) => sleepFor(ms));
  const { waiting, done } = statusesFor(command, settings);
  const records = await deps.records.find(settings.jobId);
  const ready = records.filter((r) => waiting.includes(gateStatus(r)));
  const what = command === 'stress' ? 'stress' : `deploy (${settings.deployTarget})`;
  if (ready.length > 1) {
    throw new CrashAutofixError('config', `${ready.length} jobs wait for ${what}: ${ready.map((r) => r.jobId).join(', ')}; each fix is released on its own, so give job-id (one release per job)`);
  }
  const record = ready[0];
  if (record === undefined) {
    const settled = records.find((r) => done.includes(gateStatus(r)));
    if (settled) return { status: gateStatus(settled), message: `Job ${settled.jobId} is already past ${what} (${gateStatus(settled)}); nothing to do`, record: settled, jobDir: null };
    const found = records.map((r) => `${r.jobId} (${gateStatus(r)})`).join(', ') || 'none';
    throw new CrashAutofixError('config', `No job waits for ${what} (jobs: ${found}); ${command === 'stress' ? "run 'deploy' first" : settings.deployTarget === 'production' ? "run 'deploy' and 'stress' first" : 'the fix must be approved and merged first'}`);
  }
  const api = settings.githubApi;
  const github = api === null ? null : await OctokitGitHubClient.create({ token: api.token, baseUrl: api.apiUrl, owner: api.owner, repo: api.repo });
  const runner = new NodeProcessRunner(settings.buildEnv);
  const store = new FolderJobStore(settings.stateDir);
  const runUrl = settings.runId !== null && settings.github && github ? `${settings.github.serverUrl}/${github.repository}/actions/runs/${settings.runId}` : null;
  const ctx: ReleaseContext = {
    io: { runner, baseEnv: settings.buildEnv, platform: settings.platform, cwd: settings.sourceRoot, probe: await NodeHealthProbe.create(runner, settings.platform), deployments: github?.deployments ?? null, runUrl, sleep, now, log: deps.log },
    github,
    runner,
    jobDir: store.jobDir(record.jobId),
    record,
  };
  if (command === 'stress' && deps.watch === undefined) throw new CrashAutofixError('internal', 'stress needs the dump watch');
  const route = command === 'deploy' ? deployRoute(settings, ctx) : stressRoute(settings, ctx, deps.watch as StressWatch);
  const outcome = await runJob(record, route, { save: (r) => store.save(r), log: deps.log, now });
  await recordCrashEvents(settings, [outcome.record], deps.log);
  const state = outcome.record.state;
  // The release job's record goes on to the next job; a new crash's intake job goes up beside it for its fix run.
  const newJobs = state.status === 'ROLLED_BACK' ? state.rollback.newJobs : [];
  for (const jobId of [record.jobId, ...newJobs]) {
    try {
      await deps.records.publish(jobId);
    } catch (error) {
      deps.log.warning(`The record of job ${jobId} was not uploaded (${describeError(error)}); it is still in ${store.jobDir(jobId)}`);
    }
  }
  const status = state.status;
  const message = outcome.failure ? `job ${record.jobId}: ${outcome.failure.message}` : state.status === 'ROLLED_BACK' ? `job ${record.jobId} rolled back from ${state.rollback.target}: ${state.rollback.reason}` : `job ${record.jobId} is ${status}`;
  return { status, message, record: outcome.record, jobDir: ctx.jobDir };
}
