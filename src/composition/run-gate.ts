import { decideGate, unprotectedReason } from '../approval/gate-decision.js';
import { CrashAutofixError, describeError } from '../base/errors.js';
import type { JobRecord } from '../domain/job-state.js';
import { FolderJobStore } from '../pipeline/folder-job-store.js';
import type { Logger } from '../pipeline/logger.js';
import type { AnyRoute } from '../pipeline/route.js';
import { runJob } from '../pipeline/runner.js';
import type { Settings } from '../settings/build-settings.js';
import { gateStatus, type GateRecords } from './gate-records.js';
import { approveRoute, rejectRoute, type GateClient } from './gate-routes.js';
import { recordCrashEvents } from './record-crash-events.js';

export interface GateDeps {
  github: GateClient;
  records: GateRecords;
  log: Logger;
  now: () => Date;
  /** The person at the terminal, when no workflow run decides. */
  localUser: () => string;
}

export interface GateOutcome {
  /** `NOT_REJECTED`: `reject` found no rejection in the run (a failed build, a cancel, a timeout) and did nothing. */
  status: 'APPROVED' | 'REJECTED' | 'NOT_REJECTED' | 'FAILED';
  message: string;
  jobs: JobRecord[];
}

const WAITING = ['PR_CREATED', 'AWAITING_APPROVAL'];

/**
 * `approve` and `reject`: decide the gate once for the workflow run (or take
 * the person at the terminal), then move every fix job of the run waiting at
 * it through its route, and put each record back for the next job.
 */
export async function runGate(command: 'approve' | 'reject', settings: Settings, deps: GateDeps): Promise<GateOutcome> {
  const { github, log } = deps;
  const environment = settings.approvalEnvironment;
  const runId = settings.runId;
  const where = runId === null ? 'on the command line' : `in workflow run ${runId}`;
  const runUrl = runId !== null && settings.github ? `${settings.github.serverUrl}/${github.repository}/actions/runs/${runId}` : null;
  const decision = await log.group(`Check the '${environment}' gate ${where}`, async () => {
    if (runId === null) {
      if (command === 'approve') return { kind: 'approved' as const, reviewers: [{ login: deps.localUser(), comment: '' }] };
      if (settings.reason === null) throw new CrashAutofixError('config', "'reject' on the command line needs --reason (it is quoted on the closed pull request), or --run-id of the workflow run whose gate was rejected");
      return { kind: 'rejected' as const, reviewer: deps.localUser(), comment: settings.reason };
    }
    if (command === 'approve') {
      const protection = await github.environment(environment);
      const unprotected = unprotectedReason(protection, environment, github.repository);
      if (unprotected) throw new CrashAutofixError('config', `${unprotected}; nothing was merged`);
      if (protection && !protection.readable) log.warning(`The token may not read the protection rules of '${environment}' (fine-grained tokens need Environments: read); the run's approvals decide alone`);
    }
    const decided = decideGate(await github.runApprovals(runId), environment);
    log.info(decided.kind === 'none' ? `No review of '${environment}' ${where}` : decided.kind === 'approved' ? `Approved by ${decided.reviewers.map((r) => `@${r.login}`).join(', ')}` : `Rejected by @${decided.reviewer}`);
    return decided;
  });
  if (command === 'reject' && decision.kind !== 'rejected') {
    const why = decision.kind === 'approved' ? 'it was approved' : 'nobody reviewed it: the approval job failed or was skipped for another reason (a failed or cancelled fix job, a timeout)';
    return { status: 'NOT_REJECTED', message: `The '${environment}' gate ${where} was not rejected (${why}); the pull requests are left as they are`, jobs: [] };
  }
  if (command === 'approve' && decision.kind === 'rejected') {
    throw new CrashAutofixError('bad-input', `The '${environment}' gate ${where} was rejected by @${decision.reviewer}${decision.comment ? ` ("${decision.comment}")` : ''}; nothing was merged (the reject step closes the pull requests)`);
  }
  if (decision.kind === 'none') {
    throw new CrashAutofixError('config', `Workflow run ${runId ?? ''} has no approved review of the environment '${environment}'; 'approve' must run in the job that names it in 'environment:', after a reviewer approves. Nothing was merged`);
  }
  const records = await deps.records.find(settings.jobId);
  const done = command === 'approve' ? 'APPROVED' : 'REJECTED';
  const waiting = records.filter((r) => WAITING.includes(gateStatus(r)));
  if (waiting.length === 0) {
    const settled = records.filter((r) => gateStatus(r) === done);
    if (settled.length > 0) return { status: done, message: `Every job at the gate is already ${done} (${settled.map((r) => r.jobId).join(', ')})`, jobs: settled };
    const what = settings.jobId === null ? `no job ${where === 'on the command line' ? `in ${settings.stateDir}` : 'of this run'} is` : `job ${settings.jobId} is not`;
    throw new CrashAutofixError('config', `${what} waiting at the approval gate (a pull request opened, not merged or closed); run the gate after the fix job that opened it`);
  }
  const gate = { environment, runId, repository: github.repository };
  const ctx = { gate, github, runUrl, now: deps.now };
  const route: AnyRoute = decision.kind === 'approved' ? approveRoute(settings, ctx, decision.reviewers) : rejectRoute(ctx, { reviewer: decision.reviewer, comment: decision.comment });
  const store = new FolderJobStore(settings.stateDir);
  const jobs: JobRecord[] = [];
  let failed: string | null = null;
  for (const record of waiting) {
    const outcome = await runJob(record, route, { save: (r) => store.save(r), log, now: deps.now });
    jobs.push(outcome.record);
    if (outcome.failure) failed ??= `job ${record.jobId}: ${outcome.failure.message}`;
    try {
      await deps.records.publish(record.jobId);
    } catch (error) {
      log.warning(`The record of job ${record.jobId} was not uploaded (${describeError(error)}); it is still in ${store.jobDir(record.jobId)}`);
    }
  }
  await recordCrashEvents(settings, jobs, log);
  if (failed !== null) return { status: 'FAILED', message: failed, jobs };
  const prs = jobs.map((j) => ('pr' in j.state ? `#${j.state.pr.number}` : j.jobId)).join(', ');
  return { status: done, message: `${done === 'APPROVED' ? 'Merged' : 'Closed'} ${prs} (${decision.kind === 'approved' ? `approved by ${decision.reviewers.map((r) => `@${r.login}`).join(', ')}` : `rejected by @${decision.reviewer}`})`, jobs };
}
