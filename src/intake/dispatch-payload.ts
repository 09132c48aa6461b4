import { z } from 'zod';
import { CrashAutofixError } from '../base/errors.js';
import { parseDumpLocation, type DumpLocation } from './dump-location.js';

/** The `repository_dispatch` event type that carries a new dump. */
export const DISPATCH_EVENT_TYPE = 'crash-dump';

/** GitHub's own limits on `client_payload`: at most 10 top-level keys, under 64 KB. */
export const PAYLOAD_MAX_KEYS = 10;
export const PAYLOAD_MAX_BYTES = 64 * 1024;

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

export const DispatchPayloadSchema = z.strictObject({
  dump_url: z.string().min(1).max(4096),
  sha256: z.string().regex(/^[0-9a-fA-F]{64}$/, 'must be 64 hex digits').optional(),
  /** The build the dump came from: an ELF build id, or a PE/PDB key; helps pick the executable and symbols. */
  build_id: z.string().regex(/^[0-9A-Za-z._-]{1,128}$/, 'must be letters, digits, dots, dashes or underscores').optional(),
  /** Which server crashed, for the crash's occurrence counts. */
  server: z.string().min(1).max(200).optional(),
  reported_at: z.string().regex(ISO_TIME, 'must be an ISO 8601 time').optional(),
});
export type DispatchPayload = z.infer<typeof DispatchPayloadSchema>;

export interface DispatchedDump extends Omit<DispatchPayload, 'dump_url'> {
  location: DumpLocation;
}

/**
 * Reads the dump that a `repository_dispatch` of type `crash-dump` announces,
 * from the workflow's event file content. The address follows the rules of
 * `dump-url` (https; http only on loopback or with `dump-url-insecure`).
 */
export function parseDispatchEvent(event: unknown, options: { allowInsecureHttp: boolean }): DispatchedDump {
  const envelope = z.object({ action: z.string(), client_payload: z.unknown() }).safeParse(event);
  if (!envelope.success) {
    throw new CrashAutofixError('bad-input', "The workflow's event is not a repository_dispatch (no 'action' and 'client_payload'); give 'dump' or 'dump-url', or trigger the workflow with a crash-dump dispatch");
  }
  if (envelope.data.action !== DISPATCH_EVENT_TYPE) {
    throw new CrashAutofixError('bad-input', `The repository_dispatch event is of type '${envelope.data.action.slice(0, 60)}', not '${DISPATCH_EVENT_TYPE}'; send event_type '${DISPATCH_EVENT_TYPE}', or filter the workflow with 'types: [${DISPATCH_EVENT_TYPE}]'`);
  }
  const payload = envelope.data.client_payload;
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
    throw new CrashAutofixError('bad-input', "The crash-dump event's client_payload is not an object; send {\"dump_url\": \"https://…\"}");
  }
  const keys = Object.keys(payload).length;
  if (keys > PAYLOAD_MAX_KEYS) throw new CrashAutofixError('bad-input', `The crash-dump event's client_payload has ${keys} keys; GitHub allows ${PAYLOAD_MAX_KEYS}`);
  const bytes = Buffer.byteLength(JSON.stringify(payload));
  if (bytes >= PAYLOAD_MAX_BYTES) throw new CrashAutofixError('bad-input', `The crash-dump event's client_payload is ${bytes} bytes; GitHub allows under ${PAYLOAD_MAX_BYTES}`);
  const parsed = DispatchPayloadSchema.safeParse(payload);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.join('.') || 'client_payload';
    const what = issue?.code === 'unrecognized_keys' ? `has unknown keys (${issue.keys.join(', ')}); known: dump_url, sha256, build_id, server, reported_at` : (issue?.message ?? 'is invalid');
    throw new CrashAutofixError('bad-input', `The crash-dump event's ${where === 'client_payload' ? 'client_payload' : `'${where}'`} ${what}`);
  }
  const { dump_url: url, ...rest } = parsed.data;
  return { ...rest, location: parseDumpLocation(url, { allowInsecureHttp: options.allowInsecureHttp, setting: 'client_payload.dump_url' }) };
}
