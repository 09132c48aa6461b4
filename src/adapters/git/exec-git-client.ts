import path from 'node:path';
import { CrashAutofixError, oneLine } from '../../base/errors.js';
import type { ProcessRunner, RunResult } from '../exec/process-runner.js';
import { formatVersion } from '../exec/tool-version.js';
import type { CommitAuthor, CommitSummary, GitClient, PushOptions, PushResult } from './git-client.js';
import { authorEnv } from './commit-author.js';
import { LOG_FORMAT, parseLog } from './git-log-format.js';
import { assertRemote, remoteAuth, remoteFailure } from './git-remote.js';
import { MIN_GIT_VERSION, isSupportedGit, parseGitVersion, type GitVersion } from './git-version.js';

export interface ExecGitClientOptions {
  /** git to run; `git` on PATH when absent. */
  gitPath?: string;
  runner: ProcessRunner;
  /** Any directory inside the work tree; the client works on its top level. */
  repoDir: string;
  timeoutMs?: number;
}

/** Never prompt, page or open an editor; English messages; no optional index writes from `status`. */
const GIT_ENV: Record<string, string> = {
  GIT_TERMINAL_PROMPT: '0',
  GIT_PAGER: 'cat',
  PAGER: 'cat',
  GIT_EDITOR: 'true',
  GIT_SEQUENCE_EDITOR: 'true',
  GIT_ASKPASS: 'echo',
  GIT_OPTIONAL_LOCKS: '0',
  GIT_LITERAL_PATHSPECS: '1',
  LC_ALL: 'C',
  LANG: 'C',
};
/** Paths printed as they are; no hooks or fsmonitor (repository content must not run programs here). */
const GIT_CONFIG = ['-c', 'core.quotepath=off', '-c', 'core.hooksPath=/dev/null', '-c', 'core.fsmonitor=false', '-c', 'color.ui=false'];
const DEFAULT_TIMEOUT_MS = 120_000;
const MAX_LOG = 100;
const INSTALL = `install git ${formatVersion(MIN_GIT_VERSION)} or newer or set 'git-path'`;

export class ExecGitClient implements GitClient {
  private constructor(
    private readonly gitPath: string,
    private readonly runner: ProcessRunner,
    readonly repoDir: string,
    readonly version: GitVersion,
    private readonly timeoutMs: number,
  ) {}

  static async create(options: ExecGitClientOptions): Promise<ExecGitClient> {
    const gitPath = options.gitPath ?? 'git';
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    let probe: RunResult;
    try {
      probe = await options.runner.run(gitPath, ['--version'], { env: GIT_ENV, timeoutMs: 30_000 });
    } catch (e) {
      if (e instanceof CrashAutofixError && e.kind === 'tool-missing') {
        throw new CrashAutofixError('tool-missing', `git was not found at '${gitPath}'; ${INSTALL}`, { cause: e });
      }
      throw e;
    }
    const version = probe.exitCode === 0 ? parseGitVersion(probe.stdout) : null;
    if (!version) {
      const said = oneLine(probe.stdout || probe.stderr).slice(0, 120) || `exit code ${String(probe.exitCode)}`;
      throw new CrashAutofixError('tool-missing', `'${gitPath} --version' did not report a git version (${said}); ${INSTALL}`);
    }
    if (!isSupportedGit(version)) {
      throw new CrashAutofixError('tool-missing', `git ${version.text} at '${gitPath}' is too old; ${INSTALL}`);
    }
    const top = await options.runner.run(gitPath, [...GIT_CONFIG, '-C', options.repoDir, 'rev-parse', '--show-toplevel'], { env: GIT_ENV, timeoutMs });
    const root = top.stdout.trim();
    if (top.exitCode !== 0 || root === '') {
      throw new CrashAutofixError('bad-input', `${options.repoDir} is not inside a git work tree (${firstLine(top.stderr)}); check out the repository first`);
    }
    return new ExecGitClient(gitPath, options.runner, path.resolve(root), version, timeoutMs);
  }

  async headCommit(dir?: string): Promise<string> {
    const where = dir === undefined ? this.repoDir : path.resolve(dir);
    const r = await this.exec(['rev-parse', '--verify', '--quiet', 'HEAD^{commit}'], { cwd: where, okCodes: [0, 1] });
    const hash = r.exitCode === 0 ? r.stdout.trim() : '';
    if (!hash) throw new CrashAutofixError('tool-failed', `${where} has no commit checked out (HEAD does not name a commit); fetch the repository with history`);
    return hash;
  }

  async resolveCommit(rev: string): Promise<string | null> {
    if (rev.startsWith('-') || /[\s\0]/.test(rev)) return null;
    const r = await this.exec(['rev-parse', '--verify', '--quiet', '--end-of-options', `${rev}^{commit}`], { okCodes: [0, 1] });
    return r.exitCode === 0 ? r.stdout.trim() : null;
  }

