import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { CrashAutofixError } from '../base/errors.js';
import { acquireFolderLock } from '../base/fs/folder-lock.js';

/** The reusable folders of one repository on one runner, under `work-dir`. */
export interface Workspace {
  /** `<workDir>/tree`: the git work tree, reset to the base commit for each job. */
  treeDir: string;
  /** `<workDir>/build`: the build folder, kept between jobs so a fix builds incrementally. */
  buildDir: string;
  /** `<workDir>/run`: the working folder of `repro-command`, outside the work tree, so its core files never sit next to the fix. */
  runDir: string;
}

export interface WorkspaceLease {
  /** Locks the workspace on first call (waiting for another job), then returns it. */
  acquire(): Promise<Workspace>;
  /** Lets another job use it; safe to call when never acquired, and more than once. */
  release(): Promise<void>;
}

export interface LeaseOptions {
  /** How long to wait for another job's lock; default 60 minutes (a full build can take that). */
  waitMs?: number;
  pollMs?: number;
  /** Told once when the lock is held by another job and this one starts waiting. */
  onWait?: (owner: string) => void;
}

export function workspaceFolders(workDir: string): Workspace {
  return { treeDir: path.join(workDir, 'tree'), buildDir: path.join(workDir, 'build'), runDir: path.join(workDir, 'run') };
}

/**
 * One job at a time in a workspace: the lock is a folder (mkdir is atomic)
 * holding `pid@host`, taken when a stage first needs the work tree and held
 * until the job's run ends, so no other job resets the tree between building
 * and committing. A lock whose process is gone on this host is taken over.
 */
export function workspaceLease(workDir: string, options: LeaseOptions = {}): WorkspaceLease {
  const lockDir = path.join(workDir, 'workspace.lock');
  let held: Promise<Workspace> | null = null;
  let release: (() => Promise<void>) | null = null;
  return {
    acquire: () => {
      held ??= (async () => {
        await mkdir(workDir, { recursive: true });
        release = await acquireFolderLock(lockDir, {
          waitMs: options.waitMs ?? 60 * 60_000,
          ...(options.pollMs === undefined ? {} : { pollMs: options.pollMs }),
          ...(options.onWait ? { onWait: options.onWait } : {}),
          timedOut: (owner) => new CrashAutofixError('timeout', `Another job holds the work folder lock ${lockDir} (${owner}); wait for it to finish, or delete the lock folder if no job is running.`),
        });
        const folders = workspaceFolders(workDir);
        await mkdir(folders.buildDir, { recursive: true });
        await mkdir(folders.runDir, { recursive: true });
        return folders;
      })();
      return held;
    },
    release: async () => {
      const was = held;
      held = null;
      if (was === null) return;
      // Only a lock this lease took is removed.
      await was.catch(() => undefined);
      const unlock = release;
      release = null;
      await unlock?.();
    },
  };
}
