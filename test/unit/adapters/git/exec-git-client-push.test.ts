import { describe, expect, it } from 'vitest';
import { ExecGitClient } from '../../../../src/adapters/git/exec-git-client.js';
import { FakeProcessRunner, type RecordedCall } from '../../../fakes/fake-process-runner.js';

const HEAD = 'a'.repeat(40);
const REMOTE_TIP = 'b'.repeat(40);
const TOKEN = 'ghs_unitTestToken42';
const HEADER = `Authorization: basic ${Buffer.from(`x-access-token:${TOKEN}`).toString('base64')}`;

/** The git subcommand and its arguments, after the hardening `-c`s and `-C dir`. */
function sub(call: RecordedCall): string[] {
  const i = call.args.indexOf('-C');
  return call.args.slice(i + 2);
}

const is = (...words: string[]) => (call: RecordedCall) => words.every((w, i) => sub(call)[i] === w);

async function client(version = '2.39.5', runner = new FakeProcessRunner()): Promise<{ git: ExecGitClient; runner: FakeProcessRunner }> {
  runner
    .on({ args: ['--version'] }, { stdout: `git version ${version}\n` })
    .on({ argsInclude: ['--show-toplevel'] }, { stdout: '/repo\n' })
    .on(is('rev-parse', '--verify', 'HEAD^{commit}'), { stdout: `${HEAD}\n` })
    .on(is('symbolic-ref'), { stdout: 'crash-autofix/x1\n' });
  return { git: await ExecGitClient.create({ runner, repoDir: '/repo' }), runner };
}

describe('ExecGitClient.commitFiles', () => {
  it('stages exactly the given files, commits the message verbatim from stdin as author and committer, and returns the hash', async () => {
    const runner = new FakeProcessRunner().on(is('reset'), {}).on(is('add'), {}).on(is('diff', '--cached'), { exitCode: 1 }).on(is('commit'), {});
    const { git } = await client('2.39.5', runner);
    expect(await git.commitFiles('/wt', ['src/a.cpp', 'src/new file.h'], 'Fix crash\n\n# kept', { name: 'Bot', email: 'bot@example.com' })).toBe(HEAD);
    const calls = runner.calls.slice(2);
    expect(calls.map(sub)).toEqual([
      ['symbolic-ref', '--quiet', '--short', 'HEAD'],
      ['reset', '--quiet', '--mixed', 'HEAD'],
      ['add', '--', 'src/a.cpp', 'src/new file.h'],
      ['diff', '--cached', '--quiet', '--no-ext-diff', '--no-textconv'],
      ['commit', '--quiet', '--no-verify', '--no-gpg-sign', '--cleanup=verbatim', '--file=-'],
      ['rev-parse', '--verify', 'HEAD^{commit}'],
    ]);
    const commit = calls[4];
    expect(commit?.args.slice(-8, -6)).toEqual(['-C', '/wt']);
    expect(commit?.args).toContain('core.hooksPath=/dev/null');
    expect(commit?.options?.input).toBe('Fix crash\n\n# kept\n');
    expect(commit?.options?.env).toMatchObject({
      GIT_AUTHOR_NAME: 'Bot',
      GIT_AUTHOR_EMAIL: 'bot@example.com',
      GIT_COMMITTER_NAME: 'Bot',
      GIT_COMMITTER_EMAIL: 'bot@example.com',
      GIT_TERMINAL_PROMPT: '0',
    });
  });

  it('refuses to commit outside a crash-autofix branch and a malformed author', async () => {
    const runner = new FakeProcessRunner().once(is('symbolic-ref'), { stdout: 'main\n' });
    const { git } = await client('2.39.5', runner);
    await expect(git.commitFiles('/wt', ['src/a.cpp'], 'm', { name: 'Bot', email: 'bot@example.com' })).rejects.toThrow(/is not a crash-autofix branch/);
    await expect(git.commitFiles('/wt', ['src/a.cpp'], 'm', { name: 'Bot <x>', email: 'bot@example.com' })).rejects.toMatchObject({ kind: 'config' });
    await expect(git.commitFiles('/wt', ['src/a.cpp'], 'm', { name: 'Bot', email: 'not an address' })).rejects.toMatchObject({ kind: 'config' });
    await expect(git.commitFiles('/wt', ['src/a.cpp'], ' \n', { name: 'Bot', email: 'bot@example.com' })).rejects.toMatchObject({ kind: 'internal' });
    expect(runner.calls.filter(is('commit'))).toEqual([]);
  });
});

