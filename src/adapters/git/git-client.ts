import type { CommitSummary } from '../../domain/model-tools.js';

export type { CommitSummary };

/** Author and committer of the commits crash-autofix makes. */
export interface CommitAuthor {
  name: string;
  email: string;
}

export interface PushOptions {
  /** GitHub token, sent as an HTTP Authorization header; never in the URL, never in a message. */
  token?: string;
  /**
   * Replace the remote branch if it moved, with a lease on what the remote holds just
   * before the push (none yet: it must still not exist). Without it, only fast-forwards.
   */
  forceWithLease?: boolean;
}

export interface PushResult {
  /** `refs/heads/<branch>` on the remote. */
  remoteRef: string;
  /** Full hash the remote branch now points at. */
  pushedCommit: string;
}

/**
 * The git operations crash-autofix needs, returning domain values rather than
 * stdout. Every path argument is either absolute (worktrees) or
 * repository-relative (pathspecs, taken literally).
 */
export interface GitClient {
  /** Absolute top-level directory of the work tree the client was created for. */
  readonly repoDir: string;
  /** Full hash of HEAD of the repository, or of the work tree at `dir`. */
  headCommit(dir?: string): Promise<string>;
  /** Full hash of `rev` if it names a commit, else null. */
  resolveCommit(rev: string): Promise<string | null>;
  /** Newest first, at most `max` (1..100); `path` '' means the whole repository. */
  log(path: string, max: number): Promise<CommitSummary[]>;
  /** Adds a work tree at `dir` on branch `branch` (created, or reset when it exists) at `baseCommit`. */
  addWorktree(dir: string, branch: string, baseCommit: string): Promise<void>;
  /**
   * Resets the registered work tree at `dir` to `baseCommit`: local changes and untracked
   * (not ignored) files are dropped, so build outputs it ignores survive. With `branch`,
   * that branch is created or moved to `baseCommit` and checked out; with null, HEAD is detached.
   */
  resetWorktree(dir: string, branch: string | null, baseCommit: string): Promise<void>;
  /** Moves the branch checked out at `dir` back to `commit`, keeping the files as they are (an uncommit). */
  moveBranchKeepingFiles(dir: string, commit: string): Promise<void>;
  /** Applies a unified diff (as `diff` returns it) to the files of the work tree at `dir`. */
  applyPatch(dir: string, patch: string): Promise<void>;
  /** Removes the work tree at `dir` (and its files) if git knows it; prunes stale entries. */
  removeWorktree(dir: string): Promise<void>;
  /** Absolute paths of every registered work tree, the main one included. */
  listWorktrees(): Promise<string[]>;
  /** Every registered work tree (absolute path) with the branch it has checked out, null when detached. */
  worktreeBranches(): Promise<Array<{ dir: string; branch: string | null }>>;
  /** Local branches under `prefix` (`crash-autofix/`), short names. */
  localBranches(prefix: string): Promise<string[]>;
  /** Whether `branch` holds a commit that no other branch, tag or remote-tracking branch reaches. */
  hasOwnCommits(branch: string): Promise<boolean>;
  /** Tracked files with staged or unstaged changes in the checkout, repository-relative; untracked files do not count. */
  trackedChanges(): Promise<string[]>;
  deleteBranch(branch: string): Promise<void>;
  branchExists(branch: string): Promise<boolean>;
  /** Unified diff of exactly `paths` (repository-relative) in `worktreeDir` against `baseCommit`, new files included; nothing else in the tree. */
  diff(worktreeDir: string, baseCommit: string, paths: readonly string[]): Promise<string>;
  /** No staged, unstaged or untracked (not ignored) changes. */
  isClean(): Promise<boolean>;
  /** Tracked files, repository-relative with `/`. */
  lsFiles(): Promise<string[]>;
  /** Short name of the branch checked out in `worktreeDir`, null when HEAD is detached. */
  currentBranch(worktreeDir: string): Promise<string | null>;
  /** Configured URL of `remote`, null when there is no such remote. May contain credentials: do not log it. */
  remoteUrl(remote: string): Promise<string | null>;
  /**
   * Stages exactly `paths` in `worktreeDir` (which must be on a crash-autofix branch) and
   * commits them with `message` verbatim, `author` as author and committer, no hooks or
   * signing; any other file in the tree stays out. Returns the new commit's hash;
   * 'bad-input' when there is nothing to commit.
   */
  commitFiles(worktreeDir: string, paths: readonly string[], message: string, author: CommitAuthor): Promise<string>;
  /** Repository-relative paths that differ between `from` and `to` (commits), as `/`-paths. */
  changedPaths(worktreeDir: string, from: string, to: string): Promise<string[]>;
  /**
   * Pushes `worktreeDir`'s HEAD to `refs/heads/<branch>` on `remote` (a name or URL).
   * Failures are GitRemoteError: rejected → 'tool-failed'; unknown remote or auth → 'config';
   * unreachable → 'network' (retryable).
   */
  pushBranch(worktreeDir: string, remote: string, branch: string, options?: PushOptions): Promise<PushResult>;
}
