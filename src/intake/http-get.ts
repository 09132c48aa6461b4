import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import { CrashAutofixError } from '../base/errors.js';
import { displayUrl, isLoopbackHost } from './dump-location.js';

export const MAX_REDIRECTS = 5;

/** A failure worth another attempt: a network error, a cut connection, a 5xx or 429. */
export class TransientDownloadError extends Error {
  constructor(
    message: string,
    /** The server's Retry-After, in ms, when it sent one. */
    readonly retryAfterMs: number | null = null,
  ) {
    super(message);
  }
}

export interface GetOptions {
  headers: Record<string, string>;
  /** Sent only to the origin of the first address: a redirect elsewhere does not get the secret. */
  secretHeader: { name: string; value: string } | null;
  allowInsecureHttp: boolean;
  idleTimeoutMs: number;
}

/**
 * One GET, following at most five redirects: https → http is refused, and
 * plain http elsewhere than loopback only with `dump-url-insecure`. Returns
 * the final response with its body unread.
 */
export async function getFollowingRedirects(start: URL, options: GetOptions): Promise<{ response: IncomingMessage; url: URL }> {
  let url = start;
  for (let hop = 0; ; hop++) {
    const sameOrigin = url.origin === start.origin;
    const headers = { ...options.headers, ...(options.secretHeader && sameOrigin ? { [options.secretHeader.name]: options.secretHeader.value } : {}) };
    const response = await requestOnce(url, headers, options.idleTimeoutMs);
    const status = response.statusCode ?? 0;
    if (![301, 302, 303, 307, 308].includes(status)) return { response, url };
    response.resume();
    const location = response.headers.location;
    if (location === undefined) throw new CrashAutofixError('network', `${displayUrl(url)} answered ${status} without a Location to go to; check 'dump-url'`);
    if (hop + 1 > MAX_REDIRECTS) throw new CrashAutofixError('network', `${displayUrl(start)} redirects more than ${MAX_REDIRECTS} times (a loop?); give the final address in 'dump-url'`);
    url = nextLocation(url, location, options.allowInsecureHttp);
  }
}

/** Where a redirect leads, or one line on why it is not followed. */
export function nextLocation(from: URL, location: string, allowInsecureHttp: boolean): URL {
  let next: URL;
  try {
    next = new URL(location, from);
  } catch {
    throw new CrashAutofixError('network', `${displayUrl(from)} redirects to an address that does not parse; check 'dump-url'`);
  }
  if (from.protocol === 'https:' && next.protocol === 'http:') {
    throw new CrashAutofixError('network', `${displayUrl(from)} redirects from https:// to plain http:// (${displayUrl(next)}); refused, since the dump would travel unprotected; give an https:// address that does not downgrade`);
  }
  if (next.protocol === 'http:' && !isLoopbackHost(next.hostname) && !allowInsecureHttp) {
    throw new CrashAutofixError('network', `${displayUrl(from)} redirects to plain http:// on ${next.host}; refused without 'dump-url-insecure: true'`);
  }
  if (next.protocol !== 'http:' && next.protocol !== 'https:') {
    throw new CrashAutofixError('network', `${displayUrl(from)} redirects to a ${next.protocol}// address; only http(s) redirects are followed`);
  }
  return next;
}

function requestOnce(url: URL, headers: Record<string, string>, idleTimeoutMs: number): Promise<IncomingMessage> {
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const request = client.get(url, { headers: { 'user-agent': 'crash-autofix', ...headers } }, resolve);
    // A socket that goes quiet (before the headers or mid-body) counts as a network error.
    request.setTimeout(idleTimeoutMs, () => request.destroy(new TransientDownloadError(`no data for ${Math.round(idleTimeoutMs / 1000)} s`)));
    request.on('error', (error) => reject(error instanceof TransientDownloadError || error instanceof CrashAutofixError ? error : asTransient(error)));
  });
}

/** TLS and certificate problems will not go away on a retry; everything else at the socket level might. */
export function asTransient(error: Error): Error {
  const code = (error as NodeJS.ErrnoException).code ?? '';
  if (/CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_INVALID_URL|ENOTFOUND/.test(code)) {
    const hint = code === 'ENOTFOUND' ? 'the host name does not resolve; check the address' : 'the server certificate is not trusted; fix the server, or add its CA with NODE_EXTRA_CA_CERTS';
    return new CrashAutofixError('network', `${error.message} (${code}): ${hint}`, { cause: error });
  }
  return new TransientDownloadError(code === '' ? error.message : `${error.message} (${code})`);
}
