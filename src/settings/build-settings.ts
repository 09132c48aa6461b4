import { createHash } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { CrashAutofixError } from '../base/errors.js';
import { DEFINITIONS, SETTING_KEYS, type SettingKey } from './definitions.js';
import type { Environment, GithubContext } from './environment.js';
import { childEnvironments } from './build-environment.js';
import type { RawValue } from './field-types.js';
import { loadConfig } from './load-config.js';
import { DEFAULT_MODEL } from '../analysis/model-usage.js';
import { splitCommandLine } from '../toolchain/command-line.js';
import { REPRO_PLACEHOLDERS } from '../toolchain/reproduce.js';

export interface Settings {
  readonly origin: 'action' | 'cli';
  /** The last stage to run: the CLI command, or the action's `stop-after`. */
  readonly stopAfter: 'analyze' | 'fix';
  readonly report: string | null;
  readonly dump: string | null;
  readonly fromOutput: string | null;
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

export interface SettingsInput {
  origin: 'action' | 'cli';
  /** The CLI command; the action takes it from `stop-after`. */
  command?: 'analyze' | 'fix';
  /** Values given on this invocation (action inputs or CLI flags); absent or '' means not given. */
  values: Partial<Record<SettingKey, RawValue>>;
  environment: Environment;
  /** Reads a file; null when it does not exist. */
  readTextFile: (file: string) => Promise<string | null>;
}

export const DEFAULT_CONFIG = '.github/crash-autofix.yml';

export async function buildSettings(input: SettingsInput): Promise<Settings> {
  const { origin, environment: env } = input;
  const given = dropEmpty(input.values);
  const label = (key: string): string => (origin === 'action' ? `Input '${key}'` : `Option '--${key}'`);

  for (const key of Object.keys(given)) {
    if (!(SETTING_KEYS as string[]).includes(key)) throw new CrashAutofixError('config', `${label(key)} is not a known setting`);
    if (!(DEFINITIONS[key as SettingKey].sources as readonly string[]).includes(origin)) {
      throw new CrashAutofixError('config', `${label(key)} cannot be set here; it belongs in ${DEFINITIONS[key as SettingKey].sources.join(' or ')}`);
    }
  }

  // Relative paths on this invocation resolve against the current folder (the action: the workspace);
  // those in the config file, which lives in the repository, against the source root.
  const baseDir = (origin === 'action' ? env.workspace : null) ?? env.cwd;
  const sourceRoot = path.resolve(baseDir, field('source-root', given['source-root'], label) ?? env.workspace ?? env.cwd);
  const configName = field('config', given.config, label);
  const configPath = configName === undefined ? path.resolve(sourceRoot, DEFAULT_CONFIG) : path.resolve(baseDir, configName);
  const fromConfig = await loadConfig(configPath, configName !== undefined, input.readTextFile);

  const pick = <K extends SettingKey>(key: K): ReturnType<typeof field<K>> => {
    if (given[key] !== undefined) return field(key, given[key], label);
    if (fromConfig.values[key] !== undefined) return field(key, fromConfig.values[key], (k) => `Key '${k}' in ${fromConfig.display}`);
    return undefined;
  };
  const resolveFrom = (dir: string, p: string | undefined): string | null => (p === undefined ? null : path.resolve(dir, p));
  /** The folder a path setting's relative value is taken from: where it was given. */
  const dirOf = (key: SettingKey): string => (given[key] !== undefined ? baseDir : sourceRoot);
  const pickPath = (key: 'state-dir' | 'symbol-cache' | 'instructions-file' | 'work-dir'): string | null => resolveFrom(dirOf(key), pick(key));
  const stateDir = pickPath('state-dir') ?? path.resolve(sourceRoot, origin === 'action' && env.runnerTemp ? path.join(env.runnerTemp, 'crash-autofix') : '.crash-autofix');

  const stopAfter = input.command ?? pick('stop-after') ?? 'fix';
  const anthropicApiKey = pick('anthropic-api-key') ?? env.anthropicApiKey;
  const githubApi = githubTarget(pick('github-token') ?? env.githubToken, pick('repository') ?? env.githubRepository, env.githubApiUrl, label);
  const secrets = [anthropicApiKey, env.anthropicApiKey, githubApi?.token, env.githubToken].filter((s): s is string => typeof s === 'string');
  const childEnv = childEnvironments(env, pick('pass-env') ?? [], secrets, label);
  const settings: Settings = {
    origin,
    stopAfter,
    report: resolveFrom(baseDir, pick('report')),
    dump: resolveFrom(baseDir, pick('dump')),
    fromOutput: resolveFrom(baseDir, pick('from-output')),
    executable: resolveFrom(baseDir, pick('executable')),
    symbols: (pick('symbols') ?? []).map((p) => path.resolve(dirOf('symbols'), p)),
    sourceRoot,
    debugger: pick('debugger') ?? 'auto',
    gdbPath: pick('gdb-path') ?? null,
    cdbPath: pick('cdb-path') ?? null,
    debuggerTimeoutMs: (pick('debugger-timeout') ?? 600) * 1000,
    culpritIgnore: pick('culprit-ignore') ?? [],
    contextLines: pick('context-lines') ?? 7,
    stateDir,
    symbolCache: pickPath('symbol-cache') ?? path.join(stateDir, 'symbols'),
    configFile: fromConfig.loaded ? configPath : null,
    githubApi,
    anthropicApiKey,
    anthropicBaseUrl: env.anthropicBaseUrl,
    model: pick('model') ?? DEFAULT_MODEL,
    maxTurns: pick('max-turns') ?? 30,
    maxOutputTokens: pick('max-output-tokens') ?? 8192,
    tokenBudget: pick('token-budget') ?? 400_000,
    requestTimeoutMs: (pick('request-timeout') ?? 600) * 1000,
    minConfidence: pick('min-confidence') ?? 0.6,
    instructionsFile: pickPath('instructions-file'),
    allowedPaths: pick('allowed-paths') ?? ['**'],
    corePaths: pick('core-paths') ?? [],
    allowCoreChanges: pick('allow-core-changes') ?? false,
    allowBuildFileChanges: pick('allow-build-file-changes') ?? false,
    protectedPaths: pick('protected-paths') ?? [],
    workDir: pickPath('work-dir') ?? path.resolve(sourceRoot, defaultWorkDir(origin, stateDir, sourceRoot, env.home)),
    artifactRetentionDays: pick('artifact-retention-days') ?? null,
    cmakePath: pick('cmake-path') ?? null,
    buildTarget: pick('build-target') ?? null,
    buildConfig: pick('build-config') ?? 'RelWithDebInfo',
    configureArgs: pick('configure-args') ?? [],
    buildCommand: splitBuildCommand(pick('build-command'), env.platform),
    parallel: pick('parallel') ?? Math.max(1, os.availableParallelism()),
    buildTimeoutMs: (pick('build-timeout') ?? 3600) * 1000,
    compilerLauncher: pick('compiler-launcher') ?? 'auto',
    maxFixAttempts: pick('max-fix-attempts') ?? 3,
    testRegex: pick('test-regex') ?? null,
    testCommand: ((c) => (c === undefined ? null : splitCommandLine(c, 'test-command', env.platform)))(pick('test-command')),
    testsBlock: pick('tests-block') ?? false,
    testTimeoutMs: (pick('test-timeout') ?? 1800) * 1000,
    reproCommand: ((c) => (c === undefined ? null : splitCommandLine(c, 'repro-command', env.platform, REPRO_PLACEHOLDERS)))(pick('repro-command')),
    reproTimeoutMs: (pick('repro-timeout') ?? 60) * 1000,
    baseBranch: pick('base-branch') ?? null,
    pushRemote: pick('push-remote') ?? 'origin',
    labels: pick('labels') ?? [],
    reviewers: pick('reviewers') ?? [],
    teamReviewers: pick('team-reviewers') ?? [],
    assignees: pick('assignees') ?? [],
    pollIntervalMs: (pick('poll-interval') ?? 30) * 1000,
    once: pick('once') ?? false,
    fresh: pick('fresh') ?? false,
    json: pick('json') ?? false,
    platform: env.platform,
    buildEnv: childEnv.build,
    toolsEnv: childEnv.tools,
    sandbox: pick('sandbox') ?? 'auto',
    toolEnv: { ...env.toolEnv },
    github: env.github,
  };
  const inputs = (['dump', 'from-output', 'report'] as const).filter((k) => given[k] !== undefined);
  if (inputs.length > 1) {
    throw new CrashAutofixError('config', `${inputs.map(label).join(' and ')} cannot be combined; give one`);
  }
  if (inputs.length === 0) {
    throw new CrashAutofixError('config', `${label('dump')} is required: give the crash dump path (or ${label('from-output').toLowerCase()} for a saved debugger text${stopAfter === 'fix' ? `, or ${label('report').toLowerCase()} for a saved CrashReport` : ''})`);
  }
  if (settings.report !== null && stopAfter === 'analyze') {
    throw new CrashAutofixError('config', `${label('report')} is for the fix stage; 'analyze' needs a dump or debugger text`);
  }
  return deepFreeze(settings);
}

type ValueOf<K extends SettingKey> = (typeof DEFINITIONS)[K]['type'] extends { schema: { _output: infer T } } ? T : never;

function field<K extends SettingKey>(key: K, raw: RawValue, label: (key: string) => string): ValueOf<K> | undefined {
  if (raw === undefined || raw === null || raw === '') return undefined;
  const type = DEFINITIONS[key].type;
  const result = type.schema.safeParse(raw);
  if (!result.success) {
    const got = JSON.stringify(raw);
    throw new CrashAutofixError('config', `${label(key)} must be ${type.expected}, got ${got.length > 200 ? `${got.slice(0, 200)}…` : got}`);
  }
  return result.data as ValueOf<K>;
}

function dropEmpty(values: Partial<Record<string, RawValue>>): Partial<Record<SettingKey, RawValue>> {
  const out: Partial<Record<string, RawValue>> = {};
  for (const [k, v] of Object.entries(values)) if (v !== undefined && v !== null && v !== '') out[k] = v;
  return out;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

/**
 * The work tree must live outside the checkout it branches from, and should
 * outlive the job so the next build is incremental: the action's RUNNER_TEMP
 * is emptied after every job, so the action keeps it in the user's cache.
 */
function defaultWorkDir(origin: 'action' | 'cli', stateDir: string, sourceRoot: string, home: string | null): string {
  const inside = !path.relative(sourceRoot, stateDir).startsWith('..') && !path.isAbsolute(path.relative(sourceRoot, stateDir));
  if (!inside && origin === 'cli') return path.join(stateDir, 'worktrees');
  const id = createHash('sha256').update(sourceRoot).digest('hex').slice(0, 8);
  return path.join(home ?? os.tmpdir(), '.cache', 'crash-autofix', 'worktrees', `${path.basename(sourceRoot)}-${id}`);
}

/** GitHub is used only with both a token and an `owner/name` repository. */
function githubTarget(token: string | null, repository: string | null, apiUrl: string, label: (key: string) => string): Settings['githubApi'] {
  if (repository !== null && !/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/.test(repository)) {
    throw new CrashAutofixError('config', `${label('repository')} must be owner/name, got ${JSON.stringify(repository)}`);
  }
  if (token === null || repository === null) return null;
  const [owner = '', repo = ''] = repository.split('/');
  return { token, apiUrl, owner, repo };
}

function splitBuildCommand(command: string | undefined, platform: NodeJS.Platform): string[] | null {
  return command === undefined ? null : splitCommandLine(command, 'build-command', platform);
}
