import { realpath, rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CrashAutofixError } from '../../../../src/base/errors.js';
import { NodeProcessRunner } from '../../../../src/adapters/exec/process-runner.js';
import { ExecGitClient, assertBranchName } from '../../../../src/adapters/git/exec-git-client.js';
import { FakeProcessRunner } from '../../../fakes/fake-process-runner.js';
import { createGitRepo, makeTempDir, writeFixtureFile, type GitRepoFixture } from '../../../fixtures/git-repo.js';

describe('ExecGitClient.create', () => {
  it('refuses a git older than 2.25 with one clear line', async () => {
    const runner = new FakeProcessRunner().on({ args: ['--version'] }, { stdout: 'git version 2.17.1\n' });
    await expect(ExecGitClient.create({ runner, repoDir: '/repo' })).rejects.toThrow(
      new CrashAutofixError('tool-missing', "git 2.17.1 at 'git' is too old; install git 2.25 or newer or set 'git-path'"),
    );
  });

  it('says when git is not installed', async () => {
    const runner = new FakeProcessRunner().on({ command: '/opt/nogit' }, { throws: new CrashAutofixError('tool-missing', 'not found') });
    await expect(ExecGitClient.create({ runner, repoDir: '/repo', gitPath: '/opt/nogit' })).rejects.toMatchObject({
      kind: 'tool-missing',
      message: "git was not found at '/opt/nogit'; install git 2.25 or newer or set 'git-path'",
    });
  });

  it('never lets git prompt, page or open an editor, and prints paths verbatim', async () => {
    const runner = new FakeProcessRunner()
      .on({ args: ['--version'] }, { stdout: 'git version 2.39.5\n' })
      .on({ argsInclude: ['--show-toplevel'] }, { stdout: '/repo\n' });
    await ExecGitClient.create({ runner, repoDir: '/repo/src' });
    const call = runner.calls[1];
    expect(call?.args.slice(0, 2)).toEqual(['-c', 'core.quotepath=off']);
    expect(call?.args).toContain('core.hooksPath=/dev/null');
    expect(call?.options?.env).toMatchObject({ GIT_TERMINAL_PROMPT: '0', GIT_PAGER: 'cat', GIT_EDITOR: 'true', GIT_LITERAL_PATHSPECS: '1' });
  });

  it('refuses a folder that is not a work tree', async () => {
    const dir = await makeTempDir('not-a-repo-');
    await expect(ExecGitClient.create({ runner: new NodeProcessRunner(process.env), repoDir: dir })).rejects.toMatchObject({
      kind: 'bad-input',
      message: expect.stringMatching(/is not inside a git work tree .*check out the repository first$/) as unknown,
    });
    await rm(dir, { recursive: true, force: true });
  });
});

describe('ExecGitClient on a real repository', () => {
  let repo: GitRepoFixture;
  let git: ExecGitClient;
  beforeAll(async () => {
    repo = await createGitRepo({
      commits: [
        { message: 'Add socket', files: { 'src/socket.cpp': 'int a;\n', 'README.md': '# x\n' }, author: 'Ada Lovelace <ada@example.com>' },
        { message: 'Handle null connections', files: { 'src/socket.cpp': 'int a = 0;\n' } },
        { message: 'Docs only', files: { 'README.md': '# y\n' } },
      ],
    });
    git = await ExecGitClient.create({ runner: new NodeProcessRunner(process.env), repoDir: path.join(repo.dir) });
  });
  afterAll(async () => {
    await repo.remove();
  });

  it('knows HEAD and resolves commits', async () => {
    expect(await git.headCommit()).toBe(repo.commits[2]);
    expect(await git.resolveCommit('HEAD~2')).toBe(repo.commits[0]);
    expect(await git.resolveCommit('no-such-ref')).toBeNull();
    expect(await git.resolveCommit('--output=/tmp/x')).toBeNull();
  });

  it("returns a path's history, newest first, bounded", async () => {
    expect(await git.log('src/socket.cpp', 10)).toEqual([
      { hash: repo.commits[1], date: '2024-01-02T12:00:00+00:00', author: 'Fixture Author', subject: 'Handle null connections' },
      { hash: repo.commits[0], date: '2024-01-01T12:00:00+00:00', author: 'Ada Lovelace', subject: 'Add socket' },
    ]);
    expect((await git.log('', 2)).map((c) => c.subject)).toEqual(['Docs only', 'Handle null connections']);
  });

  it('takes pathspecs literally', async () => {
    expect(await git.log(':(glob)**', 10)).toEqual([]);
  });

  it('lists tracked files and reports a clean tree', async () => {
    expect(await git.lsFiles()).toEqual(['README.md', 'src/socket.cpp']);
    expect(await git.isClean()).toBe(true);
    await repo.write('untracked.txt', 'x');
    expect(await git.isClean()).toBe(false);
    await repo.git('clean', '-fq');
  });

  it('adds and removes a worktree on a crash-autofix branch without touching the checkout', async () => {
    const parent = await makeTempDir('wt-');
    const dir = path.join(parent, 'wt');
    await git.addWorktree(dir, 'crash-autofix/abc123', repo.commits[0] ?? '');
    expect(await git.branchExists('crash-autofix/abc123')).toBe(true);
    expect(await git.listWorktrees()).toEqual([repo.dir, await realpath(dir)]);
    await writeFixtureFile(dir, 'src/new.h', '#pragma once\n');
    // A core file a crashed gate left in the tree is never part of a diff.
    await writeFixtureFile(dir, 'core', 'ANTHROPIC_API_KEY=sk-ant-secret\n');
    const diff = await git.diff(dir, repo.commits[0] ?? '', ['src/new.h']);
    expect(diff).toContain('diff --git a/src/new.h b/src/new.h\nnew file mode 100644');
    expect(diff).toContain('+#pragma once');
    expect(diff).not.toContain('core');
    expect(await git.diff(dir, repo.commits[0] ?? '', [])).toBe('');
    expect(await git.isClean()).toBe(true);
    await git.removeWorktree(dir);
    await git.deleteBranch('crash-autofix/abc123');
    expect(await git.listWorktrees()).toEqual([repo.dir]);
    expect(await git.branchExists('crash-autofix/abc123')).toBe(false);
    await rm(parent, { recursive: true, force: true });
  });

  it('refuses branch names outside its own prefix', () => {
    for (const bad of ['main', 'crash-autofix/../main', 'crash-autofix/-x', 'crash-autofix/a b', 'crash-autofix/x.lock']) {
      expect(() => assertBranchName(bad)).toThrow(/is not a crash-autofix branch/);
    }
  });

  it('reports a failing git command in one line', async () => {
    await expect(git.addWorktree('/nonexistent-root-dir/wt', 'crash-autofix/x', 'f'.repeat(40))).rejects.toMatchObject({
      kind: 'tool-failed',
      message: expect.stringMatching(/^git worktree add --quiet in .* exited with code \d+: \S.*$/) as unknown,
    });
  });
});
