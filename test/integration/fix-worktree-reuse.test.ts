import { existsSync } from 'node:fs';
import { readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NodeProcessRunner } from '../../src/adapters/exec/process-runner.js';
import { applyFixInWorktree, type ApplyFixInput } from '../../src/fix/apply/apply-edits.js';
import { ensureWorktree } from '../../src/fix/apply/ensure-worktree.js';
import type { Edit } from '../../src/domain/fix-proposal.js';
import { fixPolicy } from '../../src/fix/policy/fix-policy.js';
import { ExecGitClient } from '../../src/adapters/git/exec-git-client.js';
import type { Worktree } from '../../src/domain/job-state.js';
import { createGitRepo, makeTempDir, runGit, type GitRepoFixture } from '../fixtures/git-repo.js';

const policy = fixPolicy({ allowedPaths: ['src/**'] });
const FIX_A: Edit[] = [
  { path: 'src/a.cpp', old_text: 'return *p;', new_text: 'return p ? *p : 0;' },
  { path: 'src/new-guard.h', old_text: '', new_text: '#pragma once\n' },
];
const FIX_B: Edit[] = [{ path: 'src/b.cpp', old_text: 'return *q;', new_text: 'return q ? *q : 0;' }];
const LONG_AGO = new Date('2020-01-01T00:00:00Z');

let repo: GitRepoFixture;
let git: ExecGitClient;
let scratch: string;
let tree: string;

beforeEach(async () => {
  repo = await createGitRepo({
    commits: [{ message: 'Initial', files: { 'src/a.cpp': 'int a(int* p) { return *p; }\n', 'src/b.cpp': 'int b(int* q) { return *q; }\n', 'src/c.cpp': 'int c() { return 3; }\n' } }],
  });
  git = await ExecGitClient.create({ runner: new NodeProcessRunner(process.env), repoDir: repo.dir });
  scratch = await makeTempDir('tree-reuse-');
  tree = path.join(scratch, 'tree');
});
afterEach(async () => {
  await repo.remove();
  await rm(scratch, { recursive: true, force: true });
});

function input(branch: string, edits: Edit[], extra: Partial<ApplyFixInput> = {}): ApplyFixInput {
  return { git, repoDir: repo.dir, worktreeDir: tree, branch, baseCommit: repo.commits[0] ?? '', edits, policy, ...extra };
}

