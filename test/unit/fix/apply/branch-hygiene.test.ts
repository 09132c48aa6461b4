import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NodeProcessRunner } from '../../../../src/adapters/exec/process-runner.js';
import { assertBranchFree, pruneStaleBranches } from '../../../../src/fix/apply/branch-hygiene.js';
import { ExecGitClient } from '../../../../src/adapters/git/exec-git-client.js';
import { createGitRepo, makeTempDir, runGit, type GitRepoFixture } from '../../../fixtures/git-repo.js';

const AUTHOR = { name: 'crash-autofix', email: 'bot@example.com' };

describe('local crash-autofix branches in the user repository', () => {
  let repo: GitRepoFixture;
  let git: ExecGitClient;
  let base: string;
  beforeEach(async () => {
    repo = await createGitRepo({ commits: [{ message: 'Base', files: { 'src/a.cpp': 'int a;\n' } }] });
    base = repo.commits[0] ?? '';
    const origin = await makeTempDir('origin-');
    await runGit(origin, ['init', '--quiet', '--bare']);
    await repo.git('remote', 'add', 'origin', origin);
    git = await ExecGitClient.create({ runner: new NodeProcessRunner(process.env), repoDir: repo.dir });
  });
  afterEach(async () => repo.remove());

  /** A work tree on `branch` at the base commit, as a job leaves it; with `commit`, the fix committed (and pushed with `push`). */
  async function jobTree(branch: string, options: { commit?: boolean; push?: boolean } = {}): Promise<string> {
    const dir = path.join(await makeTempDir('tree-'), 'tree');
    await git.addWorktree(dir, branch, base);
    if (options.commit) {
      await runGit(dir, ['commit', '--quiet', '--allow-empty', '-m', `fix on ${branch}`], { GIT_AUTHOR_NAME: AUTHOR.name, GIT_AUTHOR_EMAIL: AUTHOR.email, GIT_COMMITTER_NAME: AUTHOR.name, GIT_COMMITTER_EMAIL: AUTHOR.email });
      if (options.push) await git.pushBranch(dir, 'origin', branch, { forceWithLease: true });
    }
    return dir;
  }

  it('lists work trees with their branches, and the branches under the prefix', async () => {
    const dir = await jobTree('crash-autofix/one-0123');
    await repo.git('branch', 'crash-autofix/two-4567');
    await repo.git('branch', 'feature/mine');
    expect(await git.worktreeBranches()).toEqual([
      { dir: repo.dir, branch: 'main' },
      { dir: path.resolve(dir), branch: 'crash-autofix/one-0123' },
    ]);
    expect(await git.localBranches('crash-autofix/')).toEqual(['crash-autofix/one-0123', 'crash-autofix/two-4567']);
  });

  it('deletes the branches earlier jobs left, keeping this job, checked-out branches and unpushed commits', async () => {
    // Job 1 never committed (the job ended with the fix built), job 2 pushed its fix, job 3 committed but never pushed.
    const tree = await jobTree('crash-autofix/built-000000000001');
    const pushed = await jobTree('crash-autofix/pushed-000000000002', { commit: true, push: true });
    const unpushed = await jobTree('crash-autofix/unpushed-000000000003', { commit: true });
    await repo.git('branch', 'crash-autofix/odd/name');
    // The next job resets the first work tree onto its own branch; the trees of jobs 2 and 3 moved on too
    // (detached at their fixes: a detached HEAD does not keep a fix, the next reset moves it).
    await git.resetWorktree(tree, 'crash-autofix/next-000000000004', base);
    for (const dir of [pushed, unpushed]) await runGit(dir, ['switch', '--quiet', '--detach']);
    await repo.git('branch', 'crash-autofix/checked-out-elsewhere-5');
    const other = path.join(await makeTempDir('tree-'), 'tree');
    await runGit(repo.dir, ['worktree', 'add', '--quiet', other, 'crash-autofix/checked-out-elsewhere-5']);

    const deleted = await pruneStaleBranches(git, 'crash-autofix/next-000000000004');
    expect(deleted.sort()).toEqual(['crash-autofix/built-000000000001', 'crash-autofix/pushed-000000000002']);
    expect((await git.localBranches('crash-autofix/')).sort()).toEqual([
      'crash-autofix/checked-out-elsewhere-5',
      'crash-autofix/next-000000000004',
      'crash-autofix/odd/name',
      'crash-autofix/unpushed-000000000003',
    ]);
    // Nothing is lost: the pushed fix is still on the remote.
    expect(await repo.git('ls-remote', 'origin', 'refs/heads/crash-autofix/pushed-000000000002')).toMatch(/^[0-9a-f]{40}\t/);
  });

  it('says which work tree holds a branch another work folder needs', async () => {
    const mine = path.join(await makeTempDir('mine-'), 'tree');
    const theirs = await jobTree('crash-autofix/same-crash-0123');
    await expect(assertBranchFree(git, 'crash-autofix/same-crash-0123', mine)).rejects.toMatchObject({
      kind: 'config',
      message: `Branch crash-autofix/same-crash-0123 is checked out in another work tree, ${path.resolve(theirs)} (another work folder on this repository holds a fix for the same crash); give every job on this repository the same 'work-dir', or free the branch with 'git -C ${path.resolve(theirs)} switch --detach'`,
    });
    await expect(assertBranchFree(git, 'crash-autofix/same-crash-0123', path.resolve(theirs))).resolves.toBeUndefined();
    await expect(assertBranchFree(git, 'crash-autofix/free-0123', mine)).resolves.toBeUndefined();
  });

  it('counts changes to tracked files only, so the state folder does not make a checkout dirty', async () => {
    await repo.write('.crash-autofix/jobs/x/job.json', '{}');
    await repo.write('notes.txt', 'untracked');
    expect(await git.trackedChanges()).toEqual([]);
    await repo.write('src/a.cpp', 'int a = 1;\n');
    await repo.git('mv', 'src/a.cpp', 'src/b.cpp');
    expect((await git.trackedChanges()).sort()).toEqual(['src/a.cpp', 'src/b.cpp']);
  });
});