  async log(pathspec: string, max: number): Promise<CommitSummary[]> {
    const n = Math.max(1, Math.min(MAX_LOG, Math.floor(max)));
    const spec = pathspec === '' || pathspec === '.' ? [] : [pathspec];
    const r = await this.exec(['log', '--no-color', '--no-show-signature', `--max-count=${n}`, LOG_FORMAT, '--', ...spec]);
    try {
      return parseLog(r.stdout).slice(0, n);
    } catch (e) {
      throw new CrashAutofixError('tool-failed', `git log in ${this.repoDir} printed ${e instanceof Error ? e.message : 'unexpected output'}`, { cause: e });
    }
  }

  async addWorktree(dir: string, branch: string, baseCommit: string): Promise<void> {
    assertBranchName(branch);
    if (!path.isAbsolute(dir)) throw new CrashAutofixError('internal', `Worktree directory must be absolute, got ${dir}`);
    await this.exec(['worktree', 'add', '--quiet', '-B', branch, dir, baseCommit]);
  }

  async resetWorktree(dir: string, branch: string | null, baseCommit: string): Promise<void> {
    if (branch !== null) assertBranchName(branch);
    const target = path.resolve(dir);
    if (target === this.repoDir) throw new CrashAutofixError('internal', `Refusing to reset the main work tree ${dir}`);
    // A refreshed index makes reset rewrite only files whose content differs, so the others keep
    // their timestamps and the build stays incremental. Exit 1 just means some files differ.
    await this.exec(['update-index', '-q', '--refresh'], { cwd: target, okCodes: [0, 1] });
    // reset also drops the intent-to-add entries that diff() leaves in the index.
    await this.exec(['reset', '--quiet', '--hard'], { cwd: target });
    await this.exec(['checkout', '--quiet', '--force', ...(branch === null ? ['--detach', baseCommit] : ['-B', branch, baseCommit])], { cwd: target });
    // No -x: ignored files are build outputs an in-tree build-command wants to keep.
    await this.exec(['clean', '--quiet', '-ffd'], { cwd: target });
  }

  async moveBranchKeepingFiles(dir: string, commit: string): Promise<void> {
    const target = path.resolve(dir);
    if (target === this.repoDir) throw new CrashAutofixError('internal', `Refusing to move the branch of the main work tree ${dir}`);
    const branch = await this.currentBranch(target);
    if (branch === null) throw new CrashAutofixError('internal', `${dir} has no branch checked out`);
    assertBranchName(branch);
    await this.exec(['reset', '--quiet', '--mixed', commit], { cwd: target });
  }

  async applyPatch(dir: string, patch: string): Promise<void> {
    if (patch.trim() === '') return;
    await this.exec(['apply', '--whitespace=nowarn', '-'], { cwd: path.resolve(dir), input: patch });
  }

  async removeWorktree(dir: string): Promise<void> {
    const target = path.resolve(dir);
    if (target === this.repoDir) throw new CrashAutofixError('internal', `Refusing to remove the main work tree ${dir}`);
    if ((await this.listWorktrees()).includes(target)) {
      await this.exec(['worktree', 'remove', '--force', '--force', target]);
    }
    await this.exec(['worktree', 'prune']);
  }

  async listWorktrees(): Promise<string[]> {
    const r = await this.exec(['worktree', 'list', '--porcelain', '-z']);
    return r.stdout
      .split('\0')
      .filter((f) => f.startsWith('worktree '))
      .map((f) => path.resolve(f.slice('worktree '.length)));
  }

  async worktreeBranches(): Promise<Array<{ dir: string; branch: string | null }>> {
    const r = await this.exec(['worktree', 'list', '--porcelain', '-z']);
    const trees: Array<{ dir: string; branch: string | null }> = [];
    for (const field of r.stdout.split('\0')) {
      if (field.startsWith('worktree ')) trees.push({ dir: path.resolve(field.slice('worktree '.length)), branch: null });
      const last = trees.at(-1);
      if (last && field.startsWith('branch refs/heads/')) last.branch = field.slice('branch refs/heads/'.length);
    }
    return trees;
  }

  async localBranches(prefix: string): Promise<string[]> {
    if (!/^[A-Za-z0-9][A-Za-z0-9._/-]*\/$/.test(prefix)) throw new CrashAutofixError('internal', `Branch prefix ${JSON.stringify(prefix)} must be a folder of refs/heads, like crash-autofix/`);
    const r = await this.exec(['for-each-ref', '--format=%(refname)', `refs/heads/${prefix}`]);
    return r.stdout
      .split('\n')
      .filter((ref) => ref.startsWith('refs/heads/'))
      .map((ref) => ref.slice('refs/heads/'.length));
  }

