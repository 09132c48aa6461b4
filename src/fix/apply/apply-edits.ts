import { lstat, readFile, readdir, realpath, rm } from 'node:fs/promises';
import path from 'node:path';
import { CrashAutofixError, describeError } from '../../base/errors.js';
import type { GitClient } from '../../adapters/git/git-client.js';
import type { Edit } from '../../domain/fix-proposal.js';
import type { EditProblem } from '../../domain/model-tools.js';
import { checkPath } from '../policy/check-path.js';
import type { FixPolicy } from '../policy/fix-policy.js';
import { isInside } from '../policy/path-confinement.js';
import { assertBranchFree } from './branch-hygiene.js';
import { isLiveWorktree } from './live-worktree.js';
import { planEdits } from './plan-edits.js';
import { writeRepoFile } from './write-repo-file.js';

export type ApplyGit = Pick<GitClient, 'resolveCommit' | 'addWorktree' | 'resetWorktree' | 'removeWorktree' | 'listWorktrees' | 'worktreeBranches' | 'deleteBranch' | 'diff'>;

export interface ApplyFixInput {
  git: ApplyGit;
  /** The runner's checkout; never modified. */
  repoDir: string;
  /** Absolute, outside `repoDir`; absent, empty, or this repository's reusable work tree (reset to `baseCommit`). */
  worktreeDir: string;
  /** `crash-autofix/<signature-prefix>`; created, or reset to `baseCommit` when an earlier run left it. */
  branch: string;
  baseCommit: string;
  edits: readonly Edit[];
  policy: FixPolicy;
  /** Runs in the work tree at the base commit, before any edit: the unfixed build and reproduction. */
  beforeEdits?: (worktreeDir: string) => Promise<void>;
}

export interface AppliedFile {
  path: string;
  core: boolean;
  build: boolean;
  created: boolean;
}

export interface AppliedFix {
  worktreeDir: string;
  branch: string;
  baseCommit: string;
  diff: string;
  files: AppliedFile[];
}

/**
 * Applies the edits on a crash-autofix branch in the reusable work tree, which
 * is created once and afterwards reset to the base commit, so files the fix
 * does not touch keep their timestamps and the build stays incremental. Every
 * edit is checked again against the work tree's own files (policy, symbolic
 * links, exact-once `old_text`) before anything is written. On any failure
 * the work tree is reset to the base commit and the branch deleted.
 */
export async function applyFixInWorktree(input: ApplyFixInput): Promise<AppliedFix> {
  const { git, branch, edits, policy } = input;
  const prepared = await prepareWorktreeDir(input);
  const worktreeDir = prepared.dir;
  const baseCommit = await git.resolveCommit(input.baseCommit);
  if (!baseCommit) throw new CrashAutofixError('bad-input', `Base commit ${input.baseCommit} is not a commit of ${input.repoDir}; fetch it (actions/checkout with fetch-depth: 0)`);

  await assertBranchFree(git, branch, ...prepared.spellings);
  const checkout = prepared.registered ? git.resetWorktree(worktreeDir, branch, baseCommit) : git.addWorktree(worktreeDir, branch, baseCommit);
  await checkout.catch(async (e: unknown) => {
    await cleanUp(git, worktreeDir, branch, baseCommit, prepared.registered);
    throw e;
  });
  try {
    await input.beforeEdits?.(worktreeDir);
    const plan = await planEdits(edits, policy, worktreeDir);
    if (plan.problems.length > 0) throw refusal(plan.problems);
    for (const file of plan.files) {
      // Checked again right before the write: nothing may have turned into a link since planning.
      const again = await checkPath(file.path, policy, worktreeDir);
      if (!again.ok) throw refusal([{ editIndex: -1, path: file.path, reason: again.reason }]);
      if (again.absolute !== file.absolute || again.exists === file.created) {
        throw refusal([{ editIndex: -1, path: file.path, reason: `${file.path} changed while the fix was being applied` }]);
      }
      await writeRepoFile(again.absolute, file.content);
    }
    const diff = await git.diff(worktreeDir, baseCommit, plan.files.map((f) => f.path));
    if (diff.trim() === '') throw new CrashAutofixError('policy', 'The fix changes nothing in the repository; the model must propose an actual change');
    // A file git ignores would be written but never reach the pull request: refuse rather than ship half a fix.
    const missing = plan.files.filter((f) => !diff.includes(`diff --git a/${f.path} b/${f.path}\n`));
    if (missing.length > 0) {
      throw refusal(missing.map((f) => ({ editIndex: -1, path: f.path, reason: `${f.path} is ignored by git (.gitignore) or ends up unchanged, so it would not be part of the fix` })));
    }
    return { worktreeDir, branch, baseCommit, diff, files: plan.files.map(({ path: p, core, build, created }) => ({ path: p, core, build, created })) };
  } catch (e) {
    await cleanUp(git, worktreeDir, branch, baseCommit, true);
    throw e;
  }
}

