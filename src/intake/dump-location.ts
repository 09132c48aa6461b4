import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CrashAutofixError } from '../base/errors.js';

/** Where a dump is fetched from: an HTTP(S) address, or a file (local, `file://`, or a Windows share). */
export type DumpLocation = { kind: 'http'; url: URL } | { kind: 'file'; path: string };

const LOOPBACK_NAMES = new Set(['localhost', '[::1]', '::1']);

/** True for 127.0.0.0/8, ::1 and localhost: plain http there never leaves the machine. */
export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK_NAMES.has(hostname.toLowerCase()) || /^127(\.\d{1,3}){3}$/.test(hostname);
}

/**
 * Reads a `dump-url` value. https:// is the norm; http:// only on loopback or
 * with `dump-url-insecure`; `file://`, an absolute path and a UNC share path
 * (`\\server\share\crash.dmp`) are files.
 */
export function parseDumpLocation(value: string, options: { allowInsecureHttp: boolean; setting?: string }): DumpLocation {
  const setting = options.setting ?? 'dump-url';
  const text = value.trim();
  if (text === '') throw new CrashAutofixError('config', `'${setting}' is empty; give an https:// address, a file:// address or a path`);
  if (text.startsWith('\\\\') || /^[A-Za-z]:[\\/]/.test(text)) return { kind: 'file', path: text };
  if (path.posix.isAbsolute(text)) return { kind: 'file', path: text };
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new CrashAutofixError('config', `'${setting}' must be an https:// or file:// address or an absolute path, got "${displayText(text)}"`);
  }
  if (url.protocol === 'file:') return { kind: 'file', path: fileURLToPath(url) };
  if (url.protocol === 'https:') return { kind: 'http', url };
  if (url.protocol === 'http:') {
    if (isLoopbackHost(url.hostname) || options.allowInsecureHttp) return { kind: 'http', url };
    throw new CrashAutofixError('config', `'${setting}' uses plain http:// to ${url.host}, which anyone on the path can read or change; use https://, or set 'dump-url-insecure: true' if you accept that`);
  }
  throw new CrashAutofixError('config', `'${setting}' must be an https:// or file:// address or a path, got a ${url.protocol}// address`);
}

/** An address as logs show it: no user name or password, and the query (often a signed token) elided. */
export function displayUrl(url: URL): string {
  return `${url.protocol}//${url.host}${url.pathname}${url.search === '' ? '' : '?…'}`;
}

function displayText(text: string): string {
  const shown = text.length > 80 ? `${text.slice(0, 80)}…` : text;
  return shown.replace(/[?#].*$/, '?…');
}
