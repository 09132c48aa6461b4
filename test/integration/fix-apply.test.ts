import { existsSync } from 'node:fs';
import { mkdir, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NodeProcessRunner } from '../../src/adapters/exec/process-runner.js';
import { applyFixInWorktree, type ApplyFixInput } from '../../src/fix/apply/apply-edits.js';
import { createEditValidator } from '../../src/fix/apply/edit-validator.js';
import type { Edit } from '../../src/domain/fix-proposal.js';
import { fixPolicy } from '../../src/fix/policy/fix-policy.js';
import { ExecGitClient } from '../../src/adapters/git/exec-git-client.js';
import { createGitRepo, makeTempDir, runGit, type GitRepoFixture } from '../fixtures/git-repo.js';

const SOCKET = 'int read(Conn* c) {\n  return c->fd;\n}\n';
const policy = fixPolicy({ allowedPaths: ['src/**'] });
const BRANCH = 'crash-autofix/3f2a9c1d';
const EDITS: Edit[] = [
  { path: 'src/socket.cpp', old_text: '  return c->fd;', new_text: '  if (c == nullptr) return -1;\n  return c->fd;' },
  { path: 'src/util/guard.h', old_text: '', new_text: '#pragma once\n#define GUARD(x) ((x) != nullptr)\n' },
];

let repo: GitRepoFixture;
let git: ExecGitClient;
let scratch = '';
let worktreeDir = '';

/** What must never change in the runner's checkout. */
async function checkoutState(): Promise<{ head: string; status: string; branch: string; socket: string }> {
  return {
    head: (await repo.git('rev-parse', 'HEAD')).trim(),
    status: await repo.git('status', '--porcelain', '--untracked-files=all', '--ignored'),
    branch: (await repo.git('symbolic-ref', 'HEAD')).trim(),
    socket: await readFile(path.join(repo.dir, 'src', 'socket.cpp'), 'utf8'),
  };
}

/** The reusable work tree is kept, detached at `base`, with no changes; the fix branch is gone. */
async function expectTreeAtBase(base: string): Promise<void> {
  expect(await git.listWorktrees()).toEqual([repo.dir, worktreeDir]);
  expect(await git.currentBranch(worktreeDir)).toBeNull();
  expect(await git.headCommit(worktreeDir)).toBe(base);
  expect(await runGit(worktreeDir, ['status', '--porcelain'])).toBe('');
  expect(await git.branchExists(BRANCH)).toBe(false);
}

function input(overrides: Partial<ApplyFixInput> = {}): ApplyFixInput {
  return { git, repoDir: repo.dir, worktreeDir, branch: BRANCH, baseCommit: repo.commits[0] ?? '', edits: EDITS, policy, ...overrides };
}

beforeEach(async () => {
  repo = await createGitRepo({
    commits: [{ message: 'Initial', files: { 'src/socket.cpp': SOCKET, 'src/gen.sh': { content: '#!/bin/sh\necho old\n', mode: 0o755 }, 'README.md': '# demo\n' } }],
  });
  git = await ExecGitClient.create({ runner: new NodeProcessRunner(process.env), repoDir: repo.dir });
  scratch = await makeTempDir('fix-apply-');
  worktreeDir = path.join(scratch, 'worktree');
});
afterEach(async () => {
  await repo.remove();
  await rm(scratch, { recursive: true, force: true });
});

