import { stat } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleepFor } from 'node:timers/promises';
import { CrashAutofixError, describeError } from '../base/errors.js';
import { sha256OfFile } from '../base/fs/file-sha256.js';
import type { DumpBucket, ModuleBuildId } from '../domain/dump-bucket.js';
import type { RawCrash } from '../domain/raw-crash.js';
import { readDumpBuild, type ModuleBuild } from '../intake/build-identity.js';
import { findBuild } from '../intake/find-build.js';
import { mergeLedgers, readLedger, updateLedger, type LedgerData } from '../intake/ledger.js';
import { scanFiles, type ScanOutcome } from '../intake/scan-share.js';
import { listShare, settledFiles, type ShareFile } from '../intake/share-files.js';
import type { Logger } from '../pipeline/logger.js';
import type { Settings } from '../settings/build-settings.js';
import { bucketOf } from '../triage/bucket-key.js';
import { buildReport } from '../triage/build-report.js';

export interface ScanDumpsDeps {
  log: Logger;
  /** A dump read without a debugger: the walk, with symbols when the module files are at hand. */
  readNatively: (request: { dumpPath: string; executable: string | null; symbols: readonly string[] }, warn: (message: string) => void) => Promise<RawCrash>;
  /** Repository-relative files of the source root, for which frames are in-app; null without one. */
  listRepoFiles: () => Promise<string[] | null>;
  /** A ledger another run left (the action's artifact), merged in before the scan. */
  restored?: LedgerData | null;
  now?: () => Date;
  sleep?: (ms: number) => Promise<void>;
  /** Dumps read at once (default 4: reading is mostly waiting on the share). */
  concurrency?: number;
}

export interface ScanResult {
  outcome: ScanOutcome;
  /** Dumps still being written: the next scan takes them. */
  busy: string[];
  /** The walk stopped at its entry cap. */
  truncated: boolean;
  ledgerFile: string;
  dumpDir: string;
}

export const ledgerFileOf = (stateDir: string): string => path.join(stateDir, 'scan', 'ledger.json');

/**
 * `scan`: every settled dump under `dump-dir` into the ledger once, and each
 * new one, read without a debugger, into its bucket. The ledger is read
 * first and merged back under its lock at the end, so a `watch` or another
 * scan on this runner loses nothing.
 */
