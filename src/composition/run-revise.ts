import { CrashAutofixError, describeError, type StageError } from '../base/errors.js';
import type { JobRecord, RevisionRequest } from '../domain/job-state.js';
import type { CrashReport } from '../domain/crash-report.js';
import { FolderJobStore } from '../pipeline/folder-job-store.js';
import type { Logger } from '../pipeline/logger.js';
import type { AnyRoute } from '../pipeline/route.js';
import { runJob } from '../pipeline/runner.js';
import { revisionComment, revisionLimitComment, revisionMarker } from '../publish/render-revision.js';
import type { Settings } from '../settings/build-settings.js';
import type { ApplyReviewDeps } from '../stages/apply-review.js';
import { workspaceLease } from '../toolchain/workspace.js';
import { renderReportMarkdown } from '../triage/markdown.js';
import type { PipelineAdapters } from './pipeline-adapters.js';
import { checkActor, fetchRequest, jobPosition, ownPullRequest, pendingRequest, REVISION_STATES, type ReviseClient } from './revise-checks.js';
import type { FoundRecord } from './revise-records.js';
import { reviseRoute } from './revise-route.js';
import { recordCrashEvents, reviewEvent } from './record-crash-events.js';
import { commentOnce } from '../adapters/github/comment-once.js';

export interface ReviseDeps {
  github: ReviseClient;
  adapters: PipelineAdapters;
  /** The job's record: the state folder, else its newest artifact (revise-records.ts). */
  findRecord: (jobId: string) => Promise<FoundRecord | null>;
  /** The workflow's event (name and JSON); null on the command line. */
  event: { name: string; payload: unknown } | null;
  log: Logger;
  /** The model call; reviseFromReview unless a test gives another. */
  revise?: ApplyReviewDeps['revise'];
}

export interface ReviseOutcome {
  /** `IGNORED`: the event asked nothing (a comment that is not the command). */
  status: 'REVISED' | 'ALREADY_REVISED' | 'LIMIT_REACHED' | 'IGNORED' | 'FAILED';
  message: string;
  record: JobRecord | null;
  jobDir: string | null;
  failure: StageError | null;
}

/**
 * `revise`: a reviewer asked for changes on a pull request this tool opened.
 * Checks who asks and which pull request; then the review goes to the model
 * and the revised fix goes through every gate to a new commit on the same
 * branch, and the pull request gets one comment with the new gates. At
 * `max-revisions` it says so in one comment and asks the model nothing.
 */
