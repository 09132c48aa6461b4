/**
 * The Azure Blob Storage side of the artifact stand-in: what the signed upload
 * URL from CreateArtifact points at. @azure/storage-blob's uploadStream sends
 * Put Block (`?comp=block&blockid=…`) for each chunk and then Put Block List
 * (`?comp=blocklist`, an XML list of block ids); Put Blob (`x-ms-blob-type:
 * BlockBlob`, no `comp`) is accepted too. Get Blob (GET with the read URL that
 * GetSignedArtifactURL signs) serves the committed zip. Answers mirror the service's: 201 with
 * request-id/version headers, errors as XML with `x-ms-error-code`.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface BlobEntry {
  /** Staged but not yet committed blocks, by block id. */
  blocks: Map<string, Buffer>;
  committed: Buffer | null;
  contentType: string | null;
  /** Signature of the upload URL. */
  sig: string;
  /** Signature of the last download URL handed out; null before any. */
  readSig: string | null;
}

const SERVICE_VERSION = '2025-05-05';

export function blobError(res: ServerResponse, status: number, code: string, message: string): void {
  const body = `<?xml version="1.0" encoding="utf-8"?><Error><Code>${code}</Code><Message>${message}\nRequestId:${randomUUID()}\nTime:${new Date().toISOString()}</Message></Error>`;
  res.writeHead(status, { 'content-type': 'application/xml', 'x-ms-error-code': code, 'x-ms-request-id': randomUUID(), 'x-ms-version': SERVICE_VERSION });
  res.end(body);
}

function created(res: ServerResponse, extra: Record<string, string> = {}): void {
  res.writeHead(201, {
    'x-ms-request-id': randomUUID(),
    'x-ms-version': SERVICE_VERSION,
    date: new Date().toUTCString(),
    'x-ms-request-server-encrypted': 'true',
    'content-length': '0',
    ...extra,
  });
  res.end();
}

/**
 * Handles one request to a blob; returns a protocol complaint (also answered
 * with an error) or null. `entry` is null when the URL names no known blob.
 */
export function handleBlobRequest(req: IncomingMessage, res: ServerResponse, url: URL, body: Buffer, entry: BlobEntry | null): string | null {
  const refuse = (status: number, code: string, message: string): string => {
    blobError(res, status, code, message);
    return `${req.method ?? ''} ${url.pathname}${url.search}: ${message}`;
  };
  if (!entry) return refuse(404, 'BlobNotFound', 'The specified blob does not exist.');
  if (req.method === 'GET') return getBlob(res, url, entry, refuse);
  if (url.searchParams.get('sig') !== entry.sig) {
    return refuse(403, 'AuthenticationFailed', 'Server failed to authenticate the request. The signature in the URL does not match.');
  }
  if (req.method !== 'PUT') return refuse(405, 'UnsupportedHttpVerb', `The resource doesn't support ${req.method ?? ''}.`);
  if (!req.headers['x-ms-version']) return refuse(400, 'MissingRequiredHeader', 'An HTTP header that is mandatory for this request is not specified: x-ms-version.');
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (declared !== body.length) return refuse(400, 'InvalidHeaderValue', `Content-Length ${String(req.headers['content-length'])} does not match the ${body.length} bytes sent.`);
  if (entry.committed) return refuse(409, 'BlobImmutable', 'The blob was already committed; a signed upload URL is single-use.');

  const comp = url.searchParams.get('comp');
  if (comp === 'block') {
    const blockId = url.searchParams.get('blockid') ?? '';
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(blockId) || Buffer.from(blockId, 'base64').length > 64) {
      return refuse(400, 'InvalidQueryParameterValue', `blockid ${blockId} is not a base64 value of at most 64 bytes.`);
    }
    const other = entry.blocks.keys().next();
    if (!other.done && other.value.length !== blockId.length) return refuse(400, 'InvalidBlobOrBlock', 'All block ids of a blob must have the same length.');
    entry.blocks.set(blockId, body);
    created(res);
    return null;
  }
  if (comp === 'blocklist') {
    const xml = body.toString('utf8');
    if (!/^(<\?xml[^>]*\?>)?\s*<BlockList>[\s\S]*<\/BlockList>\s*$/.test(xml)) return refuse(400, 'InvalidXmlDocument', 'The block list is not a <BlockList> document.');
    const ids = [...xml.matchAll(/<(Latest|Uncommitted|Committed)>([^<]*)<\/\1>/g)].map((m) => m[2] ?? '');
    const parts: Buffer[] = [];
    for (const id of ids) {
      const block = entry.blocks.get(id);
      if (!block) return refuse(400, 'InvalidBlockList', `The block list names block ${id}, which was never staged.`);
      parts.push(block);
    }
    entry.committed = Buffer.concat(parts);
    entry.blocks.clear();
    entry.contentType = headerText(req, 'x-ms-blob-content-type');
    created(res, { etag: `"0x${Date.now().toString(16).toUpperCase()}"`, 'last-modified': new Date().toUTCString() });
    return null;
  }
  if (comp !== null) return refuse(400, 'InvalidQueryParameterValue', `comp=${comp} is not an upload operation.`);
  if (headerText(req, 'x-ms-blob-type') !== 'BlockBlob') {
    return refuse(400, 'MissingRequiredHeader', 'Put Blob needs x-ms-blob-type: BlockBlob.');
  }
  entry.committed = body;
  entry.contentType = headerText(req, 'x-ms-blob-content-type') ?? headerText(req, 'content-type');
  created(res, { etag: `"0x${Date.now().toString(16).toUpperCase()}"`, 'last-modified': new Date().toUTCString() });
  return null;
}

function getBlob(res: ServerResponse, url: URL, entry: BlobEntry, refuse: (status: number, code: string, message: string) => string): string | null {
  if (entry.readSig === null || url.searchParams.get('sig') !== entry.readSig || url.searchParams.get('sp') !== 'r') {
    return refuse(403, 'AuthenticationFailed', 'Server failed to authenticate the request. The URL is not a signed read URL for this blob.');
  }
  if (!entry.committed) return refuse(404, 'BlobNotFound', 'The specified blob does not exist.');
  res.writeHead(200, {
    'content-type': entry.contentType ?? 'application/octet-stream',
    'content-length': String(entry.committed.length),
    'x-ms-blob-type': 'BlockBlob',
    'x-ms-request-id': randomUUID(),
    'x-ms-version': SERVICE_VERSION,
    'last-modified': new Date().toUTCString(),
  });
  res.end(entry.committed);
  return null;
}

function headerText(req: IncomingMessage, name: string): string | null {
  const value = req.headers[name];
  return typeof value === 'string' ? value : null;
}