async function asWorktree(branch: string, diff: string): Promise<Worktree> {
  const diffFile = path.join(scratch, `${branch.replace('/', '-')}.diff`);
  await writeFile(diffFile, diff);
  const files = [...diff.matchAll(/^diff --git a\/(\S+) b\//gm)].map((m) => ({ path: m[1] ?? '', core: false, build: false, created: false }));
  return { dir: tree, branch, baseCommit: repo.commits[0] ?? '', diffFile, diffSha256: null, files };
}

describe('the reusable work tree', () => {
  it("gives the next job the same folder at its base commit, keeping untouched files' timestamps", async () => {
    await applyFixInWorktree(input('crash-autofix/aaa', FIX_A));
    // Back-date every file: only what the reset rewrites may look new to make or ninja.
    for (const f of ['a.cpp', 'b.cpp', 'c.cpp']) await utimes(path.join(tree, 'src', f), LONG_AGO, LONG_AGO);

    const second = await applyFixInWorktree(input('crash-autofix/bbb', FIX_B));
    expect(second.worktreeDir).toBe(tree);
    expect(await git.listWorktrees()).toEqual([repo.dir, tree]);
    expect(await git.currentBranch(tree)).toBe('crash-autofix/bbb');
    expect(existsSync(path.join(tree, 'src', 'new-guard.h'))).toBe(false);
    expect(await readFile(path.join(tree, 'src', 'a.cpp'), 'utf8')).toBe('int a(int* p) { return *p; }\n');
    expect((await stat(path.join(tree, 'src', 'c.cpp'))).mtime).toEqual(LONG_AGO);
    expect((await stat(path.join(tree, 'src', 'a.cpp'))).mtime > LONG_AGO).toBe(true);
    expect(second.diff).toContain('+int b(int* q) { return q ? *q : 0; }');
    expect(second.diff).not.toContain('a.cpp');
    // The first job's branch stays for its pull request.
    expect(await git.branchExists('crash-autofix/aaa')).toBe(true);
  });

  it('runs beforeEdits at the base commit, and on its failure leaves the tree at the base commit with no branch', async () => {
    const seen: string[] = [];
    await applyFixInWorktree(input('crash-autofix/aaa', FIX_A, { beforeEdits: async (dir) => void seen.push(await readFile(path.join(dir, 'src', 'a.cpp'), 'utf8')) }));
    expect(seen).toEqual(['int a(int* p) { return *p; }\n']);
    await expect(applyFixInWorktree(input('crash-autofix/bbb', FIX_B, { beforeEdits: () => Promise.reject(new Error('base does not build')) }))).rejects.toThrow('base does not build');
    expect(await git.currentBranch(tree)).toBeNull();
    expect(await runGit(tree, ['status', '--porcelain'])).toBe('');
    expect(await git.branchExists('crash-autofix/bbb')).toBe(false);
  });

  it('adds the tree anew when the checkout no longer knows it (cloned again)', async () => {
    await applyFixInWorktree(input('crash-autofix/aaa', FIX_A));
    await rm(path.join(repo.dir, '.git', 'worktrees'), { recursive: true, force: true });
    expect(await git.listWorktrees()).toEqual([repo.dir]);
    const again = await applyFixInWorktree(input('crash-autofix/aaa', FIX_A));
    expect(await git.listWorktrees()).toEqual([repo.dir, tree]);
    expect(again.diff).toContain('new-guard.h');
  });

  it('adds the tree anew when its folder was deleted but git still lists it', async () => {
    await applyFixInWorktree(input('crash-autofix/aaa', FIX_A));
    await rm(tree, { recursive: true, force: true });
    const again = await applyFixInWorktree(input('crash-autofix/bbb', FIX_B));
    expect(await git.listWorktrees()).toEqual([repo.dir, tree]);
    expect(await git.currentBranch(tree)).toBe('crash-autofix/bbb');
    expect(again.diff).toContain('b.cpp');
  });
});

describe('ensureWorktree', () => {
  it("leaves an intact tree alone and undoes a commit an interrupted publish left, keeping the files' timestamps", async () => {
    const applied = await applyFixInWorktree(input('crash-autofix/aaa', FIX_A));
    const worktree = await asWorktree('crash-autofix/aaa', applied.diff);
    expect(await ensureWorktree(git, worktree)).toBe('intact');
    await utimes(path.join(tree, 'src', 'a.cpp'), LONG_AGO, LONG_AGO);
    await git.commitFiles(tree, worktree.files.map((f) => f.path), 'fix\n', { name: 'crash-autofix', email: 'bot@example.com' });
    expect(await ensureWorktree(git, worktree)).toBe('intact');
    expect(await git.headCommit(tree)).toBe(repo.commits[0]);
    expect(await git.diff(tree, repo.commits[0] ?? '', worktree.files.map((f) => f.path))).toBe(applied.diff);
    expect((await stat(path.join(tree, 'src', 'a.cpp'))).mtime).toEqual(LONG_AGO);
  });

  it("restores this job's fix after another job reset the tree for its own", async () => {
    const applied = await applyFixInWorktree(input('crash-autofix/aaa', FIX_A));
    const worktree = await asWorktree('crash-autofix/aaa', applied.diff);
    await applyFixInWorktree(input('crash-autofix/bbb', FIX_B));
    expect(await ensureWorktree(git, worktree)).toBe('restored');
    expect(await git.currentBranch(tree)).toBe('crash-autofix/aaa');
    expect(await git.diff(tree, repo.commits[0] ?? '', worktree.files.map((f) => f.path))).toBe(applied.diff);
  });

  it('refuses to restore a fix whose branch another work tree has checked out meanwhile, naming it', async () => {
    const applied = await applyFixInWorktree(input('crash-autofix/aaa', FIX_A));
    const worktree = await asWorktree('crash-autofix/aaa', applied.diff);
    await applyFixInWorktree(input('crash-autofix/bbb', FIX_B));
    const other = path.join(scratch, 'other-tree');
    await runGit(repo.dir, ['worktree', 'add', '--quiet', other, 'crash-autofix/aaa']);
    await expect(ensureWorktree(git, worktree)).rejects.toMatchObject({ kind: 'config', message: expect.stringContaining(`Branch crash-autofix/aaa is checked out in another work tree, ${other} `) as unknown });
    // Nothing was reset: the tree still holds the other job's fix.
    expect(await git.currentBranch(tree)).toBe('crash-autofix/bbb');
  });

  it('adds the tree anew and restores the fix when its folder was deleted', async () => {
    const applied = await applyFixInWorktree(input('crash-autofix/aaa', FIX_A));
    const worktree = await asWorktree('crash-autofix/aaa', applied.diff);
    await rm(tree, { recursive: true, force: true });
    expect(await ensureWorktree(git, worktree)).toBe('restored');
    expect(await git.diff(tree, repo.commits[0] ?? '', worktree.files.map((f) => f.path))).toBe(applied.diff);
  });

  it('refuses a diff that no longer applies, with one line saying to start again', async () => {
    await applyFixInWorktree(input('crash-autofix/aaa', FIX_A));
    const worktree = await asWorktree('crash-autofix/aaa', 'diff --git a/src/zzz.cpp b/src/zzz.cpp\n--- a/src/zzz.cpp\n+++ b/src/zzz.cpp\n@@ -1 +1 @@\n-nothing\n+something\n');
    await expect(ensureWorktree(git, worktree)).rejects.toMatchObject({
      kind: 'tool-failed',
      message: expect.stringMatching(/^The job's fix .*\.diff no longer applies to .*tree at [0-9a-f]{40} \(git apply .* src\/zzz\.cpp: No such file or directory\); run the job again with --fresh$/) as unknown,
    });
  });
});
