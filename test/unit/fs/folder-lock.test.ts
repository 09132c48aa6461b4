import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acquireFolderLock } from '../../../src/fs/folder-lock.js';

describe('acquireFolderLock', () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'caf-lock-'));
  });
  afterAll(() => rm(root, { recursive: true, force: true }));
  const timedOut = (owner: string): Error => new Error(`held by ${owner}`);

  it('never takes over a lock it cannot prove dead: another host, or an owner it cannot read', async () => {
    for (const owner of [`1@another-host`, 'garbage']) {
      const lockDir = path.join(root, `held-${owner}`);
      await mkdir(lockDir);
      await writeFile(path.join(lockDir, 'owner'), owner);
      const waits: string[] = [];
      await expect(acquireFolderLock(lockDir, { waitMs: 60, pollMs: 10, timedOut, onWait: (o) => waits.push(o) })).rejects.toThrow(`held by ${owner}`);
      expect(waits).toEqual([owner]);
    }
  });

  it('hands the lock to the next process once released', async () => {
    const lockDir = path.join(root, 'turns');
    const release = await acquireFolderLock(lockDir, { waitMs: 0, timedOut });
    const next = acquireFolderLock(lockDir, { waitMs: 5000, pollMs: 10, timedOut });
    setTimeout(() => void release(), 50);
    await (await next)();
  });
});
