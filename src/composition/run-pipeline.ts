import { renderReportMarkdown } from '../triage/markdown.js';
import { describeError, type StageError } from '../base/errors.js';
import { excludeFromCheckout } from '../adapters/git/info-exclude.js';
import { workspaceLease } from '../toolchain/workspace.js';
import { FolderJobStore } from '../pipeline/folder-job-store.js';
import type { Logger } from '../pipeline/logger.js';
import { runJob } from '../pipeline/runner.js';
import type { JobRecord } from '../domain/job-state.js';
import type { Settings } from '../settings/build-settings.js';
import type { CrashReport } from '../domain/crash-report.js';
import type { PipelineAdapters } from './pipeline-adapters.js';
import { analyzeRoute } from './analyze-route.js';
import { fixRoute } from './fix-route.js';
import { fetchDumpInput } from './fetch-dump.js';
import { resolveDumpBuild } from './resolve-build.js';
import { openJob } from './open-job.js';
import { createSeenCrashes } from './seen-crashes.js';
import { recordCrashEvents } from './record-crash-events.js';

export interface PipelineResult {
  record: JobRecord;
  failure: StageError | null;
  jobDir: string;
}

/**
 * One crash through the pipeline: identify → parse, then (for `fix`) analyse
 * → gate → apply. A saved job resumes where it stopped; a crash that already
 * has its pull request ends as a DUPLICATE before the analysis (stages/check-seen.ts).
 */
export async function runPipeline(given: Settings, adapters: PipelineAdapters, log: Logger): Promise<PipelineResult> {
  // A dump-url (or the dispatch event's dump) is fetched first: the job is keyed by the dump's content.
  // Then the dump's own build is looked up in `symbols`: the job's inputs name the executable actually used.
  const settings = await resolveDumpBuild(await fetchDumpInput(given, log), log);
  // A state folder inside the checkout would show up as untracked in every `git status`.
  await excludeFromCheckout(settings.sourceRoot, settings.stateDir).catch((e: unknown) => {
    log.warning(`Could not add the state folder ${settings.stateDir} to the checkout's .git/info/exclude (${describeError(e)}); git will list it as untracked`);
  });
  const store = new FolderJobStore(settings.stateDir);
  const seen = createSeenCrashes(store, adapters.github);
  const record = await openJob(settings, store, seen, log, adapters.now());
  if (record.history.length === 1) await store.save(record);
  const jobId = record.jobId;
  const lease = workspaceLease(settings.workDir, { onWait: (owner) => log.info(`Waiting for another job (${owner}) to finish with the work folder ${settings.workDir}`) });
  const job = { id: jobId, dir: store.jobDir(jobId), writeFile: (name: string, content: string) => store.writeText(jobId, name, content), writeReport: (report: CrashReport) => store.writeReport(jobId, report, renderReportMarkdown(report)) };
  const route = settings.stopAfter === 'fix' ? fixRoute(settings, adapters, job, lease, seen, log) : analyzeRoute(settings, adapters, job, log);
  try {
    const outcome = await runJob(record, route, { save: (r) => store.save(r), log, now: adapters.now });
    await recordCrashEvents(settings, [outcome.record], log);
    return { ...outcome, jobDir: store.jobDir(jobId) };
  } finally {
    await lease.release();
  }
}
