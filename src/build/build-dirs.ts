import { createHash } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { CrashAutofixError } from '../errors.js';

export interface BuildDirs {
  /** `<workDir>/builds/<repoId>/build`: kept between jobs so builds are incremental. */
  buildDir: string;
  /** `<workDir>/builds/<repoId>/logs`: build and test logs. */
  logDir: string;
  /** Lets another job build here; call once, in a `finally`. */
  release(): Promise<void>;
}

export interface PrepareBuildDirsInput {
  workDir: string;
  /** `owner/name` or any id; made safe for a folder name. */
  repoId: string;
  /** How long to wait for another job's lock; default 30 minutes. */
  waitMs?: number;
  pollMs?: number;
}

/**
 * A stable build folder per repository under the work folder, locked for one
 * job at a time. The lock is a folder (mkdir is atomic) holding `pid@host`;
 * a lock whose process is gone on this host is taken over.
 */
export async function prepareBuildDirs(input: PrepareBuildDirsInput): Promise<BuildDirs> {
  const root = path.join(input.workDir, 'builds', safeName(input.repoId));
  const buildDir = path.join(root, 'build');
  const logDir = path.join(root, 'logs');
  await mkdir(root, { recursive: true });
  const lockDir = path.join(root, 'build.lock');
  await acquire(lockDir, input.waitMs ?? 30 * 60_000, input.pollMs ?? 500);
  try {
    await mkdir(buildDir, { recursive: true });
    await mkdir(logDir, { recursive: true });
  } catch (e) {
    await rm(lockDir, { recursive: true, force: true });
    throw e;
  }
  let released = false;
  return {
    buildDir,
    logDir,
    release: async () => {
      if (released) return;
      released = true;
      await rm(lockDir, { recursive: true, force: true });
    },
  };
}

/** `owner/name` → `owner__name-<hash>`: readable, and two ids that clean up alike still differ. */
export function safeName(repoId: string): string {
  const name = repoId.trim().replace(/[\\/]/g, '__').replace(/[^\w.-]/g, '_').replace(/^\.+/, '_');
  if (name === '' || name === '_') throw new CrashAutofixError('config', `Repository id ${JSON.stringify(repoId)} cannot name a build folder; give an id such as "owner/name".`);
  return `${name.slice(0, 80)}-${createHash('sha256').update(repoId).digest('hex').slice(0, 8)}`;
}

async function acquire(lockDir: string, waitMs: number, pollMs: number): Promise<void> {
  const started = Date.now();
  for (;;) {
    try {
      await mkdir(lockDir);
      await writeFile(path.join(lockDir, 'owner'), `${process.pid}@${os.hostname()}`);
      return;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    const owner = await readFile(path.join(lockDir, 'owner'), 'utf8').catch(() => '');
    const [pid, host] = owner.split('@');
    if (pid && host === os.hostname() && !isAlive(Number(pid))) {
      await rm(lockDir, { recursive: true, force: true });
      continue;
    }
    if (Date.now() - started >= waitMs) {
      throw new CrashAutofixError('timeout', `Another job holds the build folder lock ${lockDir} (${owner || 'owner unknown'}); wait for it to finish, or delete the folder if no job is running.`);
    }
    await new Promise((r) => setTimeout(r, pollMs));
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
