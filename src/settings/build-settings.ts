import path from 'node:path';
import { CrashAutofixError } from '../base/errors.js';
import { dumpFetch } from './dump-source.js';
import { splitCommandLine } from '../toolchain/command-line.js';
import { REPRO_PLACEHOLDERS } from '../toolchain/reproduce.js';
import { DEPLOY_PLACEHOLDERS } from '../release/deploy-placeholders.js';
import { parseHealthTarget } from '../release/health-target.js';
import { childEnvironments } from './build-environment.js';
import type { Command } from './commands.js';
import { COMPUTED_DEFAULTS } from './computed-defaults.js';
import { DEFINITIONS, reads, type UnsetKey, type ValuedKey, type ValueOf } from './definitions.js';
import { readValues, type ValuesInput } from './read-values.js';
import type { Settings } from './settings-type.js';

export type { Settings } from './settings-type.js';

export interface SettingsInput extends Omit<ValuesInput, 'command'> {
  /** The command whose settings these are; the action's `fix` may stop after `analyze` (`stop-after`). Default `fix`. */
  command?: Command;
}

/**
 * Parses a command's settings once into a frozen object. Values come from
 * the invocation, then the config file, then the table's default (or the one
 * computed-defaults.ts computes); nothing is coerced.
 */
export async function buildSettings(input: SettingsInput): Promise<Settings> {
  const { origin, environment: env } = input;
  const command = input.command ?? 'fix';
  const given = await readValues({ ...input, command });
  const { label, sourceRoot } = given;
  const value = <K extends ValuedKey>(key: K): ValueOf<K> => given.get(key) ?? (DEFINITIONS[key].default as ValueOf<K>);
  const optional = <K extends UnsetKey>(key: K): ValueOf<K> | null => given.get(key) ?? null;
  const ms = (key: 'debugger-timeout' | 'request-timeout' | 'build-timeout' | 'test-timeout' | 'repro-timeout' | 'poll-interval' | 'deploy-timeout' | 'health-timeout' | 'stress-duration' | 'stress-interval'): number => value(key) * 1000;
  /** A command line, split into argv (no shell); null when not given. */
  const split = (key: 'build-command' | 'test-command' | 'repro-command' | 'deploy-command' | 'rollback-command' | 'stress-command' | 'stress-metric-command', placeholders?: readonly string[]): string[] | null => {
    const line = optional(key);
    return line === null ? null : splitCommandLine(line, key, env.platform, placeholders);
  };

  const stateDir = given.path('state-dir') ?? COMPUTED_DEFAULTS['state-dir'](origin, env, sourceRoot);
  const anthropicApiKey = given.get('anthropic-api-key') ?? COMPUTED_DEFAULTS['anthropic-api-key'](env);
  const githubApi = githubTarget(given.get('github-token') ?? COMPUTED_DEFAULTS['github-token'](env), given.get('repository') ?? COMPUTED_DEFAULTS.repository(env), env.githubApiUrl, label);
  const dumpHeader = given.get('dump-url-header') ?? COMPUTED_DEFAULTS['dump-url-header'](env);
  const fetch = dumpFetch(
    { url: optional('dump-url'), sha256: optional('dump-sha256'), header: dumpHeader, otherInput: given.path('dump') !== null || given.path('from-output') !== null || given.path('report') !== null },
    origin,
    env,
    label,
  );
  const secrets = [anthropicApiKey, env.anthropicApiKey, githubApi?.token, env.githubToken, dumpHeader, fetch?.header?.value].filter((s): s is string => typeof s === 'string' && s !== '');
  const childEnv = childEnvironments(env, value('pass-env'), secrets, label);
  const settings: Settings = {
    origin,
    // On the CLI the command says where to stop; the action's fix reads `stop-after`.
    stopAfter: command === 'analyze' ? 'analyze' : origin === 'action' ? value('stop-after') : 'fix',
    report: given.path('report'),
    dump: given.path('dump'),
    fromOutput: given.path('from-output'),
    dumpFetch: fetch,
    dumpMaxBytes: value('dump-max-bytes'),
    dumpUrlInsecure: value('dump-url-insecure'),
    dumpUrlTemplate: optional('dump-url-template'),
    server: given.get('server') ?? COMPUTED_DEFAULTS.server(),
    // `watch` runs on the server that crashed; the fix job learns it from the crash-dump event.
    dumpServer: command === 'watch' ? (given.get('server') ?? COMPUTED_DEFAULTS.server()) : null,
    secrets: [...new Set(secrets)],
    deployCommand: split('deploy-command', DEPLOY_PLACEHOLDERS),
    rollbackCommand: split('rollback-command', DEPLOY_PLACEHOLDERS),
    deployTarget: value('deploy-target'),
    deployTimeoutMs: ms('deploy-timeout'),
    testEnvironment: value('test-environment'),
    productionEnvironment: value('production-environment'),
    releaseFiles: value('release-files'),
    healthCheck: optional('health-check'),
    healthTimeoutMs: ms('health-timeout'),
    stressCommand: split('stress-command', DEPLOY_PLACEHOLDERS),
    stressDurationMs: ms('stress-duration'),
    stressIntervalMs: ms('stress-interval'),
    stressFailureLimit: value('stress-failure-limit'),
    stressMetricCommand: split('stress-metric-command', DEPLOY_PLACEHOLDERS),
    stressMetricMax: optional('stress-metric-max'),
    approvalEnvironment: value('approval-environment'),
    mergeMethod: value('merge-method'),
    jobId: optional('job-id'),
    runId: given.get('run-id') ?? COMPUTED_DEFAULTS['run-id'](env),
    reason: optional('reason'),
    prNumber: optional('pr-number'),
    reviewId: optional('review-id'),
    maxRevisions: value('max-revisions'),
    actor: env.githubActor,
    dumpDir: given.path('dump-dir'),
    settleTime: value('settle-time'),
    maxNewBuckets: value('max-new-buckets'),
    ledgerArtifact: value('ledger-artifact'),
    executable: given.path('executable'),
    symbols: value('symbols').map((p) => path.resolve(given.dirOf('symbols'), p)),
    sourceRoot,
    debugger: value('debugger'),
    gdbPath: optional('gdb-path'),
    cdbPath: optional('cdb-path'),
    debuggerTimeoutMs: ms('debugger-timeout'),
    culpritIgnore: value('culprit-ignore'),
    contextLines: value('context-lines'),
    stateDir,
    crashDb: value('crash-db'),
    crashDbFile: path.join(stateDir, 'crash-db.json'),
    symbolCache: given.path('symbol-cache') ?? COMPUTED_DEFAULTS['symbol-cache'](stateDir),
    configFile: given.configFile,
    githubApi,
    anthropicApiKey,
    anthropicBaseUrl: env.anthropicBaseUrl,
    model: value('model'),
    maxTurns: value('max-turns'),
    maxOutputTokens: value('max-output-tokens'),
    tokenBudget: value('token-budget'),
    requestTimeoutMs: ms('request-timeout'),
    minConfidence: value('min-confidence'),
    instructionsFile: given.path('instructions-file'),
    allowedPaths: value('allowed-paths'),
    corePaths: value('core-paths'),
    allowCoreChanges: value('allow-core-changes'),
    allowBuildFileChanges: value('allow-build-file-changes'),
    protectedPaths: value('protected-paths'),
    workDir: given.path('work-dir') ?? COMPUTED_DEFAULTS['work-dir'](origin, stateDir, sourceRoot, env.home),
    artifactRetentionDays: optional('artifact-retention-days'),
    cmakePath: optional('cmake-path'),
    buildTarget: optional('build-target'),
    buildConfig: value('build-config'),
    configureArgs: value('configure-args'),
    buildCommand: split('build-command'),
    parallel: given.get('parallel') ?? COMPUTED_DEFAULTS.parallel(),
    buildTimeoutMs: ms('build-timeout'),
    compilerLauncher: value('compiler-launcher'),
    maxFixAttempts: value('max-fix-attempts'),
    testRegex: optional('test-regex'),
    testCommand: split('test-command'),
    testsBlock: value('tests-block'),
    testTimeoutMs: ms('test-timeout'),
    reproCommand: split('repro-command', REPRO_PLACEHOLDERS),
    reproTimeoutMs: ms('repro-timeout'),
    baseBranch: optional('base-branch'),
    pushRemote: value('push-remote'),
    labels: value('labels'),
    reviewers: value('reviewers'),
    teamReviewers: value('team-reviewers'),
    assignees: value('assignees'),
    pollIntervalMs: ms('poll-interval'),
    once: value('once'),
    notify: value('notify'),
    since: optional('since'),
    fresh: value('fresh'),
    json: value('json'),
    platform: env.platform,
    buildEnv: childEnv.build,
    toolsEnv: childEnv.tools,
    sandbox: value('sandbox'),
    toolEnv: { ...env.toolEnv },
    github: env.github,
  };
  checkInputs(command, settings, label);
  return deepFreeze(settings);
}

