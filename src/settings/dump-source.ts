import { CrashAutofixError } from '../base/errors.js';
import type { Environment } from './environment.js';

/** Where a dump is fetched from before the job starts: `dump-url`, or the `repository_dispatch` event that announced it. */
export type DumpSource =
  | { kind: 'url'; url: string }
  | { kind: 'event'; eventFile: string };

export interface DumpFetch {
  source: DumpSource;
  /** Lower-case hex, or null when not checked. */
  sha256: string | null;
  header: { name: string; value: string } | null;
}

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/**
 * The fetch the settings ask for, or null. The action falls back to a
 * `repository_dispatch` event when no crash input is set; the event itself
 * is read and checked when the job starts (intake/dispatch-payload.ts).
 */
export function dumpFetch(
  given: { url: string | null; sha256: string | null; header: string | null; otherInput: boolean },
  origin: 'action' | 'cli',
  env: Environment,
  label: (key: string) => string,
): DumpFetch | null {
  const source: DumpSource | null =
    given.url !== null
      ? { kind: 'url', url: given.url }
      : origin === 'action' && !given.otherInput && env.github?.eventName === 'repository_dispatch' && env.github.eventPath
        ? { kind: 'event', eventFile: env.github.eventPath }
        : null;
  if (given.sha256 !== null && !/^[0-9a-fA-F]{64}$/.test(given.sha256)) {
    throw new CrashAutofixError('config', `${label('dump-sha256')} must be 64 hex digits (a SHA-256), got ${JSON.stringify(given.sha256.slice(0, 80))}`);
  }
  if (source === null) return null;
  return { source, sha256: given.sha256?.toLowerCase() ?? null, header: parseHeader(given.header, label) };
}

/** `Name: value`; the message never repeats the value, which is a secret. */
function parseHeader(text: string | null, label: (key: string) => string): DumpFetch['header'] {
  if (text === null) return null;
  const colon = text.indexOf(':');
  const name = colon > 0 ? text.slice(0, colon).trim() : '';
  const value = colon > 0 ? text.slice(colon + 1).trim() : '';
  if (!HEADER_NAME.test(name) || value === '' || /[\r\n]/.test(value)) {
    throw new CrashAutofixError('config', `${label('dump-url-header')} must be one header line, \`Name: value\` (e.g. \`Authorization: Bearer <token>\`); the value given is not (it is not shown: it is a secret)`);
  }
  return { name, value };
}