describe('ExecGitClient.pushBranch', () => {
  it('pushes the resolved HEAD to the full ref, token in config entries in the environment (git >= 2.31)', async () => {
    const runner = new FakeProcessRunner().on(is('push'), {});
    const { git } = await client('2.39.5', runner);
    expect(await git.pushBranch('/wt', 'origin', 'crash-autofix/x1', { token: TOKEN })).toEqual({ remoteRef: 'refs/heads/crash-autofix/x1', pushedCommit: HEAD });
    const push = runner.calls.find(is('push'));
    expect(sub(push ?? { command: '', args: [], options: undefined })).toEqual(['push', '--quiet', '--no-verify', '--end-of-options', 'origin', `${HEAD}:refs/heads/crash-autofix/x1`]);
    expect(push?.args.join(' ')).not.toContain(TOKEN);
    expect(push?.options?.env).toMatchObject({
      GIT_CONFIG_COUNT: '2',
      GIT_CONFIG_KEY_0: 'http.extraHeader',
      GIT_CONFIG_VALUE_0: '',
      GIT_CONFIG_KEY_1: 'http.extraHeader',
      GIT_CONFIG_VALUE_1: HEADER,
    });
  });

  it('passes the header with -c on git older than 2.31, and nothing without a token', async () => {
    const runner = new FakeProcessRunner().on(is('push'), {});
    const { git } = await client('2.25.1', runner);
    await git.pushBranch('/wt', 'origin', 'crash-autofix/x1', { token: TOKEN });
    await git.pushBranch('/wt', 'origin', 'crash-autofix/x1', {});
    const [withToken, without] = runner.calls.filter(is('push'));
    const cIndex = withToken?.args.indexOf('-C') ?? -1;
    expect(withToken?.args.slice(cIndex - 4, cIndex)).toEqual(['-c', 'http.extraHeader=', '-c', `http.extraHeader=${HEADER}`]);
    expect(without?.args.join(' ')).not.toContain('extraHeader');
    expect(without?.options?.env).not.toHaveProperty('GIT_CONFIG_COUNT');
  });

  it("leases on the remote's current tip, or on absence when the branch is new", async () => {
    const runner = new FakeProcessRunner()
      .once(is('ls-remote'), { stdout: `${REMOTE_TIP}\trefs/heads/crash-autofix/x1\n` })
      .once(is('ls-remote'), { stdout: '' })
      .on(is('push'), {});
    const { git } = await client('2.39.5', runner);
    await git.pushBranch('/wt', 'origin', 'crash-autofix/x1', { forceWithLease: true });
    await git.pushBranch('/wt', 'origin', 'crash-autofix/x1', { forceWithLease: true });
    expect(sub(runner.calls.filter(is('ls-remote'))[0] ?? { command: '', args: [], options: undefined })).toEqual([
      'ls-remote',
      '--end-of-options',
      'origin',
      'refs/heads/crash-autofix/x1',
    ]);
    expect(runner.calls.filter(is('push')).map((c) => sub(c)[3])).toEqual([
      `--force-with-lease=refs/heads/crash-autofix/x1:${REMOTE_TIP}`,
      '--force-with-lease=refs/heads/crash-autofix/x1:',
    ]);
  });

  it('reports a stale lease as retryable, in one line', async () => {
    const runner = new FakeProcessRunner()
      .on(is('ls-remote'), { stdout: '' })
      .on(is('push'), { exitCode: 1, stderr: "To https://github.com/o/r.git\n ! [rejected]        HEAD -> crash-autofix/x1 (stale info)\nerror: failed to push some refs to 'https://github.com/o/r.git'\n" });
    const { git } = await client('2.39.5', runner);
    await expect(git.pushBranch('/wt', 'https://github.com/o/r.git', 'crash-autofix/x1', { forceWithLease: true })).rejects.toMatchObject({
      kind: 'tool-failed',
      retryable: true,
      message: "Cannot push crash-autofix/x1 to remote 'https://github.com/o/r.git': the remote branch changed while pushing (lease no longer holds); re-run the job",
    });
  });

  it('redacts the token, its header and URL credentials from what git printed', async () => {
    const b64 = HEADER.slice('Authorization: basic '.length);
    const runner = new FakeProcessRunner().on(is('push'), {
      exitCode: 128,
      stderr: `fatal: unable to access 'https://u:${TOKEN}@github.com/o/r.git/': ${HEADER} ${b64} ${TOKEN} weird failure\n`,
    });
    const { git } = await client('2.39.5', runner);
    const error: unknown = await git.pushBranch('/wt', 'origin', 'crash-autofix/x1', { token: TOKEN }).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'tool-failed', retryable: false });
    const message = (error as Error).message;
    expect(message).toBe("Cannot push crash-autofix/x1 to remote 'origin': fatal: unable to access 'https://***@github.com/o/r.git/': *** *** *** weird failure");
  });

  it('classifies auth, missing remotes and 5xx answers', async () => {
    const runner = new FakeProcessRunner()
      .once(is('push'), { exitCode: 128, stderr: "remote: Permission to o/r.git denied to bot.\nfatal: unable to access 'https://github.com/o/r.git/': The requested URL returned error: 403\n" })
      .once(is('push'), { exitCode: 128, stderr: "remote: Repository not found.\nfatal: repository 'https://github.com/o/x.git/' not found\n" })
      .once(is('push'), { exitCode: 128, stderr: "fatal: unable to access 'https://github.com/o/r.git/': The requested URL returned error: 502\n" })
      .once(is('push'), { exitCode: 1, stderr: ' ! [remote rejected] HEAD -> crash-autofix/x1 (protected branch hook declined)\n' });
    const { git } = await client('2.39.5', runner);
    const kinds: unknown[] = [];
    for (let i = 0; i < 4; i++) kinds.push(await git.pushBranch('/wt', 'origin', 'crash-autofix/x1', {}).catch((e: unknown) => e));
    expect(kinds.map((e) => [(e as { kind: string }).kind, (e as { retryable: boolean }).retryable])).toEqual([
      ['config', false],
      ['config', false],
      ['network', true],
      ['tool-failed', false],
    ]);
    expect((kinds[3] as Error).message).toContain('the remote refused it (protected branch hook declined)');
  });

  it('refuses foreign branches and option-like remotes before running git', async () => {
    const { git, runner } = await client();
    await expect(git.pushBranch('/wt', 'origin', 'main', {})).rejects.toThrow(/is not a crash-autofix branch/);
    await expect(git.pushBranch('/wt', '--upload-pack=evil', 'crash-autofix/x1', {})).rejects.toMatchObject({ kind: 'config' });
    await expect(git.pushBranch('/wt', 'origin', 'crash-autofix/x1', { token: 'a b' })).rejects.toMatchObject({ kind: 'config' });
    expect(runner.calls.filter(is('push'))).toEqual([]);
  });
});
