import path from 'node:path';
import { describeError } from '../base/errors.js';
import { announceOnce, knownHash, readAnnounced } from '../intake/announced-dumps.js';
import { announceDump, sha256Of } from '../intake/announce-dump.js';
import type { Logger } from '../pipeline/logger.js';
import type { Settings } from '../settings/build-settings.js';
import type { DispatchTarget } from './notify-dump.js';
import type { DumpHandler } from './watch-folder.js';

/** Where `watch --notify` keeps the dumps it has announced, in the state folder. */
export const announcedFile = (settings: Settings): string => path.join(settings.stateDir, 'announced-dumps.json');

/**
 * `watch --notify`: each new dump becomes one crash-dump repository_dispatch
 * (what `notify` sends), so the workflows do the work. A dump is announced
 * once by content, also across restarts; a failed send is one line, is not
 * recorded, and is tried again next scan.
 */
export function notifyHandler(settings: Settings, target: DispatchTarget, log: Logger, now: () => Date = () => new Date()): DumpHandler {
  const file = announcedFile(settings);
  return async (dump, info) => {
    const name = path.basename(dump);
    const sha256 = knownHash(await readAnnounced(file), name, info.size, info.mtimeMs) ?? (await sha256Of(dump));
    let sent = '';
    try {
      const earlier = await announceOnce(file, { name, size: info.size, mtimeMs: info.mtimeMs, sha256 }, async () => {
        const payload = await announceDump(dump, { urlTemplate: target.urlTemplate, server: settings.server, allowInsecureHttp: settings.dumpUrlInsecure, now, sha256 }, target.send);
        sent = payload.dump_url;
        return { at: payload.reported_at ?? now().toISOString(), repository: target.repository, dumpUrl: payload.dump_url };
      });
      if (earlier !== null) return { outcome: 'skipped' };
    } catch (error) {
      log.error(`${name}: the crash-dump event to ${target.repository} was not sent (${describeError(error)}); it is tried again next scan`);
      return { outcome: 'failed', again: true };
    }
    log.info(`${name}: sent crash-dump to ${target.repository}: ${sent} (sha256 ${sha256})`);
    return { outcome: 'handled' };
  };
}
