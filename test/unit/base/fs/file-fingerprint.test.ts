import { createHash } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fingerprintFile } from '../../../../src/base/fs/file-fingerprint.js';

async function temp(name: string, content: Buffer): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'fp-'));
  const file = path.join(dir, name);
  await writeFile(file, content);
  return file;
}

describe('fingerprintFile', () => {
  it('hashes a small file whole, with the size', async () => {
    const content = Buffer.from('core bytes');
    const { fingerprint, sizeBytes } = await fingerprintFile(await temp('small', content));
    const expected = createHash('sha256').update(`crash-autofix/fingerprint/v1\n${content.length}\n`).update(content).digest('hex');
    expect(fingerprint).toBe(expected);
    expect(sizeBytes).toBe(content.length);
  });

  it('tells large files apart by a byte in the head, a sample, the tail or the size', async () => {
    const size = 20 * 1024 * 1024;
    const base = Buffer.alloc(size, 7);
    const a = await fingerprintFile(await temp('a', base));
    const again = await fingerprintFile(await temp('a2', Buffer.from(base)));
    expect(again.fingerprint).toBe(a.fingerprint);
    const step = Math.floor((size - 4 * 1024 * 1024 - 1024 * 1024) / 17);
    for (const offset of [100, 4 * 1024 * 1024 + step + 10, size - 5]) {
      const changed = Buffer.from(base);
      changed[offset] = 8;
      expect((await fingerprintFile(await temp(`c${offset}`, changed))).fingerprint).not.toBe(a.fingerprint);
    }
    expect((await fingerprintFile(await temp('longer', Buffer.concat([base, Buffer.alloc(1, 7)])))).fingerprint).not.toBe(a.fingerprint);
  });
});
