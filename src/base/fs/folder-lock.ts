import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

export interface FolderLockOptions {
  waitMs: number;
  pollMs?: number;
  /** Told once, with the holder's `pid@host`, when this process starts waiting. */
  onWait?: (owner: string) => void;
  /** The error to throw when `waitMs` has passed, given the holder. */
  timedOut: (owner: string) => Error;
}

/**
 * A lock between processes: mkdir is atomic, so whoever creates the folder
 * holds it; it records `pid@host`, and a lock whose process is gone on this
 * host is taken over. Returns the release function.
 */
export async function acquireFolderLock(lockDir: string, options: FolderLockOptions): Promise<() => Promise<void>> {
  const started = Date.now();
  let told = false;
  for (;;) {
    try {
      await mkdir(lockDir);
      await writeFile(path.join(lockDir, 'owner'), `${process.pid}@${os.hostname()}`);
      return () => rm(lockDir, { recursive: true, force: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    const owner = await readFile(path.join(lockDir, 'owner'), 'utf8').catch(() => '');
    const [pid, host] = owner.split('@');
    if (pid && host === os.hostname() && !isAlive(Number(pid))) {
      await rm(lockDir, { recursive: true, force: true });
      continue;
    }
    if (Date.now() - started >= options.waitMs) throw options.timedOut(owner || 'owner unknown');
    if (!told) options.onWait?.(owner || 'owner unknown');
    told = true;
    await new Promise((r) => setTimeout(r, options.pollMs ?? 500));
  }
}

function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
