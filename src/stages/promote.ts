import type { DeploymentClient } from '../adapters/github/deployment-client.js';
import { asStageError } from '../base/errors.js';
import type { StateOf } from '../domain/job-state.js';
import type { Checkpoint } from '../domain/stage.js';
import { deployAndCheck, rollBack } from '../release/deploy-and-check.js';
import { DEPLOYED_MARKER, deployedComment, rolledBackComment, rolledBackMarker, sayOnce } from '../release/release-comments.js';
import { releaseVersion } from '../release/release-io.js';
import type { DeployStageDeps } from './deploy-to-test.js';
import { openDeployment } from './start-deployment.js';

export interface PromoteDeps extends DeployStageDeps {
  environment: string;
  jobId: string;
  deployments: DeploymentClient | null;
}

const STAGE = 'promote';

/**
 * PROMOTING → DEPLOYED: the same release (checksum checked again), the same
 * deploy, health check and rollback, in the production environment. The
 * production deployment is made once and checkpointed, like each step after it.
 */
export async function promote(state: StateOf<'PROMOTING'>, deps: PromoteDeps, checkpoint: Checkpoint<'PROMOTING'>): Promise<StateOf<'DEPLOYED'> | StateOf<'ROLLED_BACK'>> {
  try {
    let current = state;
    let production = state.production;
    if (production === null) {
      production = await openDeployment('production', deps.environment, state.release, { jobId: deps.jobId, signature: state.report.signature, pr: state.pr.number, deployments: deps.deployments, now: () => deps.io.now() });
      current = { ...current, production };
      await checkpoint(current);
    }
    const result = await deployAndCheck(deps.io, state.release, production, deps.plan, async (d) => {
      current = { ...current, production: d };
      await checkpoint(current);
    });
    const { status: _from, ...rest } = current;
    if (result.healthy) {
      const at = deps.io.now().toISOString();
      await sayOnce(deps.comments, deps.io.log, state.pr.number, DEPLOYED_MARKER, deployedComment(deps.environment, releaseVersion(state.release), deps.io.runUrl));
      return { ...rest, status: 'DEPLOYED', production: result.deployment, fixedIn: { commit: state.release.commit, sha256: state.release.sha256, buildIds: state.release.buildIds, at } };
    }
    const rollback = await rollBack(deps.io, state.release, result.deployment, deps.rollback, result.reason);
    const record = { target: 'production' as const, reason: result.reason, dumpSignature: null, newJobs: [], commandExitCode: rollback.exitCode, at: deps.io.now().toISOString() };
    await sayOnce(deps.comments, deps.io.log, state.pr.number, rolledBackMarker(deps.environment), rolledBackComment(record, deps.environment, deps.io.runUrl));
    return { ...rest, status: 'ROLLED_BACK', production: result.deployment, rollback: record };
  } catch (e) {
    throw asStageError(STAGE, e);
  }
}
