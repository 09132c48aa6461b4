import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { fingerprintFile } from '../base/fs/file-fingerprint.js';
import { FolderJobStore } from '../pipeline/folder-job-store.js';
import { createSeenCrashes } from './seen-crashes.js';
import type { Logger } from '../pipeline/logger.js';
import type { Settings } from '../settings/build-settings.js';
import type { PipelineResult } from './run-pipeline.js';
import { canGoFurther } from './job-inputs.js';

export interface WatchDeps {
  /** Settings for one dump: the watch's own settings with `dump` set. */
  settingsFor: (dump: string) => Promise<Settings>;
  run: (settings: Settings) => Promise<PipelineResult>;
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

const DUMP_NAME = /(\.(dmp|mdmp|core)$)|(^core(\.[\w.-]+)?$)/i;

/**
 * Handles every dump that lands in a folder exactly once: a dump whose job
 * record says it is done (or failed for good) is skipped, also after a
 * restart, since jobs are keyed by the dump's content (`byFingerprint`). A
 * new dump of a crash already handled ends as a DUPLICATE in the pipeline and
 * counts as already handled. A file is taken once its size has stopped
 * changing between two scans (`once`: at once).
 */
export async function watchFolder(dir: string, base: Settings, deps: WatchDeps): Promise<WatchTotals> {
  const totals: WatchTotals = { handled: 0, skipped: 0, failed: 0 };
  // Only the job record by the dump's content is asked here; the pipeline asks about the signature.
  const seen = createSeenCrashes(new FolderJobStore(base.stateDir), null);
  const scanned = new Map<string, string>();
  const sizes = new Map<string, number>();
  for (;;) {
    for (const file of await candidates(dir)) {
      if (deps.stopped()) return totals;
      const info = await stat(file).catch(() => null);
      if (!info) continue;
      const stamp = `${info.size}:${info.mtimeMs}`;
      if (scanned.get(file) === stamp) continue;
      if (!base.once && sizes.get(file) !== info.size) {
        sizes.set(file, info.size); // still being written, perhaps: look again next scan
        continue;
      }
      scanned.set(file, stamp);
      const { fingerprint } = await fingerprintFile(file);
      const record = await seen.byFingerprint(fingerprint).catch(() => null);
      try {
        const settings = await deps.settingsFor(file);
        const further = record ? await canGoFurther(record, settings) : 'new dump';
        if (record && further === null) {
          totals.skipped++;
          if (record.state.status === 'FAILED') deps.log.info(`${path.basename(file)}: skipped, its job failed for good (${record.state.error.message}); run 'crash-autofix fix --dump ${file} --fresh' to start it again`);
          continue;
        }
        deps.log.info(`${further === 'new dump' ? 'New dump' : `Again (${further ?? ''})`}: ${file}`);
        const result = await deps.run(settings);
        const state = result.record.state;
        if (state.status === 'FAILED') {
          totals.failed++;
          deps.log.error(`${path.basename(file)}: ${state.error.message}`);
        } else if (state.status === 'DUPLICATE') {
          totals.skipped++;
          deps.log.info(`${path.basename(file)}: DUPLICATE (job ${result.record.jobId}): ${state.reason}`);
        } else {
          totals.handled++;
          deps.log.info(`${path.basename(file)}: ${result.record.state.status} (job ${result.record.jobId})`);
        }
      } catch (error) {
        totals.failed++;
        deps.log.error(`${path.basename(file)}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    if (base.once || deps.stopped()) return totals;
    await deps.sleep(base.pollIntervalMs);
    if (deps.stopped()) return totals;
  }
}

async function candidates(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && !e.name.startsWith('.') && DUMP_NAME.test(e.name))
    .map((e) => path.join(dir, e.name))
    .sort();
}
