import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fileExists } from '../../../../src/base/fs/file-exists.js';

describe('fileExists', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'file-exists-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('is true for a file and a folder, false for a missing path', async () => {
    await writeFile(path.join(dir, 'a.txt'), 'x');
    await mkdir(path.join(dir, 'sub'));
    expect(await fileExists(path.join(dir, 'a.txt'))).toBe(true);
    expect(await fileExists(path.join(dir, 'sub'))).toBe(true);
    expect(await fileExists(path.join(dir, 'missing.txt'))).toBe(false);
    expect(await fileExists(path.join(dir, 'a.txt', 'below-a-file'))).toBe(false);
  });
});
