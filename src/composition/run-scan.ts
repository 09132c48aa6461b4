import path from 'node:path';
import { gitFileLister } from '../adapters/git/git-file-lister.js';
import { NodeProcessRunner, type ProcessRunner } from '../adapters/exec/process-runner.js';
import { writeFileAtomic } from '../base/fs/atomic-write.js';
import type { Logger } from '../pipeline/logger.js';
import type { Settings } from '../settings/build-settings.js';
import { listRepositoryFiles } from '../triage/repo-files.js';
import { nativeDumpReader } from './native-reader.js';
import { scanDumps, type ScanResult } from './scan-dumps.js';
import type { LedgerTravel } from './scan-ledger-travel.js';
import { matrixEntries, renderScanSummary } from './scan-text.js';
import { recordCrashEvents } from './record-crash-events.js';
import { scanOccurrences } from './scan-occurrences.js';

export interface ScanJob {
  result: ScanResult;
  /** Every bucket of this scan as JSON: `<state-dir>/scan/buckets.json`. */
  bucketsFile: string;
  outputs: Record<string, string>;
  summary: string;
}

/** Buckets in the `buckets` output; the file has them all (outputs share a 1 MB limit per job). */
const MAX_OUTPUT_BUCKETS = 100;

/** `scan` for the CLI and the action: the ledger from the last run, the scan, the files and outputs, the ledger back. */
export async function runScan(settings: Settings, log: Logger, travel: LedgerTravel | null, runner: ProcessRunner = new NodeProcessRunner(settings.toolsEnv)): Promise<ScanJob> {
  const restored = travel ? await log.group('Restore the scan ledger', () => travel.restore()) : null;
  const listGitFiles = gitFileLister(runner);
  const result = await scanDumps(settings, {
    log,
    readNatively: nativeDumpReader(runner),
    listRepoFiles: async () => (await listRepositoryFiles(settings.sourceRoot, { listGitFiles })).files,
    restored,
  });
  const { outcome } = result;
  await recordCrashEvents(settings, [], log, null, await scanOccurrences(outcome));
  const bucketsFile = path.join(path.dirname(result.ledgerFile), 'buckets.json');
  await writeFileAtomic(bucketsFile, `${JSON.stringify(outcome.buckets, null, 2)}\n`);
  if (travel) await log.group('Upload the scan ledger', () => travel.upload(result.ledgerFile));
  log.info(
    `scan: ${outcome.files} dump(s), ${outcome.newDumps} new, ${outcome.copies} copies of known ones; ${outcome.buckets.length} bucket(s) met, ${outcome.newBuckets.length} new for the fix jobs` +
      (outcome.unreadable.length + outcome.failed.length > 0 ? `; ${outcome.unreadable.length + outcome.failed.length} unreadable` : ''),
  );
  const outputs: Record<string, string> = {
    'new-buckets': JSON.stringify(matrixEntries(outcome.newBuckets)),
    'new-bucket-count': String(outcome.newBuckets.length),
    buckets: JSON.stringify(outcome.buckets.slice(0, MAX_OUTPUT_BUCKETS)),
    'buckets-file': bucketsFile,
    'ledger-file': result.ledgerFile,
    'dumps-found': String(outcome.files),
    'dumps-new': String(outcome.newDumps),
    'dumps-unreadable': String(outcome.unreadable.length + outcome.failed.length),
  };
  return { result, bucketsFile, outputs, summary: renderScanSummary(result) };
}
