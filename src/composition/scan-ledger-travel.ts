import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import path from 'node:path';
import { describeRun, type ArtifactRun, type ArtifactSource } from '../adapters/artifact/artifact-source.js';
import type { ArtifactStore } from '../adapters/artifact/artifact-store.js';
import { readLedger, type LedgerData } from '../intake/ledger.js';
import type { Logger } from '../pipeline/logger.js';

/** One name across runs: each scan uploads the ledger under it, the next one takes the newest. */
export const LEDGER_ARTIFACT = 'crash-autofix-scan-ledger';

/** How the scan ledger goes from one run (and runner) to the next. */
export interface LedgerTravel {
  /** The ledger the newest earlier run left; null when there is none yet. */
  restore(): Promise<LedgerData | null>;
  upload(ledgerFile: string): Promise<void>;
}

export interface ArtifactLedgerDeps {
  source: ArtifactSource;
  store: ArtifactStore;
  /** The run with the newest artifact of that name in the repository. */
  latestRun: (name: string) => Promise<ArtifactRun | null>;
  /** A folder of this runner to unpack into. */
  workDir: string;
  log: Logger;
}

/**
 * The ledger as a workflow artifact. A failed restore stops the scan with its
 * reason: going on would read the whole share again and list every bucket as
 * new a second time.
 */
export function artifactLedgerTravel(deps: ArtifactLedgerDeps): LedgerTravel {
  return {
    async restore() {
      const run = await deps.latestRun(LEDGER_ARTIFACT);
      if (run === null) {
        deps.log.info(`No '${LEDGER_ARTIFACT}' artifact yet: this is the first scan, or the last one's artifact expired`);
        return null;
      }
      await mkdir(deps.workDir, { recursive: true });
      const dir = await mkdtemp(path.join(deps.workDir, '.ledger-'));
      try {
        await deps.source.download(LEDGER_ARTIFACT, dir, run);
        const ledger = await readLedger(path.join(dir, 'ledger.json'));
        deps.log.info(`Ledger restored from ${describeRun(run)}: ${Object.keys(ledger.dumps).length} dump(s), ${Object.keys(ledger.buckets).length} bucket(s)`);
        return ledger;
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
    async upload(ledgerFile) {
      const uploaded = await deps.store.upload(LEDGER_ARTIFACT, [ledgerFile], path.dirname(ledgerFile));
      deps.log.info(`Ledger uploaded as '${uploaded.name}' (${uploaded.size} bytes)`);
    },
  };
}
