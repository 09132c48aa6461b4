import path from 'node:path';
import { CrashAutofixError } from '../base/errors.js';
import { sha256OfFile } from '../base/fs/file-sha256.js';
import { DISPATCH_EVENT_TYPE, DispatchPayloadSchema, type DispatchPayload } from './dispatch-payload.js';
import { parseDumpLocation } from './dump-location.js';

export interface AnnounceOptions {
  /** Where the workflow fetches the dump: `{name}` stands for its file name. */
  urlTemplate: string;
  server: string;
  allowInsecureHttp: boolean;
  now: () => Date;
}

const ROLE = { what: 'Dump', kind: 'bad-input' as const, fix: "check the 'dump' path" };

/**
 * The crash-dump event for a dump on this host: its address (from the
 * template, checked by the `dump-url` rules the workflow applies), its
 * SHA-256 (given, or read here), the server and the time. `send` delivers it (a repository_dispatch).
 */
export async function announceDump(file: string, options: AnnounceOptions & { sha256?: string }, send: (eventType: string, payload: DispatchPayload) => Promise<void>): Promise<DispatchPayload> {
  const address = dumpAddress(options.urlTemplate, path.basename(file), options.allowInsecureHttp);
  const payload = DispatchPayloadSchema.parse({ dump_url: address, sha256: options.sha256 ?? (await sha256Of(file)), server: options.server.slice(0, 200), reported_at: options.now().toISOString() });
  await send(DISPATCH_EVENT_TYPE, payload);
  return payload;
}

/** Where the workflow fetches the dump named `name`; throws one `config` line when the template cannot say it. */
export function dumpAddress(urlTemplate: string, name: string, allowInsecureHttp: boolean): string {
  if (!urlTemplate.includes('{name}')) {
    throw new CrashAutofixError('config', `'dump-url-template' must hold {name} where the dump's file name goes, got ${JSON.stringify(urlTemplate)}`);
  }
  const isUrl = /^https?:\/\//i.test(urlTemplate);
  const address = urlTemplate.replaceAll('{name}', isUrl ? encodeURIComponent(name) : name);
  parseDumpLocation(address, { allowInsecureHttp, setting: 'dump-url-template' });
  return address;
}

/** A dump's SHA-256, read in 1 MiB chunks. */
export function sha256Of(file: string): Promise<string> {
  return sha256OfFile(file, ROLE);
}
