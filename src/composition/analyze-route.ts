import type { CrashReport } from '../domain/crash-report.js';
import type { ReportFiles } from '../domain/job-state.js';
import type { Logger } from '../pipeline/logger.js';
import type { Route } from '../pipeline/route.js';
import type { Settings } from '../settings/build-settings.js';
import { identifyInput } from '../stages/identify-input.js';
import { parseDump } from '../stages/parse-dump.js';
import type { PipelineAdapters } from './pipeline-adapters.js';

/** Where a route's stages keep the job's files. */
export interface JobFiles {
  id: string;
  dir: string;
  writeFile: (name: string, content: string) => Promise<string>;
  writeReport: (report: CrashReport) => Promise<ReportFiles>;
}

/** `analyze`: identify the dump and build the crash report. */
export function analyzeRoute(settings: Settings, adapters: PipelineAdapters, job: JobFiles, log: Logger): Route<'analyze'> {
  return {
    CRASH_DETECTED: { name: 'Identify the dump', run: (s) => identifyInput(s, { debugger: settings.debugger, identifyDump: adapters.identifyDump }) },
    PARSING: {
      name: 'Parse the crash',
      run: (s) =>
        parseDump(s, {
          debugger: adapters.debugger,
          parseText: adapters.parseText,
          repository: adapters.repository,
          writeReport: job.writeReport,
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
  };
}