export async function runRevise(given: Settings, deps: ReviseDeps): Promise<ReviseOutcome> {
  let settings = given;
  const { github, log } = deps;
  const none = { record: null, jobDir: null, failure: null };
  const pending = pendingRequest(settings, deps.event);
  if (typeof pending === 'string') return { status: 'IGNORED', message: `Nothing to revise: ${pending}`, ...none };
  const checked = await log.group(`Check the request on #${pending.prNumber}`, async () => {
    await checkActor(settings, github, (m) => log.info(m));
    const pr = await github.getPullRequest(pending.prNumber);
    const own = ownPullRequest(pr);
    const request = await fetchRequest(pending, github);
    const found = await deps.findRecord(own.jobId);
    if (found === null) throw new CrashAutofixError('bad-input', `Job ${own.jobId} of #${pr.number} is neither in ${settings.stateDir} nor in an unexpired artifact 'crash-autofix-${own.jobId}' of ${github.repository}; nothing was changed`);
    log.info(`Job ${own.jobId} from ${found.from}; the request is @${request.asked.author}'s ${request.asked.kind} ${request.asked.id}`);
    return { pr, request, record: found.record, ...jobPosition(found.record, pr, own.signature) };
  });
  const { pr, request, record } = checked;
  // The checkout is the pull request's head, detached: the pull request says where it goes.
  settings = { ...settings, baseBranch: settings.baseBranch ?? pr.baseRef };
  const store = new FolderJobStore(settings.stateDir);
  const jobDir = store.jobDir(record.jobId);
  const asked = request.asked;
  if (checked.position === 'start') {
    const state = checked.state;
    const revision = state.revision;
    if (revision?.request && sameRequest(revision.request, asked) && record.state.status !== 'FAILED' && state.status === 'PR_CREATED') {
      await commentOnce(github, pr.number, revisionMarker(asked, 'revision'), () => revisionComment(state, asked, settings.maxRevisions, runUrl(settings)));
      return { status: 'ALREADY_REVISED', message: `#${pr.number} was already revised for ${asked.kind} ${asked.id} (revision ${revision.count})`, record, jobDir, failure: null };
    }
    const count = revision?.count ?? 0;
    if (count >= settings.maxRevisions) {
      await commentOnce(github, pr.number, revisionMarker(asked, 'limit'), () => revisionLimitComment(asked, count, settings.maxRevisions));
      return { status: 'LIMIT_REACHED', message: `#${pr.number} was revised ${count} time(s), 'max-revisions' is ${settings.maxRevisions}: nothing was changed`, record, jobDir, failure: null };
    }
    const head = await (await deps.adapters.git()).headCommit();
    if (head !== pr.headSha) {
      throw new CrashAutofixError(
        'config',
        `The checkout ${settings.sourceRoot} is at ${head.slice(0, 12)}, not at the head of #${pr.number} (${pr.headSha.slice(0, 12)}): the model reads and the revision builds on the pull request's code. Check out ${pr.headSha} (actions/checkout with ref: ${pr.headSha}; git fetch origin ${pr.headRef} && git checkout --detach FETCH_HEAD)`,
      );
    }
  } else if (checked.state.revision?.request && !sameRequest(checked.state.revision.request, asked)) {
    const r = checked.state.revision.request;
    throw new CrashAutofixError('bad-input', `Job ${record.jobId} stopped at ${checked.state.status} in the revision for @${r.author}'s ${r.kind} ${r.id}; re-run that one (its workflow run) first`);
  }

  const lease = workspaceLease(settings.workDir, { onWait: (owner) => log.info(`Waiting for another job (${owner}) to finish with the work folder ${settings.workDir}`) });
  const job = {
    id: record.jobId,
    dir: jobDir,
    writeFile: (name: string, content: string) => store.writeText(record.jobId, name, content),
    writeReport: (report: CrashReport) => store.writeReport(record.jobId, report, renderReportMarkdown(report)),
  };
  const route = reviseRoute(settings, deps.adapters, job, lease, log, request, deps.revise);
  const runner = { save: (r: JobRecord) => store.save(r), log, now: deps.adapters.now };
  let outcome;
  try {
    // Two walks: PR_CREATED is where the revision starts and also where it ends.
    outcome = await runJob(record, { PR_CREATED: route.PR_CREATED, AWAITING_APPROVAL: route.AWAITING_APPROVAL } satisfies AnyRoute, runner);
    if (outcome.failure === null) {
      const fixStates: AnyRoute = Object.fromEntries(REVISION_STATES.map((s) => [s, route[s]]));
      outcome = await runJob(outcome.record, fixStates, runner);
    }
  } finally {
    await lease.release();
  }
  const asking = reviewEvent(outcome.record, asked, request.input, deps.adapters.now());
  await recordCrashEvents(settings, [outcome.record], log, null, asking ? [asking] : []);
  const done = outcome.record.state;
  if (done.status !== 'PR_CREATED') {
    const why = outcome.failure?.message ?? `the job stopped at ${done.status}`;
    return { status: 'FAILED', message: `The revision of #${pr.number} failed: ${why}`, record: outcome.record, jobDir, failure: outcome.failure };
  }
  try {
    await commentOnce(github, pr.number, revisionMarker(asked, 'revision'), () => revisionComment(done, asked, settings.maxRevisions, runUrl(settings)));
  } catch (error) {
    log.warning(`The revision is pushed, but the comment on #${pr.number} was not written (${describeError(error)}); a re-run writes it`);
  }
  const count = done.revision?.count ?? 0;
  return { status: 'REVISED', message: `Revised #${pr.number} for @${asked.author}'s ${asked.kind}: commit ${done.pr.commit.slice(0, 12)}, revision ${count} of ${settings.maxRevisions}`, record: outcome.record, jobDir, failure: null };
}

function sameRequest(a: RevisionRequest, b: RevisionRequest): boolean {
  return a.kind === b.kind && a.id === b.id;
}

function runUrl(settings: Settings): string | null {
  const ctx = settings.github;
  return ctx?.repository && ctx.runId ? `${ctx.serverUrl}/${ctx.repository}/actions/runs/${ctx.runId}` : null;
}