describe('applyFixInWorktree on a real repository', () => {
  it('applies a two-file fix in a worktree on a new branch and leaves the checkout untouched', async () => {
    const before = await checkoutState();
    const applied = await applyFixInWorktree(input());

    expect(applied).toMatchObject({ worktreeDir, branch: BRANCH, baseCommit: repo.commits[0] });
    expect(applied.files).toEqual([
      { path: 'src/socket.cpp', core: false, build: false, created: false },
      { path: 'src/util/guard.h', core: false, build: false, created: true },
    ]);
    expect(applied.diff.startsWith('diff --git a/src/socket.cpp b/src/socket.cpp\n')).toBe(true);
    expect(applied.diff).toMatch(/--- a\/src\/socket\.cpp\n\+\+\+ b\/src\/socket\.cpp\n@@ -1,3 \+1,4 @@\n int read\(Conn\* c\) \{\n\+ {2}if \(c == nullptr\) return -1;\n {3}return c->fd;\n \}\n/);
    expect(applied.diff).toMatch(/diff --git a\/src\/util\/guard\.h b\/src\/util\/guard\.h\nnew file mode 100644\n.*\n--- \/dev\/null\n\+\+\+ b\/src\/util\/guard\.h\n@@ -0,0 \+1,2 @@\n\+#pragma once\n/);
    expect(applied.diff.match(/^diff --git/gm)).toHaveLength(2);

    expect(await readFile(path.join(worktreeDir, 'src', 'util', 'guard.h'), 'utf8')).toBe(EDITS[1]?.new_text);
    expect((await runGit(worktreeDir, ['symbolic-ref', 'HEAD'])).trim()).toBe(`refs/heads/${BRANCH}`);
    expect(await checkoutState()).toEqual(before);
    expect(await git.isClean()).toBe(true);
  });

  it('keeps the executable bit of an edited script (no mode change in the diff), a build file that needs allow-build-file-changes', async () => {
    const edits = [{ path: 'src/gen.sh', old_text: 'echo old', new_text: 'echo new' }];
    await expect(applyFixInWorktree(input({ edits }))).rejects.toThrow(/src\/gen\.sh is a build file \(\*\*\/\*\.sh\)/);
    const applied = await applyFixInWorktree(input({ edits, policy: { ...policy, allowBuildFileChanges: true } }));
    expect(applied.files).toEqual([{ path: 'src/gen.sh', core: false, build: true, created: false }]);
    expect(applied.diff).not.toMatch(/old mode|new mode/);
    expect((await stat(path.join(worktreeDir, 'src', 'gen.sh'))).mode & 0o777).toBe(0o755);
  });

  it('recreates the worktree and branch on a re-run of the same job', async () => {
    const first = await applyFixInWorktree(input());
    const second = await applyFixInWorktree(input());
    expect(second.diff).toBe(first.diff);
    expect(await git.listWorktrees()).toEqual([repo.dir, worktreeDir]);
  });

  it('resets the work tree to the base commit and deletes the branch when an edit is refused at apply time', async () => {
    // The checkout (where the model's edits were validated) has a plain file; the base commit has a link there.
    const outside = await makeTempDir('fix-apply-outside-');
    await writeFile(path.join(outside, 'target.cpp'), 'int untouched;\n');
    await repo.git('checkout', '--quiet', '-b', 'planted');
    const planted = await repo.commit({ message: 'Plant a link', files: { 'src/b.cpp': { symlink: path.join(outside, 'target.cpp') } } });
    await repo.git('checkout', '--quiet', 'main');
    await repo.commit({ message: 'b', files: { 'src/b.cpp': 'int untouched;\n' } });
    const edits: Edit[] = [EDITS[0] as Edit, { path: 'src/b.cpp', old_text: 'int untouched;', new_text: 'int owned;' }];
    expect(await createEditValidator(policy, repo.dir).check(edits)).toEqual([]);
    const before = await checkoutState();

    await expect(applyFixInWorktree(input({ edits, baseCommit: planted }))).rejects.toMatchObject({
      kind: 'policy',
      message: 'Fix refused by policy: edit 2: src/b.cpp is a symbolic link; crash-autofix never writes through links',
    });

    await expectTreeAtBase(planted);
    expect(await readdir(scratch)).toEqual(['worktree']);
    expect(await readFile(path.join(worktreeDir, 'src', 'socket.cpp'), 'utf8')).toBe(SOCKET);
    expect(await readFile(path.join(outside, 'target.cpp'), 'utf8')).toBe('int untouched;\n');
    expect(await checkoutState()).toEqual(before);
    await rm(outside, { recursive: true, force: true });
  });

  it('cleans up when old_text is ambiguous in the worktree', async () => {
    const edits: Edit[] = [{ path: 'src/socket.cpp', old_text: 'c', new_text: 'conn' }];
    await expect(applyFixInWorktree(input({ edits }))).rejects.toThrow(/old_text occurs \d+ times in src\/socket\.cpp/);
    await expectTreeAtBase(repo.commits[0] ?? '');
  });

  it('refuses a new file that git ignores (it would never reach the pull request) and cleans up', async () => {
    await repo.commit({ message: 'Ignore generated headers', files: { '.gitignore': '*.gen.h\n' } });
    const edits: Edit[] = [EDITS[0] as Edit, { path: 'src/table.gen.h', old_text: '', new_text: 'int table[4];\n' }];
    await expect(applyFixInWorktree(input({ edits, baseCommit: repo.commits[1] }))).rejects.toThrow(
      'Fix refused by policy: src/table.gen.h is ignored by git (.gitignore) or ends up unchanged, so it would not be part of the fix',
    );
    await expectTreeAtBase(repo.commits[1] ?? '');
    // An ignored file is not removed by the reset (in-tree build outputs are kept), but the fix is gone.
    expect(await readFile(path.join(worktreeDir, 'src', 'socket.cpp'), 'utf8')).toBe(SOCKET);
  });

  it('refuses a worktree folder inside the checkout', async () => {
    await expect(applyFixInWorktree(input({ worktreeDir: path.join(repo.dir, 'wt') }))).rejects.toMatchObject({ kind: 'config', message: expect.stringMatching(/must be outside the repository checkout/) as unknown });
    expect(await git.isClean()).toBe(true);
  });

  it("refuses a non-empty folder that is not its worktree and leaves it alone", async () => {
    await mkdir(worktreeDir);
    await writeFile(path.join(worktreeDir, 'keep.txt'), 'mine\n');
    await expect(applyFixInWorktree(input())).rejects.toThrow(/exists and is not empty/);
    expect(await readFile(path.join(worktreeDir, 'keep.txt'), 'utf8')).toBe('mine\n');
    expect(await git.branchExists(BRANCH)).toBe(false);
  });

  it('refuses an unknown base commit', async () => {
    await expect(applyFixInWorktree(input({ baseCommit: 'f'.repeat(40) }))).rejects.toMatchObject({ kind: 'bad-input' });
    expect(existsSync(worktreeDir)).toBe(false);
  });
});