function refusal(problems: readonly EditProblem[]): CrashAutofixError {
  const listed = problems.slice(0, 5).map((p) => (p.editIndex >= 0 ? `edit ${p.editIndex + 1}: ${p.reason}` : p.reason));
  const more = problems.length > 5 ? `; and ${problems.length - 5} more` : '';
  return new CrashAutofixError('policy', `Fix refused by policy: ${listed.join('; ')}${more}`);
}

/**
 * Refuses a worktree folder inside the checkout (it would show up there) or one
 * holding someone else's files. A work tree git no longer knows (the checkout
 * was cloned again) is removed so it can be added anew.
 */
async function prepareWorktreeDir(input: ApplyFixInput): Promise<{ dir: string; registered: boolean; spellings: string[] }> {
  const { git, repoDir, worktreeDir } = input;
  if (!path.isAbsolute(worktreeDir)) throw new CrashAutofixError('internal', `Worktree folder must be an absolute path, got ${worktreeDir}`);
  const dir = path.resolve(worktreeDir);
  const repoReal = await realpath(repoDir);
  const dirReal = await realpathOfNearest(dir);
  if (isInside(repoReal, dirReal) || isInside(dirReal, repoReal)) {
    throw new CrashAutofixError('config', `Worktree folder ${dir} must be outside the repository checkout ${repoDir} (use the runner's temporary folder)`);
  }
  const spellings = [dir, dirReal];
  if (await isLiveWorktree(git, dir, dirReal)) return { dir, registered: true, spellings };
  const entries = await readdir(dir).catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') return [];
    throw e;
  });
  if (entries.length > 0) {
    if (!(await isOrphanedWorktree(dir))) throw new CrashAutofixError('config', `Worktree folder ${dir} exists and is not empty; remove it or choose another folder`);
    await rm(dir, { recursive: true, force: true });
    await git.removeWorktree(dir);
  }
  return { dir, registered: false, spellings };
}

/** A linked work tree has a `.git` file naming its git folder; when that folder is gone, nobody owns the tree. */
async function isOrphanedWorktree(dir: string): Promise<boolean> {
  const marker = await lstat(path.join(dir, '.git')).catch(() => null);
  if (!marker?.isFile()) return false;
  const gitdir = /^gitdir: (.+)$/m.exec(await readFile(path.join(dir, '.git'), 'utf8'))?.[1]?.trim();
  if (!gitdir) return false;
  return (await lstat(path.resolve(dir, gitdir)).catch(() => null)) === null;
}

async function realpathOfNearest(dir: string): Promise<string> {
  const rest: string[] = [];
  let current = dir;
  for (;;) {
    try {
      return path.join(await realpath(current), ...rest.reverse());
    } catch {
      const parent = path.dirname(current);
      if (parent === current) return dir;
      rest.push(path.basename(current));
      current = parent;
    }
  }
}

/**
 * Best effort: the original error matters more than a cleanup failure, which is reported alongside.
 * A work tree that exists goes back to the base commit, detached, so the branch can be deleted and
 * the next job's build stays incremental; one that `worktree add` could not create is removed.
 */
async function cleanUp(git: ApplyGit, worktreeDir: string, branch: string, baseCommit: string, exists: boolean): Promise<void> {
  const failures: string[] = [];
  if (exists) {
    await git.resetWorktree(worktreeDir, null, baseCommit).catch((e: unknown) => failures.push(describeError(e)));
  } else {
    await git.removeWorktree(worktreeDir).catch((e: unknown) => failures.push(describeError(e)));
    // The folder was absent or empty before this run, so it is ours to delete.
    await rm(worktreeDir, { recursive: true, force: true }).catch((e: unknown) => failures.push(describeError(e)));
  }
  await git.deleteBranch(branch).catch((e: unknown) => failures.push(describeError(e)));
  if (failures.length > 0) process.emitWarning(`crash-autofix could not fully clean up ${worktreeDir}: ${failures.join('; ')}`);
}
