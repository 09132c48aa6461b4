import { stat } from 'node:fs/promises';
import { describeError } from '../base/errors.js';
import { fingerprintFile } from '../base/fs/file-fingerprint.js';
import { listShare } from '../intake/share-files.js';
import type { Logger } from '../pipeline/logger.js';
import type { StressWatch } from '../release/stress-run.js';
import { withDump, type Settings } from '../settings/build-settings.js';
import type { PipelineAdapters } from './pipeline-adapters.js';
import { runPipeline } from './run-pipeline.js';

/** A core is written for a while after the crash: read it only once its size holds this long. */
const SETTLE_MS = 1500;
const SETTLE_TRIES = 40;

/**
 * The stress run's eyes on `dump-dir`: its dumps, and each new one read into
 * a report through the same `analyze` route as any intake (its job, in the
 * state folder, is the new crash's intake job).
 */
export function stressWatch(settings: Settings, adapters: (s: Settings) => PipelineAdapters, log: Logger, sleep: (ms: number) => Promise<void>): StressWatch {
  const dir = settings.dumpDir;
  return {
    async listDumps() {
      if (dir === null) return [];
      const listing = await listShare(dir);
      return listing.files.map((f) => f.path);
    },
    async triage(file) {
      await settled(file, sleep);
      const { fingerprint } = await fingerprintFile(file);
      try {
        const forDump = { ...withDump(settings, file), stopAfter: 'analyze' as const };
        const result = await runPipeline(forDump, adapters(forDump), log);
        const state = result.record.state;
        if ('report' in state) return { sha256: fingerprint, signature: state.report.signature, jobId: result.record.jobId, note: `job ${result.record.jobId}` };
        const why = state.status === 'FAILED' ? state.error.message : `the job stopped at ${state.status}`;
        return { sha256: fingerprint, signature: null, jobId: result.record.jobId, note: why };
      } catch (error) {
        return { sha256: fingerprint, signature: null, jobId: null, note: describeError(error) };
      }
    },
  };
}

async function settled(file: string, sleep: (ms: number) => Promise<void>): Promise<void> {
  let last = -1;
  for (let i = 0; i < SETTLE_TRIES; i++) {
    const size = (await stat(file)).size;
    if (size === last && size > 0) return;
    last = size;
    await sleep(SETTLE_MS);
  }
}
