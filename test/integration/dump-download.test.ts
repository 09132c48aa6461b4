import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CrashAutofixError } from '../../src/base/errors.js';
import { downloadDump, type DownloadOptions } from '../../src/intake/download-dump.js';
import { parseDumpLocation } from '../../src/intake/dump-location.js';
import type { Progress } from '../../src/intake/download-sink.js';
import { dumpBytes, sha256, startDumpServer, type DumpServer } from '../fakes/dump-server.js';

/** Real HTTPS (test certificate via NODE_EXTRA_CA_CERTS) and HTTP servers on 127.0.0.1, the real downloader. */
const BODY = dumpBytes(3 * 1024 * 1024 + 17);
const SECRET = { name: 'Authorization', value: 'Bearer s3cr3t-token' };
let secure: DumpServer;
let plain: DumpServer;
let other: DumpServer;
let dir: string;
let dest: string;

beforeAll(async () => {
  other = await startDumpServer({ tls: false, body: BODY });
  plain = await startDumpServer({ tls: false, body: BODY, otherOrigin: other.origin, authHeader: SECRET });
  secure = await startDumpServer({ tls: true, body: BODY, otherOrigin: plain.origin, authHeader: SECRET });
  dir = await mkdtemp(path.join(os.tmpdir(), 'dump-download-'));
});
afterAll(async () => {
  await Promise.all([secure.close(), plain.close(), other.close()]);
  await rm(dir, { recursive: true, force: true });
});
let n = 0;
beforeEach(() => {
  dest = path.join(dir, `case-${++n}`);
});

function options(overrides: Partial<DownloadOptions> = {}): DownloadOptions & { waits: number[]; retries_: string[]; progress: Progress[] } {
  const waits: number[] = [];
  const retries_: string[] = [];
  const progress: Progress[] = [];
  return {
    destDir: dest,
    maxBytes: 64 * 1024 * 1024,
    expectedSha256: null,
    secretHeader: null,
    allowInsecureHttp: false,
    retries: 3,
    backoffMs: 10,
    idleTimeoutMs: 10_000,
    onProgress: (p) => progress.push(p),
    onRetry: (m) => retries_.push(m),
    wait: async (ms) => void waits.push(ms),
    waits,
    retries_,
    progress,
    ...overrides,
  };
}

const at = (server: DumpServer, pathname: string) => parseDumpLocation(server.url(pathname), { allowInsecureHttp: false });
const leftovers = async (): Promise<string[]> => readdir(dest).catch(() => []);

