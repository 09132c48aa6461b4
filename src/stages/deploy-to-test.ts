import type { ApprovalClient } from '../adapters/github/approval-client.js';
import { asStageError } from '../base/errors.js';
import type { StateOf } from '../domain/job-state.js';
import type { Checkpoint } from '../domain/stage.js';
import { deployAndCheck, rollBack, type DeployPlan } from '../release/deploy-and-check.js';
import { rolledBackComment, rolledBackMarker, sayOnce } from '../release/release-comments.js';
import type { ReleaseIo } from '../release/release-io.js';

export interface DeployStageDeps {
  io: ReleaseIo;
  plan: DeployPlan;
  rollback: { command: readonly string[] | null; timeoutMs: number };
  comments: Pick<ApprovalClient, 'addComment' | 'listComments'> | null;
}

const STAGE = 'deploy';

/**
 * DEPLOYING → STRESS_TESTING, or ROLLED_BACK when the deploy command fails
 * or health never comes. Each step is checkpointed in the deployment record,
 * so a job killed after the deploy command only checks health again.
 */
export async function deployToTest(state: StateOf<'DEPLOYING'>, deps: DeployStageDeps, checkpoint: Checkpoint<'DEPLOYING'>): Promise<StateOf<'STRESS_TESTING'> | StateOf<'ROLLED_BACK'>> {
  try {
    let current = state;
    const result = await deployAndCheck(deps.io, state.release, state.test, deps.plan, async (test) => {
      current = { ...current, test };
      await checkpoint(current);
    });
    const { status: _from, ...rest } = current;
    if (result.healthy) return { ...rest, status: 'STRESS_TESTING', test: result.deployment, stress: null };
    const rollback = await rollBack(deps.io, state.release, result.deployment, deps.rollback, result.reason);
    const record = { target: 'test' as const, reason: result.reason, dumpSignature: null, newJobs: [], commandExitCode: rollback.exitCode, at: deps.io.now().toISOString() };
    await sayOnce(deps.comments, deps.io.log, state.pr.number, rolledBackMarker(state.test.environment), rolledBackComment(record, state.test.environment, deps.io.runUrl));
    return { ...rest, status: 'ROLLED_BACK', test: result.deployment, stress: null, production: null, rollback: record };
  } catch (e) {
    throw asStageError(STAGE, e);
  }
}
