import { describeError, type StageError } from '../errors.js';
import { excludeFromCheckout } from '../git/info-exclude.js';
import { workspaceLease } from '../toolchain/workspace.js';
import { FolderJobStore } from '../pipeline/folder-job-store.js';
import type { Logger } from '../pipeline/logger.js';
import { runJob, type StageTable } from '../pipeline/runner.js';
import type { JobRecord } from '../pipeline/state.js';
import type { Settings } from '../settings/build-settings.js';
import { identifyInput } from '../stages/identify-input.js';
import { parseDump } from '../stages/parse-dump.js';
import type { PipelineAdapters } from './pipeline-adapters.js';
import { fixStages } from './fix-stages.js';
import { openJob } from './open-job.js';

export interface PipelineResult {
  record: JobRecord;
  failure: StageError | null;
  jobDir: string;
}

/**
 * One crash through the pipeline: identify → parse, then (for `fix`) analyse
 * → gate → apply. A saved job resumes where it stopped.
 */
export async function runPipeline(settings: Settings, adapters: PipelineAdapters, log: Logger): Promise<PipelineResult> {
  // A state folder inside the checkout would show up as untracked in every `git status`.
  await excludeFromCheckout(settings.sourceRoot, settings.stateDir).catch((e: unknown) => {
    log.warning(`Could not add the state folder ${settings.stateDir} to the checkout's .git/info/exclude (${describeError(e)}); git will list it as untracked`);
  });
  const store = new FolderJobStore(settings.stateDir);
  const record = await openJob(settings, store, log, adapters.now());
  if (record.history.length === 1) await store.save(record);
  const jobId = record.jobId;
  const lease = workspaceLease(settings.workDir, { onWait: (owner) => log.info(`Waiting for another job (${owner}) to finish with the work folder ${settings.workDir}`) });
  const stages: StageTable = {
    CRASH_DETECTED: { name: 'Identify the dump', run: (s) => identifyInput(s, { debugger: settings.debugger, identifyDump: adapters.identifyDump }) },
    PARSING: {
      name: 'Parse the crash',
      run: (s) =>
        parseDump(s, {
          debugger: adapters.debugger,
          parseText: adapters.parseText,
          repository: adapters.repository,
          writeReport: (report) => store.writeReport(jobId, report),
          options: {
            symbols: settings.symbols,
            sourceRoot: settings.sourceRoot,
            symbolCache: settings.symbolCache,
            timeoutMs: settings.debuggerTimeoutMs,
            culpritIgnore: settings.culpritIgnore,
            contextLines: settings.contextLines,
          },
          now: adapters.now,
          // An explicit 'debugger: cdb' means the user wants symbols; only 'auto' degrades.
          readMinidumpNatively: settings.debugger === 'auto' ? adapters.readMinidumpNatively : undefined,
          warn: (message) => log.warning(message),
        }),
    },
    ...(settings.stopAfter === 'fix' ? fixStages(settings, adapters, { dir: store.jobDir(jobId), writeFile: (name, content) => store.writeText(jobId, name, content) }, lease, log) : {}),
  };
  try {
    const outcome = await runJob(record, stages, { save: (r) => store.save(r), log, now: adapters.now });
    return { ...outcome, jobDir: store.jobDir(jobId) };
  } finally {
    await lease.release();
  }
}