/** A job's settings for one dump the watch found (an absolute path): the watch's own, with `dump` set. */
export function withDump(settings: Settings, dump: string): Settings {
  if (!path.isAbsolute(dump)) throw new CrashAutofixError('internal', `withDump takes an absolute path, got ${JSON.stringify(dump)}`);
  return deepFreeze({ ...settings, dump, dumpFetch: null, fromOutput: null, report: null });
}

/** The job's settings once `dump-url` (or the dispatch event) is fetched: the file, and what came with it in an archive. */
export function withFetchedDump(settings: Settings, fetched: { dump: string; executable: string | null; symbols: readonly string[] }): Settings {
  return deepFreeze({ ...settings, dump: fetched.dump, dumpFetch: null, executable: settings.executable ?? fetched.executable, symbols: [...settings.symbols, ...fetched.symbols] });
}

/** The job's settings once the crash-dump event said which server the dump came from. */
export function withDumpServer(settings: Settings, server: string): Settings {
  return deepFreeze({ ...settings, dumpServer: server });
}

/** The job's settings once the dump's own build is looked up in `symbols`: its executable, and its symbols' folder on the symbol path. */
export function withDumpBuild(settings: Settings, found: { executable: string | null; symbolsFolder: string | null }): Settings {
  const symbols = found.symbolsFolder === null || settings.symbols.includes(found.symbolsFolder) ? settings.symbols : [...settings.symbols, found.symbolsFolder];
  return deepFreeze({ ...settings, executable: found.executable ?? settings.executable, symbols });
}

