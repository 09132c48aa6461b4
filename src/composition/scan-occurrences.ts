import { fingerprintFile } from '../base/fs/file-fingerprint.js';
import type { CrashEvent } from '../domain/crash-record.js';
import { dumpProgramBuild } from '../intake/build-identity.js';
import type { ScanOutcome } from '../intake/scan-share.js';

/** `function (file:line)` as the scan's buckets name a culprit. */
const CULPRIT = /^(.*) \((.+):\d+\)$/;

/**
 * The dumps a scan read, as occurrences for the crash database: one per dump
 * (by content), in buckets whose key is the debugger's signature (`stable`;
 * a `build` bucket's key is not one). The id is the dump's job id, the one a
 * fix job on the same dump reports, so that dump counts once either way. The
 * server is the share folder the dump is in (servers write into one each).
 */
export async function scanOccurrences(outcome: Pick<ScanOutcome, 'read'>): Promise<CrashEvent[]> {
  const events: CrashEvent[] = [];
  for (const dump of outcome.read) {
    if (dump.scope !== 'stable') continue;
    const jobId = (await fingerprintFile(dump.path)).fingerprint.slice(0, 16);
    const culprit = dump.culprit === null ? null : CULPRIT.exec(dump.culprit);
    const file = culprit?.[2] ?? null;
    events.push({
      kind: 'occurrence',
      id: `${jobId}:occurrence`,
      signature: dump.signature,
      at: new Date(dump.mtimeMs).toISOString(),
      title: culprit?.[1] ? `${dump.exception} in ${culprit[1]}` : dump.exception,
      module: file !== null && file.includes('/') ? file.slice(0, file.lastIndexOf('/')) : null,
      jobId: null,
      dumpSha256: null,
      build: await dumpProgramBuild(dump.path),
      server: dump.name.includes('/') ? dump.name.slice(0, dump.name.indexOf('/')) : null,
    });
  }
  return events;
}
