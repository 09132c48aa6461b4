/**
 * A file server on 127.0.0.1 that misbehaves on request, over real HTTP or
 * HTTPS (with the test certificate): the dump sources' tests talk to it with
 * the real downloader. Each path is one behaviour; `hits` counts requests.
 */
import { createHash } from 'node:crypto';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { testCertificate } from '../fixtures/test-certificate.js';

export interface DumpServer {
  origin: string;
  url: (pathname: string) => string;
  hits: Map<string, number>;
  /** Headers of every request, in order. */
  requests: { path: string; headers: IncomingMessage['headers'] }[];
  close: () => Promise<void>;
}

export interface DumpServerOptions {
  tls: boolean;
  body: Buffer;
  /** Where /downgrade and /elsewhere send the client. */
  otherOrigin?: string;
  authHeader?: { name: string; value: string };
  /** More files to serve whole (with ranges), by path. */
  files?: Record<string, Buffer>;
}

/** Deterministic bytes that look nothing like a repeated block. */
export function dumpBytes(size: number, seed = 1): Buffer {
  const out = Buffer.alloc(size);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < size; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

export const sha256 = (data: Buffer): string => createHash('sha256').update(data).digest('hex');

export async function startDumpServer(options: DumpServerOptions): Promise<DumpServer> {
  const hits = new Map<string, number>();
  const requests: DumpServer['requests'] = [];
  const etag = `"${sha256(options.body).slice(0, 16)}"`;
  const handler = (req: IncomingMessage, res: ServerResponse): void => {
    const pathname = new URL(req.url ?? '/', 'http://x').pathname;
    const hit = (hits.get(pathname) ?? 0) + 1;
    hits.set(pathname, hit);
    requests.push({ path: pathname, headers: req.headers });
    const serve = (opts: { ranges: boolean; cutAfter?: number }): void => serveBody(req, res, options.body, etag, opts);
    switch (pathname) {
      case '/dumps/crash.dmp':
        return serve({ ranges: true });
      case '/no-ranges.dmp':
        return hit === 1 ? serve({ ranges: false, cutAfter: Math.floor(options.body.length / 3) }) : serve({ ranges: false });
      case '/cut.dmp':
        // The first answer breaks off mid-body; later ones honour Range.
        return serve({ ranges: true, ...(hit === 1 ? { cutAfter: Math.floor(options.body.length / 2) } : {}) });
      case '/flaky.dmp':
        if (hit <= 2) return void res.writeHead(503, 'Service Unavailable').end();
        return serve({ ranges: true });
      case '/missing.dmp':
        return void res.writeHead(404, 'Not Found').end();
      case '/always-500.dmp':
        return void res.writeHead(500, 'Internal Server Error').end();
      case '/loop':
        return void res.writeHead(302, { location: '/loop' }).end();
      case '/hop':
        return void res.writeHead(301, { location: '/dumps/crash.dmp' }).end();
      case '/downgrade':
      case '/elsewhere':
        return void res.writeHead(302, { location: `${options.otherOrigin ?? ''}/dumps/crash.dmp` }).end();
      case '/private.dmp': {
        const want = options.authHeader;
        if (want && req.headers[want.name.toLowerCase()] !== want.value) return void res.writeHead(401, 'Unauthorized').end();
        return serve({ ranges: true });
      }
      case '/silent.dmp':
        // Headers, then nothing: the client's idle timeout must fire.
        res.writeHead(200, { 'content-length': String(options.body.length) });
        return void res.write(options.body.subarray(0, 10));
      default: {
        const file = options.files?.[pathname];
        if (file) return serveBody(req, res, file, `"${sha256(file).slice(0, 16)}"`, { ranges: true });
        return void res.writeHead(404, 'Not Found').end();
      }
    }
  };
  const server = options.tls ? https.createServer(testCertificate(), handler) : http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}`;
  return {
    origin,
    url: (pathname) => `${origin}${pathname}`,
    hits,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function serveBody(req: IncomingMessage, res: ServerResponse, body: Buffer, etag: string, opts: { ranges: boolean; cutAfter?: number }): void {
  const range = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
  const ifRange = req.headers['if-range'];
  const headers: Record<string, string> = { 'content-type': 'application/octet-stream', etag };
  if (opts.ranges) headers['accept-ranges'] = 'bytes';
  let start = 0;
  let status = 200;
  if (opts.ranges && range && (ifRange === undefined || ifRange === etag)) {
    start = Number(range[1]);
    status = 206;
    headers['content-range'] = `bytes ${start}-${body.length - 1}/${body.length}`;
  }
  const part = body.subarray(start);
  headers['content-length'] = String(part.length);
  res.writeHead(status, headers);
  if (opts.cutAfter === undefined) return void res.end(part);
  res.write(part.subarray(0, opts.cutAfter), () => res.socket?.destroy());
}
