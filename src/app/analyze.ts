import type { StageError } from '../errors.js';
import { JobStore } from '../pipeline/job-store.js';
import type { Logger } from '../pipeline/logger.js';
import { runJob } from '../pipeline/runner.js';
import type { JobRecord } from '../pipeline/state.js';
import type { Settings } from '../settings/build-settings.js';
import { identifyInput, type IdentifyDeps } from '../stages/identify-input.js';
import { parseDump, type ParseDeps } from '../stages/parse-dump.js';
import { openJob } from './open-job.js';

export interface AnalyzeAdapters {
  identifyDump: IdentifyDeps['identifyDump'];
  debugger: ParseDeps['debugger'];
  parseText: ParseDeps['parseText'];
  repository: ParseDeps['repository'];
  readMinidumpNatively: NonNullable<ParseDeps['readMinidumpNatively']>;
  now: () => Date;
}

export interface AnalyzeResult {
  record: JobRecord;
  failure: StageError | null;
  jobDir: string;
}

/** Triage one dump: identify → parse, resuming a saved job when there is one. */
export async function analyze(settings: Settings, adapters: AnalyzeAdapters, log: Logger): Promise<AnalyzeResult> {
  const store = new JobStore(settings.stateDir);
  const input = settings.dump ?? settings.fromOutput;
  if (input === null) throw new Error('settings guarantee dump or from-output');
  const record = await openJob(
    { path: input, kind: settings.dump !== null ? 'dump' : 'debugger-text', executable: settings.executable, fresh: settings.fresh },
    store,
    log,
    adapters.now(),
  );
  if (record.history.length === 1) await store.save(record);
  const outcome = await runJob(
    record,
    {
      CRASH_DETECTED: { name: 'Identify the dump', run: (s) => identifyInput(s, { debugger: settings.debugger, identifyDump: adapters.identifyDump }) },
      PARSING: {
        name: 'Parse the crash',
        run: (s) =>
          parseDump(s, {
            debugger: adapters.debugger,
            parseText: adapters.parseText,
            repository: adapters.repository,
            writeReport: (report) => store.writeReport(record.jobId, report),
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
    },
    { save: (r) => store.save(r), log, now: adapters.now },
  );
  return { ...outcome, jobDir: store.jobDir(record.jobId) };
}
