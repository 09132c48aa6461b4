import { asStageError } from '../base/errors.js';
import type { StateOf } from '../domain/job-state.js';
import type { Checkpoint } from '../domain/stage.js';
import { rollBack } from '../release/deploy-and-check.js';
import { verifyRelease } from '../release/pack-release.js';
import { rolledBackComment, rolledBackMarker, sayOnce } from '../release/release-comments.js';
import { runStress, type StressPlan, type StressWatch } from '../release/stress-run.js';
import type { DeployStageDeps } from './deploy-to-test.js';

export interface StressStageDeps extends Pick<DeployStageDeps, 'io' | 'rollback' | 'comments'> {
  plan: Omit<StressPlan, 'fixedSignature' | 'environment'>;
  watch: StressWatch;
}

const STAGE = 'stress';

/**
 * STRESS_TESTING → PROMOTING when the fix holds under load for the whole
 * run; ROLLED_BACK (with the reason, the dump's signature and any new
 * intake jobs, also on the pull request) when it does not.
 */
export async function stressTest(state: StateOf<'STRESS_TESTING'>, deps: StressStageDeps, checkpoint: Checkpoint<'STRESS_TESTING'>): Promise<StateOf<'PROMOTING'> | StateOf<'ROLLED_BACK'>> {
  try {
    await verifyRelease(state.release.dir, state.release.sha256);
    let current = state;
    const plan = { ...deps.plan, fixedSignature: state.report.signature, environment: state.test.environment };
    const { run, verdict } = await runStress(deps.io, state.release, plan, deps.watch, state.stress, async (stress) => {
      current = { ...current, stress };
      await checkpoint(current);
    });
    const { status: _from, ...rest } = current;
    if (verdict.passed) return { ...rest, status: 'PROMOTING', stress: run, production: null };
    const rollback = await rollBack(deps.io, state.release, state.test, deps.rollback, verdict.reason);
    const record = { target: 'test' as const, reason: verdict.reason, dumpSignature: verdict.dumpSignature, newJobs: verdict.newJobs, commandExitCode: rollback.exitCode, at: deps.io.now().toISOString() };
    await sayOnce(deps.comments, deps.io.log, state.pr.number, rolledBackMarker(state.test.environment), rolledBackComment(record, state.test.environment, deps.io.runUrl));
    return { ...rest, status: 'ROLLED_BACK', stress: run, production: null, rollback: record };
  } catch (e) {
    throw asStageError(STAGE, e);
  }
}
