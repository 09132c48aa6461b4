import { rm } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeProcessRunner } from '../../src/adapters/exec/process-runner.js';
import { ExecGitClient } from '../../src/adapters/git/exec-git-client.js';
import { GitRemoteError } from '../../src/adapters/git/git-remote.js';
import { createGitRepo, makeTempDir, runGit, writeFixtureFile, type GitRepoFixture } from '../fixtures/git-repo.js';

const BRANCH = 'crash-autofix/sig-0a1b2c';
const AUTHOR = { name: 'crash-autofix bot', email: 'bot@example.com' };
const TOKEN = 'ghs_SeCrEtToKeN1234567890';
const MESSAGE = 'Fix null dereference in Socket::close\n\n# not a comment: kept verbatim\n\nRoot cause: conn was freed twice.\n';

describe('ExecGitClient commitAll and pushBranch against a local bare remote', () => {
  let repo: GitRepoFixture;
  let bare: string;
  let parent: string;
  let wt: string;
  let git: ExecGitClient;
  const inBare = (...args: string[]): Promise<string> => runGit(bare, args);

  beforeAll(async () => {
    repo = await createGitRepo({ commits: [{ message: 'Initial', files: { 'src/socket.cpp': 'int a;\n' } }] });
    bare = await makeTempDir('git-bare-');
    await runGit(bare, ['init', '--quiet', '--bare']);
    await repo.git('remote', 'add', 'origin', bare);
    await repo.git('push', '--quiet', 'origin', 'main');
    parent = await makeTempDir('git-push-wt-');
    wt = path.join(parent, 'wt');
    git = await ExecGitClient.create({ runner: new NodeProcessRunner(process.env), repoDir: repo.dir });
    await git.addWorktree(wt, BRANCH, repo.commits[0] ?? '');
  });
  afterAll(async () => {
    await git.removeWorktree(wt);
    await rm(parent, { recursive: true, force: true });
    await rm(bare, { recursive: true, force: true });
    await repo.remove();
  });

  it('knows the remote URL and the work tree branch', async () => {
    expect(await git.remoteUrl('origin')).toBe(bare);
    expect(await git.remoteUrl('upstream')).toBeNull();
    expect(await git.currentBranch(wt)).toBe(BRANCH);
  });

  it('refuses an empty commit with one clear line', async () => {
    await expect(git.commitFiles(wt, ['src/socket.cpp'], 'Nothing', AUTHOR)).rejects.toMatchObject({
      kind: 'bad-input',
      message: `Nothing to commit in ${wt}: the fix left no change on ${BRANCH}; check that the fix was applied`,
    });
  });

  it('commits exactly the given files verbatim as the given author and pushes it (token header sent, harmless on file remotes)', async () => {
    await writeFixtureFile(wt, 'src/socket.cpp', 'int a = 0;\n');
    await writeFixtureFile(wt, 'src/new.h', '#pragma once\n');
    await writeFixtureFile(wt, 'core', 'not part of any fix\n');
    const hash = await git.commitFiles(wt, ['src/socket.cpp', 'src/new.h'], MESSAGE, AUTHOR);
    expect(await git.changedPaths(wt, repo.commits[0] ?? '', hash)).toEqual(['src/new.h', 'src/socket.cpp']);
    expect(hash).toMatch(/^[0-9a-f]{40}$/);
    expect(await git.pushBranch(wt, 'origin', BRANCH, { token: TOKEN })).toEqual({ remoteRef: `refs/heads/${BRANCH}`, pushedCommit: hash });

    expect((await inBare('rev-parse', `refs/heads/${BRANCH}`)).trim()).toBe(hash);
    expect(await inBare('log', '-1', '--format=%B', BRANCH)).toBe(`${MESSAGE}\n`);
    expect((await inBare('log', '-1', '--format=%an <%ae>|%cn <%ce>', BRANCH)).trim()).toBe(
      'crash-autofix bot <bot@example.com>|crash-autofix bot <bot@example.com>',
    );
    expect((await inBare('diff-tree', '--no-commit-id', '--name-only', '-r', BRANCH)).trim().split('\n')).toEqual(['src/new.h', 'src/socket.cpp']);
    expect(await git.isClean()).toBe(true);
    await rm(path.join(wt, 'core'));
  });

  it('replaces its own branch on a re-run with force-with-lease, and rejects a plain push after divergence', async () => {
    // A re-run: the branch is reset to the base and the fix committed again, differently.
    await runGit(wt, ['reset', '--quiet', '--hard', repo.commits[0] ?? '']);
    await writeFixtureFile(wt, 'src/socket.cpp', 'int a = 1;\n');
    const second = await git.commitFiles(wt, ['src/socket.cpp'], 'Second attempt', AUTHOR);

    const rejected = git.pushBranch(wt, 'origin', BRANCH, {});
    await expect(rejected).rejects.toBeInstanceOf(GitRemoteError);
    await expect(rejected).rejects.toMatchObject({
      kind: 'tool-failed',
      retryable: false,
      message: `Cannot push ${BRANCH} to remote 'origin': the remote branch has commits this push would drop (non-fast-forward); delete the remote branch or push with force-with-lease`,
    });
    expect((await inBare('rev-parse', `refs/heads/${BRANCH}`)).trim()).not.toBe(second);

    await expect(git.pushBranch(wt, 'origin', BRANCH, { forceWithLease: true })).resolves.toEqual({ remoteRef: `refs/heads/${BRANCH}`, pushedCommit: second });
    expect((await inBare('rev-parse', `refs/heads/${BRANCH}`)).trim()).toBe(second);
    expect((await inBare('log', '-1', '--format=%s', BRANCH)).trim()).toBe('Second attempt');
  });

  it('creates a branch that does not exist yet with force-with-lease (lease: must not exist)', async () => {
    await inBare('update-ref', '-d', `refs/heads/${BRANCH}`);
    const head = (await runGit(wt, ['rev-parse', 'HEAD'])).trim();
    await expect(git.pushBranch(wt, bare, BRANCH, { forceWithLease: true })).resolves.toEqual({ remoteRef: `refs/heads/${BRANCH}`, pushedCommit: head });
    expect((await inBare('rev-parse', `refs/heads/${BRANCH}`)).trim()).toBe(head);
  });

  it('says in one line when the remote does not exist', async () => {
    await expect(git.pushBranch(wt, 'nosuchremote', BRANCH, {})).rejects.toMatchObject({
      kind: 'config',
      message: expect.stringMatching(/^Cannot push crash-autofix\/sig-0a1b2c to remote 'nosuchremote': the remote repository was not found \(.*\); check the remote name or URL$/) as unknown,
    });
  });

  it('never puts the token in an error, and calls an unreachable remote a retryable network failure', async () => {
    const basic = Buffer.from(`x-access-token:${TOKEN}`).toString('base64');
    for (const forceWithLease of [false, true]) {
      const error: unknown = await git.pushBranch(wt, 'http://127.0.0.1:9/x.git', BRANCH, { token: TOKEN, forceWithLease }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(GitRemoteError);
      const e = error as GitRemoteError;
      expect(e).toMatchObject({ kind: 'network', retryable: true });
      expect(e.message.startsWith(forceWithLease ? 'Cannot look up crash-autofix/sig-0a1b2c on remote' : 'Cannot push crash-autofix/sig-0a1b2c to remote')).toBe(true);
      expect(e.message).toMatch(/^Cannot .* remote 'http:\/\/127\.0\.0\.1:9\/x\.git': the remote could not be reached \(.+\); check the network and re-run$/);
      expect(`${e.message} ${String(e.stack)} ${JSON.stringify(e)}`).not.toContain(TOKEN);
      expect(e.message).not.toContain(basic);
    }
  });

  it('never puts URL credentials in an error either', async () => {
    const error: unknown = await git.pushBranch(wt, `http://x-access-token:${TOKEN}@127.0.0.1:9/x.git`, BRANCH, {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GitRemoteError);
    expect((error as Error).message).not.toContain(TOKEN);
    expect((error as Error).message).toContain("remote 'http://***@127.0.0.1:9/x.git'");
  });

  it('sends the token as the only Authorization header and reports a refusal as an auth failure without the token', async () => {
    // Credentials a checkout step may have persisted must not be sent alongside ours.
    await repo.git('config', 'http.extraHeader', 'Authorization: basic c3RhbGU=');
    const seen: string[][] = [];
    const server = http.createServer((req, res) => {
      seen.push(req.rawHeaders.filter((_, i, all) => i % 2 === 1 && all[i - 1]?.toLowerCase() === 'authorization'));
      res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="test"' }).end('no');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${String((server.address() as AddressInfo).port)}/o/r.git`;
      const error: unknown = await git.pushBranch(wt, url, BRANCH, { token: TOKEN }).catch((e: unknown) => e);
      expect(error).toMatchObject({
        kind: 'config',
        retryable: false,
        message: expect.stringMatching(/^Cannot push crash-autofix\/sig-0a1b2c to remote 'http:\/\/127\.0\.0\.1:\d+\/o\/r\.git': authentication failed \(.*\); check the token and that it may write repository contents$/) as unknown,
      });
      expect((error as Error).message).not.toContain(TOKEN);
      expect(seen[0]).toEqual([`basic ${Buffer.from(`x-access-token:${TOKEN}`).toString('base64')}`]);
    } finally {
      await new Promise((resolve) => server.close(resolve));
      await repo.git('config', '--unset-all', 'http.extraHeader');
    }
  });
});
