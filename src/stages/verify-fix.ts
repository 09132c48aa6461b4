import { asStageError } from '../base/errors.js';
import type { StateOf, Worktree } from '../domain/job-state.js';
import { runGates, type GateDeps } from '../toolchain/run-gates.js';

export interface VerifyDeps {
  /** Locks the workspace and makes sure the work tree holds this job's built fix (rebuilt when it had to be restored). */
  ensureBuiltTree: (worktree: Worktree) => Promise<unknown>;
  gates: GateDeps;
}

/**
 * TESTING → VERIFIED: the reproduction, the tests, static analysis of the
 * changed lines and the project rules, on the built fix. Needs no GitHub:
 * a fix that still crashes fails here with or without one.
 */
export async function verifyFix(state: StateOf<'TESTING'>, deps: VerifyDeps): Promise<StateOf<'VERIFIED'>> {
  try {
    await deps.ensureBuiltTree(state.worktree);
  } catch (e) {
    throw asStageError('verify', e);
  }
  const gates = await runGates(state, deps.gates);
  const { status: _from, ...rest } = state;
  return { ...rest, status: 'VERIFIED', gates, publication: null };
}
