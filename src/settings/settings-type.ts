import type { DumpFetch } from './dump-source.js';
import type { GithubContext } from './environment.js';
import type { Since } from './field-types.js';

/** One command's settings, parsed once and frozen (build-settings.ts); every other file reads these, never the environment. */
export interface Settings {
  readonly origin: 'action' | 'cli';
  /** The last stage to run: the CLI command, or the action's `stop-after`. */
  readonly stopAfter: 'analyze' | 'fix';
  readonly report: string | null;
  readonly dump: string | null;
  readonly fromOutput: string | null;
  /** A dump to fetch (dump-url, or the dispatch event) before the job starts; `dump` is then set to the fetched file. */
  readonly dumpFetch: DumpFetch | null;
  /** The most `dump-url` may fetch, and an archive expand to. */
  readonly dumpMaxBytes: number;
  /** Plain http:// for `dump-url` beyond loopback. */
  readonly dumpUrlInsecure: boolean;
  /** `notify`: the dump's address as the workflow sees it, `{name}` for its file name. */
  readonly dumpUrlTemplate: string | null;
  /** `notify`: the server that crashed. */
  readonly server: string;
  /** The server the dump came from, for its occurrence: `watch`'s host, or the crash-dump event's `server`; null when unknown. */
  readonly dumpServer: string | null;
  /** `scan`: the dump share. */
  readonly dumpDir: string | null;
  /** Seconds. */
  readonly settleTime: number;
  readonly maxNewBuckets: number;
  /** `scan` in the action: the ledger restored from and uploaded as an artifact. */
  readonly ledgerArtifact: boolean;
  /** `approve`, `reject`: the gate environment, how to merge, which job and which run. */
  readonly approvalEnvironment: string;
  readonly mergeMethod: 'squash' | 'merge' | 'rebase' | 'auto';
  readonly jobId: string | null;
  readonly runId: number | null;
  /** CLI `reject`: the reason given on the command line. */
  readonly reason: string | null;
  /** `revise`: the pull request, the review (null: the event says), the loop's bound and who asks (`GITHUB_ACTOR`). */
  readonly prNumber: number | null;
  readonly reviewId: number | null;
  readonly maxRevisions: number;
  readonly actor: string | null;
  /** `deploy`, `stress`: the commands (argv, placeholders kept), the target and environments, the health check, the stress run. */
  readonly deployCommand: readonly string[] | null;
  readonly rollbackCommand: readonly string[] | null;
  readonly deployTarget: 'test' | 'production';
  readonly deployTimeoutMs: number;
  readonly testEnvironment: string;
  readonly productionEnvironment: string;
  readonly releaseFiles: readonly string[];
  readonly healthCheck: string | null;
  readonly healthTimeoutMs: number;
  readonly stressCommand: readonly string[] | null;
  readonly stressDurationMs: number;
  readonly stressIntervalMs: number;
  readonly stressFailureLimit: number;
  readonly stressMetricCommand: readonly string[] | null;
  readonly stressMetricMax: number | null;
  /** Every secret value the settings hold (API key, token, dump-url header): masked by the entry points. */
  readonly secrets: readonly string[];
  readonly executable: string | null;
  readonly symbols: readonly string[];
  readonly sourceRoot: string;
  readonly debugger: 'auto' | 'gdb' | 'cdb';
  readonly gdbPath: string | null;
  readonly cdbPath: string | null;
  readonly debuggerTimeoutMs: number;
  readonly culpritIgnore: readonly string[];
  readonly contextLines: number;
  readonly stateDir: string;
  /** Where the crash database is kept (`crash-db`), and its file for `local`. */
  readonly crashDb: 'local' | 'github' | 'off';
  readonly crashDbFile: string;
  readonly symbolCache: string;
  /** The config file that was loaded, if any. */
  readonly configFile: string | null;
  readonly githubApi: { token: string; apiUrl: string; owner: string; repo: string } | null;
  readonly anthropicApiKey: string | null;
  readonly anthropicBaseUrl: string | null;
  readonly model: string;
  readonly maxTurns: number;
  readonly maxOutputTokens: number;
  readonly tokenBudget: number;
  readonly requestTimeoutMs: number;
  readonly minConfidence: number;
  /** Explicit guidance file, absolute; null means look for CLAUDE.md / AGENTS.md. */
  readonly instructionsFile: string | null;
  readonly allowedPaths: readonly string[];
  readonly corePaths: readonly string[];
  readonly allowCoreChanges: boolean;
  /** Build and CI-adjacent files (CMakeLists.txt, *.vcxproj…) are writable only with this. */
  readonly allowBuildFileChanges: boolean;
  readonly protectedPaths: readonly string[];
  readonly workDir: string;
  readonly artifactRetentionDays: number | null;
  readonly cmakePath: string | null;
  readonly buildTarget: string | null;
  readonly buildConfig: string;
  readonly configureArgs: readonly string[];
  /** Split into argv (no shell); null means cmake. */
  readonly buildCommand: readonly string[] | null;
  readonly parallel: number;
  readonly buildTimeoutMs: number;
  readonly compilerLauncher: 'auto' | 'ccache' | 'sccache' | 'none';
  readonly maxFixAttempts: number;
  readonly testRegex: string | null;
  readonly testCommand: readonly string[] | null;
  readonly testsBlock: boolean;
  readonly testTimeoutMs: number;
  /** Split into argv (no shell), placeholders still in; null means no reproduction gate. */
  readonly reproCommand: readonly string[] | null;
  readonly reproTimeoutMs: number;
  readonly baseBranch: string | null;
  readonly pushRemote: string;
  readonly labels: readonly string[];
  readonly reviewers: readonly string[];
  readonly teamReviewers: readonly string[];
  readonly assignees: readonly string[];
  readonly pollIntervalMs: number;
  readonly once: boolean;
  /** `watch`: announce each new dump (a crash-dump repository_dispatch) instead of running `fix`. */
  readonly notify: boolean;
  /** `stats`: the window's start; null: the last 30 days. */
  readonly since: Since | null;
  readonly fresh: boolean;
  readonly json: boolean;
  readonly platform: NodeJS.Platform;
  /** The allow-listed environment of every process that builds or runs repository code; never a secret. */
  readonly buildEnv: Readonly<Record<string, string>>;
  /** The same for our own tools (git, gdb, cdb), plus SSH, proxy and symbol-server variables; never a secret. */
  readonly toolsEnv: Readonly<Record<string, string>>;
  readonly sandbox: 'auto' | 'bwrap' | 'none';
  readonly toolEnv: Readonly<Record<string, string | undefined>>;
  readonly github: GithubContext | null;
}
