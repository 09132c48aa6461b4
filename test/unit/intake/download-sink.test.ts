import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DownloadSink, describeProgress, formatBytes, type Progress } from '../../../src/intake/download-sink.js';

let dir: string | null = null;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function sink(maxBytes: number, progress: Progress[] = [], clock = { t: 0 }): Promise<{ sink: DownloadSink; dir: string }> {
  dir = await mkdtemp(path.join(os.tmpdir(), 'sink-'));
  const s = await DownloadSink.create(path.join(dir, 'x.part'), { maxBytes, source: 'https://h/x.dmp', onProgress: (p) => progress.push(p), now: () => clock.t, progressEveryMs: 1000 });
  return { sink: s, dir };
}

describe('DownloadSink', () => {
  it('writes, hashes and names the file only at the end; a restart forgets what came before', async () => {
    const { sink: s, dir: d } = await sink(100);
    await s.write(Buffer.from('garbage'), null);
    await s.restart();
    await s.write(Buffer.from('abc'), 3);
    expect(await readdir(d)).toEqual(['x.part']);
    const done = await s.finish(path.join(d, 'x.dmp'), 'BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD', 3);
    expect(done).toEqual({ sha256: 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad', bytes: 3 });
    expect(await readdir(d)).toEqual(['x.dmp']);
    expect(await readFile(path.join(d, 'x.dmp'), 'utf8')).toBe('abc');
  });

  it('refuses a declared size or a stream over the cap', async () => {
    const { sink: s } = await sink(4);
    expect(() => s.checkDeclaredSize(5)).toThrow("https://h/x.dmp is 5 bytes, over 'dump-max-bytes' (4); raise the setting if the dump is real");
    await s.write(Buffer.from('abcd'), null);
    await expect(s.write(Buffer.from('e'), null)).rejects.toThrow("https://h/x.dmp is more than 4 bytes, over 'dump-max-bytes' (4)");
    await s.discard();
    await s.discard();
  });

  it('reports progress at most once a second, and once more at the end', async () => {
    const progress: Progress[] = [];
    const clock = { t: 0 };
    const { sink: s, dir: d } = await sink(1 << 20, progress, clock);
    for (let i = 0; i < 10; i++) {
      clock.t += 250;
      await s.write(Buffer.alloc(1024), 10_240);
    }
    expect(progress.map((p) => p.bytes)).toEqual([4096, 8192]);
    await s.finish(path.join(d, 'x.dmp'), null, 10_240);
    expect(progress.at(-1)).toEqual({ bytes: 10_240, total: 10_240, bytesPerSecond: 4096 });
  });
});

describe('describeProgress', () => {
  it('gives bytes, percent and rate', () => {
    expect(describeProgress({ bytes: 12.5 * 1024 * 1024, total: 40 * 1024 * 1024, bytesPerSecond: 5.25 * 1024 * 1024 })).toBe('12.5 MiB of 40.0 MiB (31%) at 5.3 MiB/s');
    expect(describeProgress({ bytes: 900, total: null, bytesPerSecond: 900 })).toBe('900 B at 900 B/s');
    expect(formatBytes(3 * 1024 ** 3)).toBe('3.0 GiB');
  });
});