export async function scanDumps(settings: Settings, deps: ScanDumpsDeps): Promise<ScanResult> {
  const { log } = deps;
  const dir = settings.dumpDir;
  if (dir === null) throw new CrashAutofixError('internal', 'settings guarantee dump-dir for scan');
  const info = await stat(dir).catch((e: unknown) => {
    throw new CrashAutofixError('config', `The dump share ${dir} cannot be read (${describeError(e)}); check 'dump-dir' and that this runner can reach the share`);
  });
  if (!info.isDirectory()) throw new CrashAutofixError('config', `'dump-dir' must be a folder, got the file ${dir}`);
  const now = deps.now ?? (() => new Date());
  const listing = await log.group(`List the dumps in ${dir}`, async () => {
    const found = await listShare(dir, { maxDepth: 4, maxEntries: 500_000, onProgress: (entries, dumps) => log.info(`${entries} entries read, ${dumps} dumps so far`) });
    log.info(`${found.files.length} dump(s)${found.truncated ? ' (the walk stopped at 500,000 entries; the rest waits for the next scan)' : ''}`);
    for (const u of found.unreadable) log.warning(`${u.name}: cannot be read (${u.reason}); skipped`);
    return found;
  });
  const { settled, busy } = await settledFiles(listing.files, {
    settleMs: settings.settleTime * 1000,
    now: () => now().getTime(),
    sleep:
      deps.sleep ??
      (async (ms) => {
        if (ms > 0) log.info(`Waiting ${Math.ceil(ms / 1000)} s for dumps written in the last ${settings.settleTime} s to settle`);
        await sleepFor(ms);
      }),
    restat: (file) => stat(file).then((s) => ({ size: s.size, mtimeMs: s.mtimeMs }), () => null),
  });
  for (const b of busy) log.info(`${b.name}: still being written; the next scan takes it`);
  const ledgerFile = ledgerFileOf(settings.stateDir);
  const ledger = deps.restored ? mergeLedgers(await readLedger(ledgerFile), deps.restored) : await readLedger(ledgerFile);
  const triage = dumpTriage(settings, deps, now);
  const outcome = await log.group(`Bucket ${settled.length} dump(s)`, async () => {
    let lastLine = 0;
    const result = await scanFiles(ledger, settled, {
      hash: (f) => sha256OfFile(f.path, { what: 'Dump', kind: 'bad-input', fix: 'check its permissions on the share' }),
      triage,
      now,
      concurrency: deps.concurrency ?? 4,
      maxNewBuckets: settings.maxNewBuckets,
      pathOf: (name) => path.join(dir, ...name.split('/')),
      onProgress: (done, total) => {
        if (done !== total && Date.now() - lastLine < 5000) return;
        lastLine = Date.now();
        log.info(`${done}/${total} new dump(s) read`);
      },
    });
    for (const u of result.unreadable) log.warning(`${u.name}: ${u.reason}; skipped (the file is left as it is)`);
    for (const f of result.failed) log.warning(`${f.name}: ${f.reason}; the next scan tries it again`);
    return result;
  });
  await updateLedger(ledgerFile, (onDisk) => {
    Object.assign(onDisk, mergeLedgers(ledger, onDisk));
  });
  return { outcome, busy: busy.map((b) => b.name), truncated: listing.truncated, ledgerFile, dumpDir: dir };
}

/** One dump → its bucket: the build it names, its program's files by build id, the native read, the report's signature. */
function dumpTriage(settings: Settings, deps: ScanDumpsDeps, now: () => Date): (file: ShareFile) => Promise<DumpBucket> {
  let repoFiles: Promise<string[] | null> | null = null;
  const builds = new Map<string, Promise<string | null>>();
  const warned = new Set<string>();
  const warnOnce = (message: string): void => {
    if (warned.has(message)) return;
    warned.add(message);
    deps.log.warning(message);
  };
  const executableFor = (program: ModuleBuild | null): Promise<string | null> => {
    if (settings.executable !== null) return Promise.resolve(settings.executable);
    if (program === null || settings.symbols.length === 0) return Promise.resolve(null);
    const key = buildIdOf(program) ?? program.name;
    let found = builds.get(key);
    if (!found) {
      found = findBuild(program, settings.symbols).then(
        (b) => b.executable,
        (e: unknown) => {
          warnOnce(`${describeError(e)}; its dumps are bucketed by module offsets within that build`);
          return null;
        },
      );
      builds.set(key, found);
    }
    return found;
  };
  return async (file) => {
    const build = await readDumpBuild(file.path);
    const executable = await executableFor(build.program);
    const raw = await deps.readNatively({ dumpPath: file.path, executable, symbols: settings.symbols }, warnOnce);
    repoFiles ??= deps.listRepoFiles();
    const report = await buildReport(raw, {
      repoFiles: await repoFiles,
      readSource: () => Promise.resolve(null),
      culpritIgnore: [...settings.culpritIgnore],
      contextLines: 0,
      dump: { path: file.path, format: build.kind, fingerprint: null, executable },
      now: now(),
    });
    const id = (m: ModuleBuild): ModuleBuildId => ({ name: m.name, id: buildIdOf(m) });
    return bucketOf(report, build.modules.map(id), build.program ? id(build.program) : null);
  };
}

/** What names a module's build: the GNU build id, else the PDB's key, else the PE image key. */
function buildIdOf(m: ModuleBuild): string | null {
  return m.buildId ?? (m.pdb ? `${m.pdb.name}/${m.pdb.key}` : null) ?? m.imageKey;
}
