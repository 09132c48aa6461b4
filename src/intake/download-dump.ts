import { createReadStream } from 'node:fs';
import { mkdir, stat } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { CrashAutofixError } from '../base/errors.js';
import { asFileError, type FileRole } from '../base/fs/fs-error.js';
import { displayUrl, type DumpLocation } from './dump-location.js';
import { DownloadSink, type Progress } from './download-sink.js';
import { TransientDownloadError, getFollowingRedirects } from './http-get.js';

const DUMP_ROLE: FileRole = { what: 'Dump', kind: 'bad-input', fix: "check 'dump-url'" };

export interface DownloadOptions {
  /** The folder the dump lands in (created when missing). */
  destDir: string;
  maxBytes: number;
  expectedSha256: string | null;
  /** `Name: value` from a secret, sent to the dump's own origin only. */
  secretHeader: { name: string; value: string } | null;
  allowInsecureHttp: boolean;
  /** Attempts after the first, on network errors, cut connections, 5xx and 429. */
  retries: number;
  /** The first wait between attempts; it doubles each time. */
  backoffMs: number;
  idleTimeoutMs: number;
  onProgress: ((p: Progress) => void) | null;
  onRetry: ((message: string) => void) | null;
  now?: () => number;
  wait?: (ms: number) => Promise<void>;
}

export interface DownloadedDump {
  file: string;
  sha256: string;
  bytes: number;
  /** How many attempts it took, and how many of them continued a cut transfer with Range. */
  attempts: number;
  resumed: number;
}

/**
 * Streams a dump into `destDir`, hashing while it writes. A cut transfer
 * resumes with Range when the server supports it (and its ETag or date did not
 * change); otherwise it starts over. Nothing but the finished file is left.
 */
export async function downloadDump(location: DumpLocation, options: DownloadOptions): Promise<DownloadedDump> {
  await mkdir(options.destDir, { recursive: true });
  const name = fileName(location);
  const file = path.join(options.destDir, name);
  const source = location.kind === 'http' ? displayUrl(location.url) : location.path;
  const sink = await DownloadSink.create(`${file}.part`, { maxBytes: options.maxBytes, source, onProgress: options.onProgress, now: options.now ?? Date.now, progressEveryMs: 1000 });
  try {
    if (location.kind === 'file') {
      const total = await localSize(location.path);
      sink.checkDeclaredSize(total);
      await copyInto(sink, location.path, total);
      return { file, ...(await sink.finish(file, options.expectedSha256, total)), attempts: 1, resumed: 0 };
    }
    return await fetchInto(sink, location.url, file, options);
  } catch (error) {
    await sink.discard();
    throw error;
  }
}

async function fetchInto(sink: DownloadSink, url: URL, file: string, options: DownloadOptions): Promise<DownloadedDump> {
  const wait = options.wait ?? ((ms: number) => sleep(ms));
  let validator: string | null = null;
  let resumed = 0;
  for (let attempt = 1; ; attempt++) {
    const resuming = sink.bytes > 0 && validator !== null;
    if (!resuming && sink.bytes > 0) await sink.restart();
    try {
      const headers: Record<string, string> = resuming ? { range: `bytes=${sink.bytes}-`, 'if-range': validator ?? '' } : {};
      const { response } = await getFollowingRedirects(url, { headers, secretHeader: options.secretHeader, allowInsecureHttp: options.allowInsecureHttp, idleTimeoutMs: options.idleTimeoutMs });
      const status = response.statusCode ?? 0;
      if (status === 206 && resuming && rangeStart(response) === sink.bytes) {
        resumed++;
      } else if (status === 200) {
        if (sink.bytes > 0) await sink.restart();
      } else {
        response.resume();
        throw statusError(url, status, response);
      }
      const total = declaredTotal(response, sink.bytes);
      sink.checkDeclaredSize(total);
      validator = rangeValidator(response);
      for await (const chunk of response as AsyncIterable<Buffer>) await sink.write(chunk, total);
      if (total !== null && sink.bytes < total) throw new TransientDownloadError(`the connection closed after ${sink.bytes} of ${total} bytes`);
      return { file, ...(await sink.finish(file, options.expectedSha256, total)), attempts: attempt, resumed };
    } catch (error) {
      const transient = error instanceof TransientDownloadError ? error : isCutBody(error) ? new TransientDownloadError(`the connection broke after ${sink.bytes} bytes`) : null;
      if (transient === null) throw error;
      if (attempt > options.retries) {
        throw new CrashAutofixError('network', `Could not download ${displayUrl(url)} in ${attempt} attempt${attempt === 1 ? '' : 's'}: ${transient.message}; check that the server is up and the address is right, then run again`);
      }
      const delay = transient.retryAfterMs ?? options.backoffMs * 2 ** (attempt - 1);
      const how = sink.bytes > 0 && validator !== null ? `resuming at byte ${sink.bytes}` : 'starting over';
      options.onRetry?.(`Download of ${displayUrl(url)} failed (${transient.message}); attempt ${attempt + 1} of ${options.retries + 1} in ${Math.round(delay / 100) / 10} s, ${how}`);
      await wait(delay);
    }
  }
}

