import type { CommitSummary } from '../fix/ports.js';

export type { CommitSummary };

/**
 * The git operations crash-autofix needs, returning domain values rather than
 * stdout. Every path argument is either absolute (worktrees) or
 * repository-relative (pathspecs, taken literally).
 */
export interface GitClient {
  /** Absolute top-level directory of the work tree the client was created for. */
  readonly repoDir: string;
  /** Full hash of HEAD. */
  headCommit(): Promise<string>;
  /** Full hash of `rev` if it names a commit, else null. */
  resolveCommit(rev: string): Promise<string | null>;
  /** Newest first, at most `max` (1..100); `path` '' means the whole repository. */
  log(path: string, max: number): Promise<CommitSummary[]>;
  /** Adds a work tree at `dir` on branch `branch` (created, or reset when it exists) at `baseCommit`. */
  addWorktree(dir: string, branch: string, baseCommit: string): Promise<void>;
  /** Removes the work tree at `dir` (and its files) if git knows it; prunes stale entries. */
  removeWorktree(dir: string): Promise<void>;
  /** Absolute paths of every registered work tree, the main one included. */
  listWorktrees(): Promise<string[]>;
  deleteBranch(branch: string): Promise<void>;
  branchExists(branch: string): Promise<boolean>;
  /** Unified diff of `worktreeDir`'s files against `baseCommit`, new files included. */
  diff(worktreeDir: string, baseCommit: string): Promise<string>;
  /** No staged, unstaged or untracked (not ignored) changes. */
  isClean(): Promise<boolean>;
  /** Tracked files, repository-relative with `/`. */
  lsFiles(): Promise<string[]>;
}
