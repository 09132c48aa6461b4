import { spawn } from 'node:child_process';
import { CrashAutofixError } from '../../base/errors.js';
import { errnoWords } from '../../base/fs/fs-error.js';

export interface RunOptions {
  cwd?: string;
  /** Kill the process (and its group) after this many milliseconds. */
  timeoutMs?: number;
  /** Extra environment variables, on top of `baseEnv` or the inherited environment. */
  env?: Record<string, string>;
  /** The whole environment to start from instead of inheriting this process's (see child-environment.ts). */
  baseEnv?: Readonly<Record<string, string>>;
  /** Text sent to standard input. */
  input?: string;
  /** Shell limits to raise first, e.g. core file size (POSIX only). */
  unlimitedCore?: boolean;
  /** Kills the process (and its group) when aborted, as a timeout does, without marking it timed out. */
  signal?: AbortSignal;
}

export interface RunResult {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  durationMs: number;
}

/** The one way adapters start programs, so tests can pass a fake. */
export interface ProcessRunner {
  run(command: string, args: readonly string[], options?: RunOptions): Promise<RunResult>;
}

const MAX_CAPTURE = 64 * 1024 * 1024;

export class NodeProcessRunner implements ProcessRunner {
  /** `env`: what children start from unless a call gives `baseEnv`; nothing is inherited from this process. */
  constructor(private readonly env: Readonly<Record<string, string | undefined>>) {}

  run(command: string, args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
    const started = performance.now();
    const [cmd, argv] = options.unlimitedCore && process.platform !== 'win32'
      ? ['/bin/sh', ['-c', 'ulimit -c unlimited 2>/dev/null; exec "$0" "$@"', command, ...args]]
      : [command, [...args]];
    return new Promise((resolve, reject) => {
      const child = spawn(cmd, argv, {
        cwd: options.cwd,
        // Never this process's environment: it holds the key and the token (see child-environment.ts).
        env: { ...(options.baseEnv ?? this.env), ...options.env },
        stdio: ['pipe', 'pipe', 'pipe'],
        detached: process.platform !== 'win32',
        windowsHide: true,
      });
      const out: Buffer[] = [];
      const err: Buffer[] = [];
      let outLen = 0;
      let errLen = 0;
      let timedOut = false;
      child.stdout.on('data', (b: Buffer) => {
        if (outLen < MAX_CAPTURE) out.push(b);
        outLen += b.length;
      });
      child.stderr.on('data', (b: Buffer) => {
        if (errLen < MAX_CAPTURE) err.push(b);
        errLen += b.length;
      });
      const timer = options.timeoutMs
        ? setTimeout(() => {
            timedOut = true;
            killTree(child.pid);
          }, options.timeoutMs)
        : undefined;
      const onAbort = (): void => killTree(child.pid);
      if (options.signal?.aborted) onAbort();
      else options.signal?.addEventListener('abort', onAbort, { once: true });
      child.on('error', (e: NodeJS.ErrnoException) => {
        if (timer) clearTimeout(timer);
        options.signal?.removeEventListener('abort', onAbort);
        if (e.code === 'ENOENT') {
          reject(new CrashAutofixError('tool-missing', `Cannot run '${command}': not found. Install it or set its path in the settings.`, { cause: e }));
        } else {
          reject(new CrashAutofixError('tool-failed', `Cannot run '${command}': ${errnoWords(e)}`, { cause: e }));
        }
      });
      child.on('close', (code, signal) => {
        if (timer) clearTimeout(timer);
        options.signal?.removeEventListener('abort', onAbort);
        resolve({
          exitCode: code,
          signal,
          stdout: Buffer.concat(out).toString('utf8'),
          stderr: Buffer.concat(err).toString('utf8'),
          timedOut,
          durationMs: performance.now() - started,
        });
      });
      child.stdin.on('error', () => undefined);
      child.stdin.end(options.input ?? '');
    });
  }
}

function killTree(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    if (process.platform === 'win32') process.kill(pid, 'SIGKILL');
    else process.kill(-pid, 'SIGKILL');
  } catch {
    // already gone
  }
}
