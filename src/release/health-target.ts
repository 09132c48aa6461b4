import { CrashAutofixError } from '../base/errors.js';
import type { HealthTarget } from '../domain/health.js';

/** Parses `health-check`; `label` is the setting's name as the user wrote it. */
export function parseHealthTarget(text: string, label: string): HealthTarget {
  const bad = (why: string): never => {
    throw new CrashAutofixError('config', `${label} must be tcp://host:port, http(s)://… or process:NAME; got ${JSON.stringify(text)} (${why})`);
  };
  if (text.startsWith('process:')) {
    const name = text.slice('process:'.length).trim();
    if (name === '' || /[\\/]/.test(name)) bad('a process name without a folder');
    return { kind: 'process', name };
  }
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return bad('not a URL');
  }
  if (url.protocol === 'http:' || url.protocol === 'https:') return { kind: 'http', url: url.href };
  if (url.protocol !== 'tcp:') return bad(`the scheme ${url.protocol} is not one of tcp, http, https`);
  const port = Number(url.port);
  if (url.hostname === '' || !Number.isInteger(port) || port < 1 || port > 65535) bad('a host and a port from 1 to 65535');
  return { kind: 'tcp', host: url.hostname.replace(/^\[|\]$/g, ''), port };
}