  async hasOwnCommits(branch: string): Promise<boolean> {
    assertBranchName(branch);
    // Branches, tags and remote-tracking branches only: a work tree's detached HEAD moves with the next job.
    // (--exclude takes the short name before --branches.)
    const r = await this.exec(['rev-list', '--max-count=1', `refs/heads/${branch}`, '--not', `--exclude=${branch}`, '--branches', '--tags', '--remotes']);
    return r.stdout.trim() !== '';
  }

  async trackedChanges(): Promise<string[]> {
    const r = await this.exec(['status', '--porcelain=v1', '-z', '--untracked-files=no', '--no-renames']);
    // Each entry is `XY path`; paths are NUL-terminated and never quoted with -z.
    return r.stdout
      .split('\0')
      .filter((entry) => entry.length > 3)
      .map((entry) => entry.slice(3));
  }

  async deleteBranch(branch: string): Promise<void> {
    assertBranchName(branch);
    if (await this.branchExists(branch)) await this.exec(['branch', '--quiet', '-D', branch]);
  }

  async branchExists(branch: string): Promise<boolean> {
    assertBranchName(branch);
    const r = await this.exec(['show-ref', '--verify', '--quiet', `refs/heads/${branch}`], { okCodes: [0, 1] });
    return r.exitCode === 0;
  }

  async diff(worktreeDir: string, baseCommit: string, paths: readonly string[]): Promise<string> {
    const specs = pathspecs(paths);
    if (specs.length === 0) return '';
    // Intent-to-add makes new files part of the diff without staging their content. Only the
    // edited files: a core file or build output left in the tree must never reach a diff. A new
    // file git ignores is left out (the caller refuses a fix that would lose it).
    const untracked = await this.exec(['ls-files', '-z', '--others', '--exclude-standard', '--', ...specs], { cwd: worktreeDir });
    const added = untracked.stdout.split('\0').filter((f) => f !== '');
    if (added.length > 0) await this.exec(['add', '--intent-to-add', '--', ...added], { cwd: worktreeDir });
    const r = await this.exec(
      ['diff', '--no-color', '--no-ext-diff', '--no-textconv', '--no-renames', '--src-prefix=a/', '--dst-prefix=b/', baseCommit, '--', ...specs],
      { cwd: worktreeDir },
    );
    return r.stdout;
  }

  async changedPaths(worktreeDir: string, from: string, to: string): Promise<string[]> {
    const r = await this.exec(['diff', '--name-only', '-z', '--no-renames', '--no-ext-diff', from, to, '--'], { cwd: worktreeDir });
    return r.stdout.split('\0').filter((f) => f !== '');
  }

  async isClean(): Promise<boolean> {
    const r = await this.exec(['status', '--porcelain=v1', '-z', '--untracked-files=normal']);
    return r.stdout === '';
  }

  async lsFiles(): Promise<string[]> {
    const r = await this.exec(['ls-files', '-z', '--cached']);
    return r.stdout.split('\0').filter((f) => f !== '');
  }

  async currentBranch(worktreeDir: string): Promise<string | null> {
    const r = await this.exec(['symbolic-ref', '--quiet', '--short', 'HEAD'], { cwd: worktreeDir, okCodes: [0, 1] });
    return r.exitCode === 0 ? r.stdout.trim() : null;
  }

  async remoteUrl(remote: string): Promise<string | null> {
    assertRemote(remote);
    const r = await this.exec(['remote', 'get-url', remote], { okCodes: [0, 2] });
    return r.exitCode === 0 ? r.stdout.trim() : null;
  }

  async commitFiles(worktreeDir: string, paths: readonly string[], message: string, author: CommitAuthor): Promise<string> {
    const identity = authorEnv(author);
    if (message.trim() === '' || message.includes('\0')) throw new CrashAutofixError('internal', 'A commit message must be non-empty text without NUL characters');
    // Only ever commit on crash-autofix's own branches, never on the checkout a person works in.
    const branch = await this.currentBranch(worktreeDir);
    if (branch === null) throw new CrashAutofixError('internal', `${worktreeDir} has no branch checked out; commit only in a crash-autofix work tree`);
    assertBranchName(branch);
    const specs = pathspecs(paths);
    if (specs.length === 0) throw new CrashAutofixError('internal', 'commitFiles needs the list of files the fix changed');
    // Drop anything staged before (intent-to-add entries), then stage exactly the fix's files.
    await this.exec(['reset', '--quiet', '--mixed', 'HEAD'], { cwd: worktreeDir });
    await this.exec(['add', '--', ...specs], { cwd: worktreeDir });
    const staged = await this.exec(['diff', '--cached', '--quiet', '--no-ext-diff', '--no-textconv'], { cwd: worktreeDir, okCodes: [0, 1] });
    if (staged.exitCode === 0) {
      throw new CrashAutofixError('bad-input', `Nothing to commit in ${worktreeDir}: the fix left no change on ${branch}; check that the fix was applied`);
    }
    // Verbatim: the message is stored as given (plus the final newline git expects), '#' lines included.
    await this.exec(['commit', '--quiet', '--no-verify', '--no-gpg-sign', '--cleanup=verbatim', '--file=-'], {
      cwd: worktreeDir,
      env: identity,
      input: message.endsWith('\n') ? message : `${message}\n`,
    });
    return (await this.exec(['rev-parse', '--verify', 'HEAD^{commit}'], { cwd: worktreeDir })).stdout.trim();
  }

