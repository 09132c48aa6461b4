import { lstat } from 'node:fs/promises';
import path from 'node:path';
import type { GitClient } from '../../adapters/git/git-client.js';

/**
 * Whether git knows a work tree at `dir` (under any of its spellings) whose
 * folder is still there. A listed tree whose folder was deleted (to free
 * disk, say) is forgotten, so the caller can add it anew.
 */
export async function isLiveWorktree(git: Pick<GitClient, 'listWorktrees' | 'removeWorktree'>, ...spellings: string[]): Promise<boolean> {
  const registered = await git.listWorktrees();
  const listed = spellings.find((d) => registered.includes(d));
  if (listed === undefined) return false;
  if (await lstat(path.join(listed, '.git')).then(() => true, () => false)) return true;
  await git.removeWorktree(listed);
  return false;
}
