import { randomBytes } from 'node:crypto';
import { readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describeError } from '../base/errors.js';
import { readTextFile } from '../base/fs/read-text-file.js';
import { parseDispatchEvent } from '../intake/dispatch-payload.js';
import { describeProgress } from '../intake/download-sink.js';
import { downloadDump } from '../intake/download-dump.js';
import { displayUrl, parseDumpLocation, type DumpLocation } from '../intake/dump-location.js';
import { DEFAULT_ARCHIVE_LIMITS, extractArchive, fileArchiveKind } from '../intake/extract-archive.js';
import { findDumpBuild } from '../intake/find-build.js';
import { pickDump } from '../intake/pick-dump.js';
import type { Logger } from '../pipeline/logger.js';
import { withDumpServer, withFetchedDump, type Settings } from '../settings/build-settings.js';

/** What a finished fetch left in `state-dir/downloads/<sha256>/`, so the same dump is not fetched twice. */
interface Fetched {
  dump: string;
  symbols: string[];
}
const MARKER = 'fetched.json';

/**
 * Before the job: fetches `dump-url` (or the dump a `repository_dispatch`
 * announced) into the state folder, unpacks an archive, and returns the
 * settings with `dump` set to the file, plus the executable and symbols
 * that came with it. Without a fetch to do, returns the settings as they are.
 */
export async function fetchDumpInput(settings: Settings, log: Logger): Promise<Settings> {
  const fetch = settings.dumpFetch;
  if (fetch === null) return settings;
  // The event's `server` goes with the dump into the job, for the crash's occurrences per server.
  let server: string | null = null;
  const fetched = await log.group('Fetch the dump', async () => {
    let location: DumpLocation;
    let sha256 = fetch.sha256;
    if (fetch.source.kind === 'url') {
      location = parseDumpLocation(fetch.source.url, { allowInsecureHttp: settings.dumpUrlInsecure });
    } else {
      const event = JSON.parse(await readTextFile(fetch.source.eventFile, { what: 'Workflow event', kind: 'bad-input', fix: 'run the job from a repository_dispatch event' }, 1024 * 1024)) as unknown;
      const dispatched = parseDispatchEvent(event, { allowInsecureHttp: settings.dumpUrlInsecure });
      location = dispatched.location;
      sha256 ??= dispatched.sha256?.toLowerCase() ?? null;
      server = dispatched.server ?? null;
      log.info(`crash-dump event${dispatched.server ? ` from ${dispatched.server}` : ''}${dispatched.reported_at ? `, reported ${dispatched.reported_at}` : ''}`);
    }
    const shown = location.kind === 'http' ? displayUrl(location.url) : location.path;
    const root = path.join(settings.stateDir, 'downloads');
    if (sha256 !== null) {
      const kept = await readMarker(path.join(root, sha256));
      if (kept) {
        log.info(`${shown}: already fetched (sha256 ${sha256}), not downloaded again`);
        return withFound(settings, kept, log);
      }
    }
    const incoming = path.join(root, `.incoming-${randomBytes(6).toString('hex')}`);
    let lastLine = 0;
    try {
      const got = await downloadDump(location, {
        destDir: incoming,
        maxBytes: settings.dumpMaxBytes,
        expectedSha256: sha256,
        secretHeader: fetch.header,
        allowInsecureHttp: settings.dumpUrlInsecure,
        retries: 4,
        backoffMs: 2000,
        idleTimeoutMs: 120_000,
        // A line every 5 s (and the last one), not one per second.
        onProgress: (p) => {
          if (Date.now() - lastLine < 5000 && p.bytes !== p.total) return;
          lastLine = Date.now();
          log.info(`${shown}: ${describeProgress(p)}`);
        },
        onRetry: (m) => log.warning(m),
      });
      log.info(`Fetched ${shown}: ${got.bytes} bytes, sha256 ${got.sha256}${got.resumed > 0 ? `, resumed ${got.resumed} time(s)` : ''}`);
      const home = path.join(root, got.sha256);
      const kept = await readMarker(home);
      if (kept) return await withFound(settings, kept, log);
      await rm(home, { recursive: true, force: true });
      await rename(incoming, home);
      const file = path.join(home, path.basename(got.file));
      const fetched: Fetched = (await fileArchiveKind(file)) === null ? { dump: file, symbols: [] } : await unpack(file, home, settings.dumpMaxBytes, log);
      await writeFile(path.join(home, MARKER), `${JSON.stringify(fetched)}\n`);
      return await withFound(settings, fetched, log);
    } finally {
      await rm(incoming, { recursive: true, force: true });
    }
  });
  return server === null ? fetched : withDumpServer(fetched, server);
}

async function unpack(archive: string, home: string, maxBytes: number, log: Logger): Promise<Fetched> {
  const files = await extractArchive(archive, home, { ...DEFAULT_ARCHIVE_LIMITS, maxTotalBytes: maxBytes });
  const dump = await pickDump(files, path.basename(archive));
  log.info(`Unpacked ${path.basename(archive)}: ${files.length} file(s); the dump is ${dump.entry}`);
  await rm(archive);
  // The folder it was unpacked into holds the executable and symbols that came with the dump.
  return { dump: dump.file, symbols: files.length > 1 ? [`${archive}.d`] : [] };
}

/** The settings for the fetched dump; an archive's executable is used when its build id matches the dump. */
async function withFound(settings: Settings, fetched: Fetched, log: Logger): Promise<Settings> {
  let executable: string | null = null;
  if (settings.executable === null && fetched.symbols.length > 0) {
    try {
      executable = (await findDumpBuild(fetched.dump, fetched.symbols)).executable;
      if (executable) log.info(`The archive holds the dump's own executable: ${executable}`);
    } catch (error) {
      log.info(`The archive's files are not the dump's build (${describeError(error)}); they stay on the symbol path`);
    }
  }
  return withFetchedDump(settings, { dump: fetched.dump, executable, symbols: fetched.symbols });
}

async function readMarker(home: string): Promise<Fetched | null> {
  try {
    const fetched = JSON.parse(await readFile(path.join(home, MARKER), 'utf8')) as Fetched;
    return (await stat(fetched.dump)).isFile() ? fetched : null;
  } catch {
    return null;
  }
}