/** A command given one crash takes exactly one of the inputs it reads; `watch` finds its own. */
function checkInputs(command: Command, settings: Settings, label: (key: string) => string): void {
  if (settings.jobId !== null && !/^[0-9a-f]{16}$/.test(settings.jobId)) throw new CrashAutofixError('config', `${label('job-id')} must be a crash-autofix job id (16 hex digits, the fix job's 'job-id' output), got ${JSON.stringify(settings.jobId)}`);
  if (command === 'revise') checkRevise(settings, label);
  if (command === 'deploy' && settings.deployCommand === null) throw new CrashAutofixError('config', `${label('deploy-command')} is required: the command that installs the release on the ${settings.deployTarget} target and starts it (see the README, "Deploy")`);
  if (settings.stressMetricCommand !== null && settings.stressMetricMax === null) throw new CrashAutofixError('config', `${label('stress-metric-max')} is required with ${label('stress-metric-command').toLowerCase()}: the most the metric may be (e.g. 50 for a tick p99 in ms)`);
  if (settings.healthCheck !== null) parseHealthTarget(settings.healthCheck, label('health-check'));
  if (settings.crashDb === 'github' && settings.githubApi === null && reads(command, 'crash-db')) {
    throw new CrashAutofixError('config', `${label('crash-db')} is github, which needs a token (${settings.origin === 'cli' ? 'GITHUB_TOKEN' : "'github-token'"}) and ${label('repository').toLowerCase()} (owner/name); give both, or choose local or off`);
  }
  if (command === 'scan' && settings.dumpDir === null) throw new CrashAutofixError('config', `${label('dump-dir')} is required: give the dump share to scan (a folder, or a Windows share such as \\\\fileserver\\dumps)`);
  const inputs = (['dump', 'dump-url', 'from-output', 'report'] as const).filter((k) => reads(command, k));
  if (inputs.length === 0) return;
  const has = { dump: settings.dump, 'dump-url': settings.dumpFetch?.source.kind === 'url' ? settings.dumpFetch.source.url : null, report: settings.report, 'from-output': settings.fromOutput };
  if (settings.dumpFetch?.source.kind === 'event') return;
  const given = inputs.filter((k) => has[k] !== null);
  if (given.length > 1) throw new CrashAutofixError('config', `${given.map((k, i) => (i === 0 ? label(k) : label(k).toLowerCase())).join(' and ')} cannot be combined; give one`);
  if (given.length === 0) {
    const others = inputs.filter((k) => k !== 'dump').map((k) => `${label(k).toLowerCase()} for ${k === 'report' ? 'a saved CrashReport' : k === 'dump-url' ? 'an address to fetch it from' : 'a saved debugger text'}`);
    throw new CrashAutofixError('config', `${label('dump')} is required: give the crash dump path (or ${others.join(', or ')})`);
  }
  // The action's `stop-after: analyze` runs fix's settings up to the report.
  if (settings.report !== null && settings.stopAfter === 'analyze') {
    throw new CrashAutofixError('config', `${label('report')} is for the fix stage; 'analyze' needs a dump or debugger text`);
  }
}

/** `revise` needs GitHub, and a pull request: given, or the one the triggering review or comment is on. */
function checkRevise(settings: Settings, label: (key: string) => string): void {
  const event = settings.origin === 'action' ? settings.github?.eventName : null;
  if (settings.prNumber === null && event !== 'pull_request_review' && event !== 'issue_comment') {
    throw new CrashAutofixError('config', `${label('pr-number')} is required: the number of the crash-autofix pull request to revise (in Actions it comes from a pull_request_review or issue_comment event)`);
  }
  if (settings.githubApi === null) {
    throw new CrashAutofixError('config', `'revise' needs GitHub: a token (${settings.origin === 'cli' ? 'GITHUB_TOKEN' : "'github-token'"}) and ${label('repository').toLowerCase()} (owner/name)`);
  }
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
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
