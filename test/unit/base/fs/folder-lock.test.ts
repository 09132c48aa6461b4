import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acquireFolderLock } from '../../../../src/base/fs/folder-lock.js';

const exists = (p: string): Promise<boolean> => stat(p).then(() => true, () => false);

/** The pid of a process that has exited, so no process holds it now. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

describe('acquireFolderLock', () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'caf-lock-'));
  });
  afterAll(() => rm(root, { recursive: true, force: true }));
  const timedOut = (owner: string): Error => new Error(`held by ${owner}`);
  const me = `${process.pid}@${os.hostname()}`;

  it('records its owner while held and removes the folder on release', async () => {
    const lockDir = path.join(root, 'held');
    const release = await acquireFolderLock(lockDir, { waitMs: 0, timedOut });
    expect(await readFile(path.join(lockDir, 'owner'), 'utf8')).toBe(me);
    await release();
    expect(await exists(lockDir)).toBe(false);
  });

  it('is exclusive: a second taker waits, is told who holds it once, and times out', async () => {
    const lockDir = path.join(root, 'exclusive');
    const release = await acquireFolderLock(lockDir, { waitMs: 0, timedOut });
    const waits: string[] = [];
    await expect(acquireFolderLock(lockDir, { waitMs: 80, pollMs: 10, timedOut, onWait: (o) => waits.push(o) })).rejects.toThrow(`held by ${me}`);
    expect(waits).toEqual([me]);
    // The holder still has it: the failed attempt took nothing away.
    expect(await readFile(path.join(lockDir, 'owner'), 'utf8')).toBe(me);
    await release();
  });

  it('takes over the lock of a process on this host that is gone, without waiting', async () => {
    const lockDir = path.join(root, 'orphan');
    const dead = `${deadPid()}@${os.hostname()}`;
    await mkdir(lockDir);
    await writeFile(path.join(lockDir, 'owner'), dead);
    const waits: string[] = [];
    const release = await acquireFolderLock(lockDir, { waitMs: 0, timedOut, onWait: (o) => waits.push(o) });
    expect(waits).toEqual([]);
    expect(await readFile(path.join(lockDir, 'owner'), 'utf8')).toBe(me);
    await release();
  });

  it('never takes over a lock it cannot prove dead: another host, or an owner it cannot read', async () => {
    for (const owner of [`1@another-host`, 'garbage']) {
      const lockDir = path.join(root, `held-${owner}`);
      await mkdir(lockDir);
      await writeFile(path.join(lockDir, 'owner'), owner);
      const waits: string[] = [];
      await expect(acquireFolderLock(lockDir, { waitMs: 60, pollMs: 10, timedOut, onWait: (o) => waits.push(o) })).rejects.toThrow(`held by ${owner}`);
      expect(waits).toEqual([owner]);
      expect(await readFile(path.join(lockDir, 'owner'), 'utf8')).toBe(owner);
    }
  });

  it('hands the lock to the next taker once released, and not before', async () => {
    const lockDir = path.join(root, 'turns');
    const release = await acquireFolderLock(lockDir, { waitMs: 0, timedOut });
    const order: string[] = [];
    const next = acquireFolderLock(lockDir, { waitMs: 5000, pollMs: 10, timedOut }).then((r) => {
      order.push('next acquired');
      return r;
    });
    await new Promise((r) => setTimeout(r, 60));
    order.push('released');
    await release();
    const releaseNext = await next;
    expect(order).toEqual(['released', 'next acquired']);
    expect(await readFile(path.join(lockDir, 'owner'), 'utf8')).toBe(me);
    await releaseNext();
    expect(await exists(lockDir)).toBe(false);
  });
});