function statusError(url: URL, status: number, response: IncomingMessage): Error {
  if (status >= 500 || status === 429) {
    const after = Number(response.headers['retry-after']);
    return new TransientDownloadError(`HTTP ${status}`, Number.isFinite(after) && after >= 0 && after <= 300 ? after * 1000 : null);
  }
  const hint =
    status === 401 || status === 403
      ? "the server wants credentials: put them in a secret and pass it as 'dump-url-header' (e.g. `Authorization: Bearer …`)"
      : status === 404
        ? "there is no file at that address; check 'dump-url'"
        : "check 'dump-url'";
  return new CrashAutofixError('network', `${displayUrl(url)} answered HTTP ${status} ${response.statusMessage ?? ''}; ${hint}`.replace(/ {2,}/g, ' '));
}

/** A response body that stopped early (the server or a proxy dropped the connection). */
function isCutBody(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as NodeJS.ErrnoException).code ?? '';
  return ['ECONNRESET', 'ERR_STREAM_PREMATURE_CLOSE', 'EPIPE', 'ETIMEDOUT'].includes(code) || error.message === 'aborted';
}

/** Resume only against the same file: the server must name it by ETag or Last-Modified, and support ranges. */
function rangeValidator(response: IncomingMessage): string | null {
  if (response.headers['accept-ranges'] !== 'bytes' && response.statusCode !== 206) return null;
  const etag = response.headers.etag;
  if (etag !== undefined && !etag.startsWith('W/')) return etag;
  return response.headers['last-modified'] ?? null;
}

function rangeStart(response: IncomingMessage): number | null {
  const match = /^bytes (\d+)-\d+\/(?:\d+|\*)$/.exec(response.headers['content-range'] ?? '');
  return match ? Number(match[1]) : null;
}

function declaredTotal(response: IncomingMessage, already: number): number | null {
  const whole = /\/(\d+)$/.exec(response.headers['content-range'] ?? '');
  if (whole) return Number(whole[1]);
  const length = Number(response.headers['content-length']);
  return Number.isSafeInteger(length) && length >= 0 ? length + (response.statusCode === 206 ? already : 0) : null;
}

async function localSize(file: string): Promise<number> {
  const info = await stat(file).catch((e: unknown) => {
    throw asFileError(file, DUMP_ROLE, e);
  });
  if (!info.isFile()) throw new CrashAutofixError('bad-input', `${file} is not a file; 'dump-url' must name a dump`);
  return info.size;
}

async function copyInto(sink: DownloadSink, file: string, total: number): Promise<void> {
  const stream = createReadStream(file, { highWaterMark: 1024 * 1024 });
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) await sink.write(chunk, total);
  } catch (error) {
    throw asFileError(file, DUMP_ROLE, error);
  }
}

/** The last path segment, made safe for any file system; `dump` when there is none. */
export function fileName(location: DumpLocation): string {
  const raw = location.kind === 'http' ? safeDecode(location.url.pathname.split('/').pop() ?? '') : (location.path.split(/[\\/]/).pop() ?? '');
  const safe = raw.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '');
  return safe === '' ? 'dump' : safe.slice(0, 120);
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
