import { CrashAutofixError } from '../../base/errors.js';
import type { GitClient } from '../../adapters/git/git-client.js';

/** The local branches crash-autofix makes in the user's repository: `crash-autofix/<signature>`. */
export const BRANCH_PREFIX = 'crash-autofix/';

/** Names crash-autofix itself gives (the git client refuses others); anything else under the prefix is left alone. */
const OWN_NAME = /^crash-autofix\/[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

export type BranchGit = Pick<GitClient, 'worktreeBranches' | 'localBranches' | 'hasOwnCommits' | 'deleteBranch'>;

/**
 * A branch can be checked out in one work tree only. Another work folder on
 * the same repository (a second state folder or `work-dir`) that holds the
 * same crash's fix would make git refuse with a long message; this says what
 * happened and what to do instead. `ownDir` lists the spellings of this job's work tree.
 */
export async function assertBranchFree(git: Pick<GitClient, 'worktreeBranches'>, branch: string, ...ownDir: string[]): Promise<void> {
  const other = (await git.worktreeBranches()).find((tree) => tree.branch === branch && !ownDir.includes(tree.dir));
  if (other === undefined) return;
  throw new CrashAutofixError(
    'config',
    `Branch ${branch} is checked out in another work tree, ${other.dir} (another work folder on this repository holds a fix for the same crash); ` +
      `give every job on this repository the same 'work-dir', or free the branch with 'git -C ${other.dir} switch --detach'`,
  );
}

/**
 * Deletes the `crash-autofix/*` branches earlier jobs left in the repository,
 * keeping `keep` (this job's), any branch a work tree has checked out, and any
 * branch holding a commit nothing else reaches (an unpushed fix, or a
 * person's own work under that name). A pushed fix is still on the remote and
 * in its remote-tracking branch; a fix that was never committed is only a
 * name for its base commit. Returns the deleted names.
 */
export async function pruneStaleBranches(git: BranchGit, keep: string): Promise<string[]> {
  const checkedOut = new Set((await git.worktreeBranches()).map((tree) => tree.branch));
  const deleted: string[] = [];
  for (const branch of await git.localBranches(BRANCH_PREFIX)) {
    if (branch === keep || checkedOut.has(branch) || !OWN_NAME.test(branch)) continue;
    if (await git.hasOwnCommits(branch)) continue;
    await git.deleteBranch(branch);
    deleted.push(branch);
  }
  return deleted;
}