describe('downloading a dump', () => {
  it('streams an https dump into the folder with its sha256, and reports progress up to the whole size', async () => {
    const o = options({ expectedSha256: sha256(BODY) });
    const got = await downloadDump(at(secure, '/dumps/crash.dmp'), o);
    expect(got).toMatchObject({ file: path.join(dest, 'crash.dmp'), sha256: sha256(BODY), bytes: BODY.length, attempts: 1, resumed: 0 });
    expect((await readFile(got.file)).equals(BODY)).toBe(true);
    expect(await leftovers()).toEqual(['crash.dmp']);
    expect(o.progress.at(-1)).toMatchObject({ bytes: BODY.length, total: BODY.length });
  });

  it('follows a redirect on the same origin', async () => {
    const got = await downloadDump(at(secure, '/hop'), options());
    expect(got.bytes).toBe(BODY.length);
  });

  it('retries a 503 with doubling waits, then succeeds', async () => {
    const o = options();
    const got = await downloadDump(at(secure, '/flaky.dmp'), o);
    expect(got.attempts).toBe(3);
    expect(o.waits).toEqual([10, 20]);
    expect(o.retries_[0]).toMatch(/^Download of https:\/\/127\.0\.0\.1:\d+\/flaky\.dmp failed \(HTTP 503\); attempt 2 of 4 in 0 s, starting over$/);
  });

  it('resumes a cut transfer with Range and If-Range, and the hash covers both parts', async () => {
    const got = await downloadDump(at(secure, '/cut.dmp'), options({ expectedSha256: sha256(BODY) }));
    expect(got).toMatchObject({ attempts: 2, resumed: 1, sha256: sha256(BODY) });
    const second = secure.requests.filter((r) => r.path === '/cut.dmp')[1];
    expect(second?.headers.range).toMatch(/^bytes=\d+-$/);
    expect(second?.headers['if-range']).toMatch(/^"[0-9a-f]{16}"$/);
    expect((await readFile(got.file)).equals(BODY)).toBe(true);
  });

  it('starts over when the server cannot resume', async () => {
    const got = await downloadDump(at(secure, '/no-ranges.dmp'), options({ expectedSha256: sha256(BODY) }));
    expect(got).toMatchObject({ attempts: 2, resumed: 0 });
    expect(secure.requests.filter((r) => r.path === '/no-ranges.dmp')[1]?.headers.range).toBeUndefined();
  });

  it.each([
    { what: 'a 404', pathname: '/missing.dmp', o: {}, line: /^https:\/\/127\.0\.0\.1:\d+\/missing\.dmp answered HTTP 404 Not Found; there is no file at that address; check 'dump-url'$/ },
    { what: 'a 500 every time', pathname: '/always-500.dmp', o: { retries: 2 }, line: /^Could not download \S+always-500\.dmp in 3 attempts: HTTP 500; check that the server is up/ },
    { what: 'a redirect loop', pathname: '/loop', o: {}, line: /^\S+\/loop redirects more than 5 times \(a loop\?\); give the final address in 'dump-url'$/ },
    { what: 'an https → http downgrade', pathname: '/downgrade', o: {}, line: /redirects from https:\/\/ to plain http:\/\/ \(http:\/\/127\.0\.0\.1:\d+\/dumps\/crash\.dmp\); refused/ },
    { what: 'a missing auth header', pathname: '/private.dmp', o: {}, line: /answered HTTP 401 Unauthorized; the server wants credentials: put them in a secret and pass it as 'dump-url-header'/ },
    { what: 'a wrong sha256', pathname: '/dumps/crash.dmp', o: { expectedSha256: 'a'.repeat(64) }, line: /^https:\S+crash\.dmp has sha256 [0-9a-f]{64}, not the a{64} that 'dump-sha256' expects/ },
    { what: 'an oversize dump', pathname: '/dumps/crash.dmp', o: { maxBytes: 1024 * 1024 }, line: /^https:\S+crash\.dmp is 3145745 bytes, over 'dump-max-bytes' \(1048576\); raise the setting if the dump is real$/ },
    { what: 'a server that goes quiet', pathname: '/silent.dmp', o: { retries: 0, idleTimeoutMs: 300 }, line: /^Could not download \S+silent\.dmp in 1 attempt: (the connection broke after 10 bytes|no data for 0 s)/ },
  ])('$what: one line, and nothing left in the folder', async ({ pathname, o, line }) => {
    const error = await downloadDump(at(secure, pathname), options(o)).then(
      () => new Error('the download succeeded'),
      (e: unknown) => e as Error,
    );
    expect(error).toBeInstanceOf(CrashAutofixError);
    expect(error.message).toMatch(line);
    expect(error.message).not.toContain('\n');
    expect(await leftovers()).toEqual([]);
  });

  it('the redirect loop stops after five hops; the downgrade never reaches the http server', async () => {
    const loopsBefore = secure.hits.get('/loop') ?? 0;
    await expect(downloadDump(at(secure, '/loop'), options())).rejects.toThrow(/more than 5 times/);
    expect((secure.hits.get('/loop') ?? 0) - loopsBefore).toBe(6);
    const plainBefore = plain.requests.length;
    await expect(downloadDump(at(secure, '/downgrade'), options())).rejects.toThrow(/refused/);
    expect(plain.requests.length).toBe(plainBefore);
  });

  it('sends the secret header to the dump’s origin only, never across a redirect to another', async () => {
    const got = await downloadDump(at(secure, '/private.dmp'), options({ secretHeader: SECRET }));
    expect(got.bytes).toBe(BODY.length);
    const o = options({ secretHeader: SECRET });
    const viaPlain = await downloadDump(parseDumpLocation(plain.url('/elsewhere'), { allowInsecureHttp: false }), o);
    expect(viaPlain.bytes).toBe(BODY.length);
    expect(plain.requests.find((r) => r.path === '/elsewhere')?.headers.authorization).toBe(SECRET.value);
    expect(other.requests.find((r) => r.path === '/dumps/crash.dmp')?.headers.authorization).toBeUndefined();
  });

  it('copies a file:// dump or a plain path the same way', async () => {
    const source = path.join(dir, 'local crash.dmp');
    await writeFile(source, BODY);
    const a = await downloadDump(parseDumpLocation(pathToFileURL(source).href, { allowInsecureHttp: false }), options({ expectedSha256: sha256(BODY) }));
    expect(a).toMatchObject({ file: path.join(dest, 'local_crash.dmp'), sha256: sha256(BODY), bytes: BODY.length });
    dest = `${dest}-b`;
    const b = await downloadDump(parseDumpLocation(source, { allowInsecureHttp: false }), options());
    expect(b.sha256).toBe(sha256(BODY));
    dest = `${dest}-c`;
    await expect(downloadDump(parseDumpLocation(source, { allowInsecureHttp: false }), options({ maxBytes: 100 }))).rejects.toThrow(/is 3145745 bytes, over 'dump-max-bytes' \(100\)/);
    expect(await leftovers()).toEqual([]);
    await expect(downloadDump(parseDumpLocation(path.join(dir, 'nope.dmp'), { allowInsecureHttp: false }), options())).rejects.toThrow(/^Dump \S+nope\.dmp does not exist; check 'dump-url'$/);
  });
});
