import { isDumpName } from '../intake/share-files.js';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { fingerprintFile } from '../base/fs/file-fingerprint.js';
import { describeError } from '../base/errors.js';
import { FolderJobStore } from '../pipeline/folder-job-store.js';
import { createSeenCrashes } from './seen-crashes.js';
import type { Logger } from '../pipeline/logger.js';
import type { Settings } from '../settings/build-settings.js';
import type { PipelineResult } from './run-pipeline.js';
import { canGoFurther } from './job-inputs.js';

export interface DumpFileInfo {
  size: number;
  mtimeMs: number;
}

/** What became of one dump; `again`: look at it next scan even when the file has not changed (a send to retry). */
export interface DumpResult {
  outcome: 'handled' | 'skipped' | 'failed';
  again?: boolean;
}

/** Does something with each settled dump: runs `fix` on it, or announces it (`--notify`). */
export type DumpHandler = (file: string, info: DumpFileInfo) => Promise<DumpResult>;

export interface WatchDeps {
  handle: DumpHandler;
  log: Logger;
  /** Resolves after `ms`, or early when the watch is being stopped. */
  sleep: (ms: number) => Promise<void>;
  stopped: () => boolean;
}

export interface WatchTotals {
  handled: number;
  skipped: number;
  failed: number;
}


/**
 * Hands every dump that lands in a folder to `handle`, once per content of
 * the file in this process: a file is taken once its size has stopped
 * changing between two scans (`once`: at once). What "once" means across
 * restarts is the handler's: job records, or the list of announced dumps.
 */
export async function watchFolder(dir: string, options: { once: boolean; pollIntervalMs: number }, deps: WatchDeps): Promise<WatchTotals> {
  const totals: WatchTotals = { handled: 0, skipped: 0, failed: 0 };
  const scanned = new Map<string, string>();
  const sizes = new Map<string, number>();
  for (;;) {
    for (const file of await candidates(dir)) {
      if (deps.stopped()) return totals;
      const info = await stat(file).catch(() => null);
      if (!info) continue;
      const stamp = `${info.size}:${info.mtimeMs}`;
      if (scanned.get(file) === stamp) continue;
      if (!options.once && sizes.get(file) !== info.size) {
        sizes.set(file, info.size); // still being written, perhaps: look again next scan
        continue;
      }
      scanned.set(file, stamp);
      let result: DumpResult;
      try {
        result = await deps.handle(file, { size: info.size, mtimeMs: info.mtimeMs });
      } catch (error) {
        deps.log.error(`${path.basename(file)}: ${describeError(error)}`);
        result = { outcome: 'failed' };
      }
      totals[result.outcome]++;
      if (result.again) scanned.delete(file);
    }
    if (options.once || deps.stopped()) return totals;
    await deps.sleep(options.pollIntervalMs);
    if (deps.stopped()) return totals;
  }
}

export interface PipelineHandlerDeps {
  /** Settings for one dump: the watch's own settings with `dump` set (and its build looked up). */
  settingsFor: (dump: string) => Promise<Settings>;
  run: (settings: Settings) => Promise<PipelineResult>;
  log: Logger;
}

/**
 * Each dump through the pipeline: a dump whose job record says it is done (or
 * failed for good) is skipped, also after a restart, since jobs are keyed by
 * the dump's content (`byFingerprint`). A new dump of a crash already handled
 * ends as a DUPLICATE in the pipeline and counts as already handled.
 */
export function pipelineHandler(base: Settings, deps: PipelineHandlerDeps): DumpHandler {
  // Only the job record by the dump's content is asked here; the pipeline asks about the signature.
  const seen = createSeenCrashes(new FolderJobStore(base.stateDir), null);
  return async (file) => {
    const { fingerprint } = await fingerprintFile(file);
    const record = await seen.byFingerprint(fingerprint).catch(() => null);
    const settings = await deps.settingsFor(file);
    const further = record ? await canGoFurther(record, settings) : 'new dump';
    if (record && further === null) {
      if (record.state.status === 'FAILED') deps.log.info(`${path.basename(file)}: skipped, its job failed for good (${record.state.error.message}); run 'crash-autofix fix --dump ${file} --fresh' to start it again`);
      return { outcome: 'skipped' };
    }
    deps.log.info(`${further === 'new dump' ? 'New dump' : `Again (${further ?? ''})`}: ${file}`);
    const result = await deps.run(settings);
    const state = result.record.state;
    if (state.status === 'FAILED') {
      deps.log.error(`${path.basename(file)}: ${state.error.message}`);
      return { outcome: 'failed' };
    }
    if (state.status === 'DUPLICATE') {
      deps.log.info(`${path.basename(file)}: DUPLICATE (job ${result.record.jobId}): ${state.reason}`);
      return { outcome: 'skipped' };
    }
    deps.log.info(`${path.basename(file)}: ${state.status} (job ${result.record.jobId})`);
    return { outcome: 'handled' };
  };
}

async function candidates(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && !e.name.startsWith('.') && isDumpName(e.name))
    .map((e) => path.join(dir, e.name))
    .sort();
}
