/**
 * Dump download speed and memory: the downloader (hashing while it writes)
 * against a plain stream copy of the same file, over loopback HTTP and HTTPS.
 * Targets: the HTTP rate within 80% of the copy, and memory flat (the peak
 * RSS growth a small fraction of the dump's size).
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { downloadDump } from '../src/intake/download-dump.js';
import { parseDumpLocation } from '../src/intake/dump-location.js';
import { dumpBytes } from '../test/fakes/dump-server.js';
import { testCertificate } from '../test/fixtures/test-certificate.js';

const SIZE = 512 * 1024 * 1024;
const RATE_TARGET = 0.8;
const MEMORY_TARGET = 0.1;

export interface DownloadBench {
  rows: string[];
  met: boolean;
}

export async function benchDownload(runs = 3): Promise<DownloadBench> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'bench-download-'));
  try {
    const source = path.join(dir, 'source.dmp');
    const block = dumpBytes(16 * 1024 * 1024);
    await writeFile(source, '');
    for (let written = 0; written < SIZE; written += block.length) await writeFile(source, block, { flag: 'a' });
    const size = (await stat(source)).size;
    const serve = (req: http.IncomingMessage, res: http.ServerResponse): void => {
      res.writeHead(200, { 'content-length': String(size), 'accept-ranges': 'bytes', etag: '"bench"' });
      createReadStream(source, { highWaterMark: 1024 * 1024 }).pipe(res);
    };
    const plain = http.createServer(serve);
    const certificate = testCertificate();
    const secure = https.createServer(certificate, serve);
    // The bench's own process trusts the loopback certificate (tests get it through NODE_EXTRA_CA_CERTS).
    https.globalAgent.options.ca = [certificate.cert];
    await Promise.all([plain, secure].map((s) => new Promise<void>((ok) => s.listen(0, '127.0.0.1', ok))));
    const url = (s: http.Server, scheme: string): string => `${scheme}://127.0.0.1:${(s.address() as AddressInfo).port}/source.dmp`;
    const best = async (fn: (i: number) => Promise<unknown>): Promise<{ seconds: number; peak: number }> => {
      let seconds = Infinity;
      let peak = 0;
      for (let i = 0; i < runs; i++) {
        const base = process.memoryUsage().rss;
        let top = base;
        const sampler = setInterval(() => (top = Math.max(top, process.memoryUsage().rss)), 20);
        const t = performance.now();
        await fn(i);
        seconds = Math.min(seconds, (performance.now() - t) / 1000);
        clearInterval(sampler);
        peak = Math.max(peak, top - base);
      }
      return { seconds, peak };
    };
    const options = (dest: string) => ({ destDir: dest, maxBytes: SIZE * 2, expectedSha256: null, secretHeader: null, allowInsecureHttp: false, retries: 0, backoffMs: 0, idleTimeoutMs: 30_000, onProgress: null, onRetry: null });
    const copy = await best((i) => pipeline(createReadStream(source, { highWaterMark: 1024 * 1024 }), createWriteStream(path.join(dir, `copy-${i}`))));
    const overHttp = await best((i) => downloadDump(parseDumpLocation(url(plain, 'http'), { allowInsecureHttp: false }), options(path.join(dir, `http-${i}`))));
    const overHttps = await best((i) => downloadDump(parseDumpLocation(url(secure, 'https'), { allowInsecureHttp: false }), options(path.join(dir, `https-${i}`))));
    await Promise.all([plain, secure].map((s) => new Promise((ok) => s.close(ok))));
    const rate = (s: number): string => `${(size / 1024 / 1024 / s).toFixed(0)} MiB/s`;
    const ratioHttp = copy.seconds / overHttp.seconds;
    const memoryShare = Math.max(overHttp.peak, overHttps.peak) / size;
    const rateMet = ratioHttp >= RATE_TARGET;
    const memoryMet = memoryShare <= MEMORY_TARGET;
    const mib = (b: number): string => `${(b / 1024 / 1024).toFixed(0)} MiB`;
    return {
      met: rateMet && memoryMet,
      rows: [
        `| plain stream copy | ${rate(copy.seconds)} | ${mib(copy.peak)} | — |`,
        `| download, loopback http (sha256 while writing) | ${rate(overHttp.seconds)} | ${mib(overHttp.peak)} | ${(ratioHttp * 100).toFixed(0)}% of the copy: ${rateMet ? 'met' : 'MISSED'} (≥ ${RATE_TARGET * 100}%) |`,
        `| download, loopback https | ${rate(overHttps.seconds)} | ${mib(overHttps.peak)} | ${((copy.seconds / overHttps.seconds) * 100).toFixed(0)}% of the copy |`,
        `| memory: peak RSS growth / dump size (${mib(size)}) | | | ${(memoryShare * 100).toFixed(1)}%: ${memoryMet ? 'met' : 'MISSED'} (≤ ${MEMORY_TARGET * 100}%) |`,
      ],
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
