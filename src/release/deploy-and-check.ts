import type { HealthTarget } from '../domain/health.js';
import type { Deployment, Release } from '../domain/release.js';
import { verifyRelease } from './pack-release.js';
import { reportDeployment, runReleaseCommand, waitForHealth, type ReleaseIo } from './release-io.js';

export interface DeployPlan {
  deployCommand: readonly string[];
  healthCheck: HealthTarget | null;
  healthTimeoutMs: number;
  deployTimeoutMs: number;
}

export type DeployResult = { healthy: true; deployment: Deployment } | { healthy: false; deployment: Deployment; reason: string };

/**
 * One deployment to its target: checks the release against its recorded
 * checksum, runs the deploy command unless a run before this one finished it
 * (each step saved through `save`), then waits for the health check. Says on
 * the GitHub Deployment what happens.
 */
export async function deployAndCheck(io: ReleaseIo, release: Release, start: Deployment, plan: DeployPlan, save: (d: Deployment) => Promise<void>): Promise<DeployResult> {
  await verifyRelease(release.dir, release.sha256);
  let deployment = start;
  const context = { release, target: deployment.target, environment: deployment.environment };
  if (deployment.deployedAt === null) {
    if (deployment.deployStartedAt !== null) io.log.warning(`The ${deployment.environment} deploy started at ${deployment.deployStartedAt} did not finish (the job was stopped): running it again`);
    await reportDeployment(io, deployment, 'in_progress', `Deploying ${release.sha256.slice(0, 12)}`);
    deployment = { ...deployment, deployStartedAt: io.now().toISOString() };
    await save(deployment);
    const ran = await runReleaseCommand(io, 'deploy-command', plan.deployCommand, context, { timeoutMs: plan.deployTimeoutMs });
    if (!ran.ok) return { healthy: false, deployment, reason: ran.detail };
    deployment = { ...deployment, deployedAt: io.now().toISOString() };
    await save(deployment);
  } else {
    io.log.info(`Already deployed to ${deployment.environment} at ${deployment.deployedAt}: checking health only`);
  }
  const health = await waitForHealth(io, plan.healthCheck, plan.healthTimeoutMs);
  if (!health.healthy) return { healthy: false, deployment, reason: health.detail };
  deployment = { ...deployment, healthyAt: io.now().toISOString() };
  await reportDeployment(io, deployment, 'success', `Healthy: ${health.detail}`);
  return { healthy: true, deployment };
}

/**
 * After a failure: the deployment says why (`failure`), the rollback command
 * puts the previous build back, and the deployment turns `inactive` (the
 * fix's build no longer runs there).
 */
export async function rollBack(io: ReleaseIo, release: Release, deployment: Deployment, rollback: { command: readonly string[] | null; timeoutMs: number }, reason: string): Promise<{ exitCode: number | null; detail: string }> {
  io.log.warning(`Rolling back ${deployment.environment}: ${reason}`);
  await reportDeployment(io, deployment, 'failure', reason);
  if (rollback.command === null) {
    io.log.warning('No rollback-command is set: the target keeps the failed build; put the previous one back by hand');
    return { exitCode: null, detail: 'no rollback-command set' };
  }
  const ran = await runReleaseCommand(io, 'rollback-command', rollback.command, { release, target: deployment.target, environment: deployment.environment }, { timeoutMs: rollback.timeoutMs });
  if (ran.ok) await reportDeployment(io, deployment, 'inactive', 'Rolled back to the previous build');
  else io.log.warning(`The rollback failed: ${ran.detail}`);
  return { exitCode: ran.exitCode, detail: ran.detail };
}
