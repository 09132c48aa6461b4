import type { HealthProbe } from '../adapters/probe/health-probe.js';
import type { ProcessRunner } from '../adapters/exec/process-runner.js';
import type { DeploymentClient, DeploymentState } from '../adapters/github/deployment-client.js';
import { describeHealthTarget, type HealthTarget } from '../domain/health.js';
import type { Deployment, Release, Target } from '../domain/release.js';
import { fillPlaceholders, withInterpreter } from './deploy-placeholders.js';

/** Progress lines; the pipeline's Logger fits. */
export interface ReleaseLog {
  info(message: string): void;
  warning(message: string): void;
}

/** What the release stages run the user's commands and checks with. */
export interface ReleaseIo {
  /** Starts programs without a shell, in `baseEnv` (the allow-listed environment: no token, no key). */
  runner: ProcessRunner;
  baseEnv: Readonly<Record<string, string>>;
  platform: NodeJS.Platform;
  /** Where the commands run: the checkout, for scripts kept in the repository. */
  cwd: string;
  probe: HealthProbe;
  /** Null without GitHub: no Deployments, no comments. */
  deployments: DeploymentClient | null;
  /** The workflow run, linked from each deployment status. */
  runUrl: string | null;
  sleep(ms: number): Promise<void>;
  now(): Date;
  log: ReleaseLog;
}

export interface CommandOutcome {
  ok: boolean;
  exitCode: number | null;
  /** One line: how it ended, with the end of its error output. */
  detail: string;
}

const HEALTH_POLL_MS = 2000;
const PROBE_TIMEOUT_MS = 5000;

/** `{version}`: the merge commit and the release checksum, short. */
export function releaseVersion(release: Release): string {
  return `${release.commit.slice(0, 12)}-${release.sha256.slice(0, 12)}`;
}

/** Runs a deploy, rollback or stress command for a target, with its placeholders filled. */
export async function runReleaseCommand(
  io: ReleaseIo,
  what: string,
  argv: readonly string[],
  context: { release: Release; target: Target; environment: string },
  options: { timeoutMs: number; signal?: AbortSignal },
): Promise<CommandOutcome & { timedOut: boolean; durationMs: number; stdout: string }> {
  const { release } = context;
  const filled = fillPlaceholders(argv, {
    target: context.target,
    environment: context.environment,
    buildDir: release.dir,
    artifact: `${release.dir}/release.json`,
    version: releaseVersion(release),
    commit: release.commit,
  });
  const [command = '', ...args] = withInterpreter(filled.argv, io.platform);
  io.log.info(`${what}: ${[command, ...args].join(' ')}`);
  const result = await io.runner.run(command, args, { cwd: io.cwd, baseEnv: io.baseEnv, env: filled.env, timeoutMs: options.timeoutMs, ...(options.signal ? { signal: options.signal } : {}) });
  const tail = lastLines(result.stderr || result.stdout);
  const ok = result.exitCode === 0 && !result.timedOut;
  const how = result.timedOut ? `was stopped after ${Math.round(options.timeoutMs / 1000)} s` : result.signal ? `was killed by ${result.signal}` : `exited ${result.exitCode ?? '?'}`;
  return { ok, exitCode: result.exitCode, timedOut: result.timedOut, durationMs: result.durationMs, stdout: result.stdout, detail: `${what} ${how}${tail ? `: ${tail}` : ''}` };
}

/** Polls the health check until it passes or `timeoutMs` runs out. No check set: healthy, with a warning. */
export async function waitForHealth(io: ReleaseIo, target: HealthTarget | null, timeoutMs: number): Promise<{ healthy: boolean; detail: string }> {
  if (target === null) {
    io.log.warning('No health-check is set: the deploy command exiting 0 is taken as healthy');
    return { healthy: true, detail: 'no health check set' };
  }
  const started = io.now().getTime();
  for (;;) {
    const answer = await io.probe.probe(target, PROBE_TIMEOUT_MS);
    if (answer.healthy) {
      io.log.info(`Healthy: ${answer.detail}`);
      return { healthy: true, detail: answer.detail };
    }
    const waited = io.now().getTime() - started;
    if (waited >= timeoutMs) return { healthy: false, detail: `${describeHealthTarget(target)} was not healthy within ${Math.round(timeoutMs / 1000)} s (${answer.detail})` };
    await io.sleep(Math.min(HEALTH_POLL_MS, timeoutMs - waited));
  }
}

/** Sets a deployment's status on GitHub, when there is one; a failure to say so is a warning, not a failed deploy. */
export async function reportDeployment(io: ReleaseIo, deployment: Deployment, state: DeploymentState, description: string): Promise<void> {
  if (io.deployments === null || deployment.id === null) return;
  try {
    await io.deployments.setDeploymentStatus(deployment.id, { state, description, logUrl: io.runUrl, environmentUrl: null });
  } catch (error) {
    io.log.warning(`The ${deployment.environment} deployment's status (${state}) was not set: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function lastLines(text: string): string {
  return text.trim().split(/\r?\n/).slice(-3).join(' | ').slice(0, 400);
}
