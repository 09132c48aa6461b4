import path from 'node:path';
import { CrashAutofixError, oneLine } from '../../base/errors.js';
import type { ProcessRunner, RunOptions, RunResult } from './process-runner.js';
import { parseToolVersion } from './tool-version.js';
import { bwrapArguments, type SandboxMounts } from './sandbox.js';

export type SandboxSetting = 'auto' | 'bwrap' | 'none';

/** How gates were isolated, for the job summary and the pull request. */
export interface Confinement {
  sandbox: 'bwrap' | 'none';
  /** One line: what isolated the gates, or why nothing did. */
  detail: string;
}

export interface ConfinedRunnerOptions {
  inner: ProcessRunner;
  /** The allow-listed environment (child-environment.ts); the only one children see. */
  env: Readonly<Record<string, string>>;
  sandbox: SandboxSetting;
  platform: NodeJS.Platform;
  /** Finds a program on the allow-listed PATH. */
  which: (name: string) => Promise<string | null>;
  mounts: SandboxMounts;
}

const PROBE_TIMEOUT_MS = 30_000;

/**
 * The runner for processes that build or run repository code: the
 * allow-listed environment always, and on Linux with bubblewrap its own
 * namespaces. Everything it runs is a program, never a shell line.
 */
export class ConfinedRunner implements ProcessRunner {
  private constructor(
    private readonly options: ConfinedRunnerOptions,
    private readonly bwrap: string | null,
    readonly confinement: Confinement,
  ) {}

  static async create(options: ConfinedRunnerOptions): Promise<ConfinedRunner> {
    const { sandbox, platform } = options;
    if (sandbox === 'none') return new ConfinedRunner(options, null, { sandbox: 'none', detail: "sandbox: none (allow-listed environment only)" });
    if (platform !== 'linux') {
      if (sandbox === 'bwrap') throw new CrashAutofixError('config', `Setting 'sandbox' is 'bwrap', but bubblewrap runs on Linux only (this is ${platform}); use 'auto' or 'none'`);
      return new ConfinedRunner(options, null, { sandbox: 'none', detail: `no sandbox on ${platform} (allow-listed environment only)` });
    }
    const found = await options.which('bwrap');
    const refuse = (why: string): ConfinedRunner => {
      if (sandbox === 'bwrap') throw new CrashAutofixError('tool-missing', `Setting 'sandbox' is 'bwrap', but ${why}; install bubblewrap (apt-get install bubblewrap) and allow unprivileged user namespaces, or set 'sandbox: auto'`);
      return new ConfinedRunner(options, null, { sandbox: 'none', detail: `no sandbox: ${why} (allow-listed environment only)` });
    };
    if (found === null) return refuse('bwrap is not on PATH');
    const version = await options.inner.run(found, ['--version'], { baseEnv: options.env, timeoutMs: PROBE_TIMEOUT_MS });
    const text = parseToolVersion(version.stdout, 'bubblewrap')?.text;
    if (version.exitCode !== 0 || text === undefined) return refuse(`'${found} --version' did not report a bubblewrap version`);
    // Namespaces can be switched off (sysctl, AppArmor): try them once before trusting them.
    const trial = await options.inner.run(found, bwrapArguments(options.mounts, '/', 'true', []), { baseEnv: options.env, timeoutMs: PROBE_TIMEOUT_MS });
    if (trial.exitCode !== 0) return refuse(`bwrap ${text} cannot create namespaces here (${oneLine(trial.stderr).slice(0, 160) || `exit code ${String(trial.exitCode)}`})`);
    return new ConfinedRunner(options, found, { sandbox: 'bwrap', detail: `bubblewrap ${text}: own user, PID and network namespaces, no network, home hidden` });
  }

  async run(command: string, args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
    const run: RunOptions = { ...options, baseEnv: this.options.env };
    if (this.bwrap === null) return this.options.inner.run(command, args, run);
    // Inside the sandbox a missing program is bwrap's exit 1; say it the way a direct start would.
    const program = await this.resolve(command, options.cwd);
    return this.options.inner.run(this.bwrap, bwrapArguments(this.options.mounts, path.resolve(options.cwd ?? '.'), program, args), run);
  }

  private async resolve(command: string, cwd: string | undefined): Promise<string> {
    // `which` checks a path with a folder in it directly, and searches PATH otherwise.
    const found = await this.options.which(command.includes('/') ? path.resolve(cwd ?? '.', command) : command);
    if (found !== null) return found;
    throw new CrashAutofixError('tool-missing', `Cannot run '${command}': not found. Install it or set its path in the settings.`);
  }
}
