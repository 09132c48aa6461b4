import { readFile, realpath } from 'node:fs/promises';
import path from 'node:path';
import { CrashAutofixError, describeError } from '../../base/errors.js';
import { fileError, type FileRole } from '../../base/fs/fs-error.js';
import type { GitClient } from '../../adapters/git/git-client.js';
import type { Worktree } from '../../domain/job-state.js';
import { assertBranchFree } from './branch-hygiene.js';
import { isLiveWorktree } from './live-worktree.js';

export type EnsureGit = Pick<GitClient, 'listWorktrees' | 'worktreeBranches' | 'addWorktree' | 'removeWorktree' | 'resetWorktree' | 'applyPatch' | 'diff' | 'currentBranch' | 'headCommit' | 'moveBranchKeepingFiles'>;

const FIX_DIFF_ROLE: FileRole = { what: "The job's fix diff", kind: 'bad-input', fix: 'run the job again with --fresh' };

/**
 * Makes sure the work tree holds this job's fix, uncommitted, before a stage
 * builds, tests or commits it. A job resumed after another job used the
 * workspace finds someone else's tree: it is reset and the recorded diff
 * applied again ('restored': the build folder must be rebuilt). A commit left
 * by an interrupted publish is undone, keeping the files ('intact').
 */
export async function ensureWorktree(git: EnsureGit, worktree: Worktree): Promise<'intact' | 'restored'> {
  const expected = await readFile(worktree.diffFile, 'utf8').catch((e: unknown) => {
    throw fileError(worktree.diffFile, FIX_DIFF_ROLE, e);
  });
  const dir = path.resolve(worktree.dir);
  const registered = await isLiveWorktree(git, dir);
  if (registered && (await git.currentBranch(dir)) === worktree.branch && (await git.diff(dir, worktree.baseCommit, worktree.files.map((f) => f.path))) === expected) {
    if ((await git.headCommit(dir)) !== worktree.baseCommit) await git.moveBranchKeepingFiles(dir, worktree.baseCommit);
    return 'intact';
  }
  await assertBranchFree(git, worktree.branch, dir, await realpath(dir).catch(() => dir));
  if (registered) await git.resetWorktree(dir, worktree.branch, worktree.baseCommit);
  else await git.addWorktree(dir, worktree.branch, worktree.baseCommit);
  await git.applyPatch(dir, expected).catch((e: unknown) => {
    throw new CrashAutofixError('tool-failed', `The job's fix ${worktree.diffFile} no longer applies to ${dir} at ${worktree.baseCommit} (${describeError(e)}); run the job again with --fresh`, { cause: e });
  });
  if ((await git.diff(dir, worktree.baseCommit, worktree.files.map((f) => f.path))) !== expected) {
    throw new CrashAutofixError('internal', `The fix diff ${worktree.diffFile} did not apply cleanly to ${dir} at ${worktree.baseCommit}; run the job again with --fresh`);
  }
  return 'restored';
}