  async pushBranch(worktreeDir: string, remote: string, branch: string, options: PushOptions = {}): Promise<PushResult> {
    assertBranchName(branch);
    assertRemote(remote);
    const auth = remoteAuth(options.token, this.version);
    const remoteRef = `refs/heads/${branch}`;
    const pushedCommit = (await this.exec(['rev-parse', '--verify', 'HEAD^{commit}'], { cwd: worktreeDir })).stdout.trim();
    const remoteOpts = (action: 'push' | 'look up'): ExecOptions => ({
      cwd: worktreeDir,
      config: auth.args,
      env: auth.env,
      onFailure: (r) => remoteFailure(action, remote, branch, auth.redact(r.stderr)),
    });
    const lease: string[] = [];
    if (options.forceWithLease) {
      // The lease is what the remote holds right now ('' = must not exist): a re-run replaces its own
      // branch, but a concurrent writer between this look-up and the push makes the push fail.
      const seen = await this.exec(['ls-remote', '--end-of-options', remote, remoteRef], remoteOpts('look up'));
      const hash = seen.stdout.split('\n').map((l) => l.split('\t')).find(([, ref]) => ref === remoteRef)?.[0] ?? '';
      lease.push(`--force-with-lease=${remoteRef}:${hash}`);
    }
    await this.exec(['push', '--quiet', '--no-verify', ...lease, '--end-of-options', remote, `${pushedCommit}:${remoteRef}`], remoteOpts('push'));
    return { remoteRef, pushedCommit };
  }

  private async exec(args: string[], opts: ExecOptions = {}): Promise<RunResult> {
    const cwd = opts.cwd ?? this.repoDir;
    const r = await this.runner.run(this.gitPath, [...GIT_CONFIG, ...(opts.config ?? []), '-C', cwd, ...args], {
      env: { ...GIT_ENV, ...opts.env },
      timeoutMs: this.timeoutMs,
      ...(opts.input === undefined ? {} : { input: opts.input }),
    });
    const command = `git ${args.filter((a) => !a.startsWith('--format=')).slice(0, 3).join(' ')}`;
    if (r.timedOut) throw new CrashAutofixError('timeout', `${command} in ${cwd} did not finish within ${this.timeoutMs / 1000} s`);
    if (r.exitCode === null || !(opts.okCodes ?? [0]).includes(r.exitCode)) {
      if (opts.onFailure && r.exitCode !== null) throw opts.onFailure(r);
      const how = r.signal ? `was killed by ${r.signal}` : `exited with code ${String(r.exitCode)}`;
      throw new CrashAutofixError('tool-failed', `${command} in ${cwd} ${how}: ${firstLine(r.stderr) || 'no message'}`);
    }
    return r;
  }
}

interface ExecOptions {
  cwd?: string;
  okCodes?: number[];
  /** `-c` arguments placed before `-C`. */
  config?: string[];
  env?: Record<string, string>;
  input?: string;
  /** Builds the error for a non-zero exit (instead of the generic one), e.g. with redacted stderr. */
  onFailure?: (r: RunResult) => Error;
}

/** Repository-relative paths as literal pathspecs (GIT_LITERAL_PATHSPECS is set); refuses anything that could escape. */
function pathspecs(paths: readonly string[]): string[] {
  for (const p of paths) {
    if (p === '' || p.startsWith('/') || p.startsWith('-') || p.includes('\0') || p.split('/').includes('..')) {
      throw new CrashAutofixError('internal', `${JSON.stringify(p)} is not a repository-relative path`);
    }
  }
  return [...new Set(paths)];
}

/** Branches crash-autofix creates: its own prefix and a conservative character set, so no ref games. */
export function assertBranchName(branch: string): void {
  if (!/^crash-autofix\/[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/.test(branch) || branch.includes('..') || branch.endsWith('.lock') || branch.endsWith('.')) {
    throw new CrashAutofixError('internal', `Branch name ${JSON.stringify(branch)} is not a crash-autofix branch (crash-autofix/<letters, digits, . _ ->)`);
  }
}

function firstLine(text: string): string {
  const line = text.split('\n').find((l) => l.trim() !== '') ?? '';
  return oneLine(line).slice(0, 300);
}
