import type { ApprovalGate, StateOf } from '../domain/job-state.js';

/** PR_CREATED → AWAITING_APPROVAL: the pull request enters the gate of this workflow run (or of a person at the terminal). */
export function enterApprovalGate(state: StateOf<'PR_CREATED'>, gate: Omit<ApprovalGate, 'since'>, now: () => Date): Promise<StateOf<'AWAITING_APPROVAL'>> {
  const { status: _from, ...rest } = state;
  return Promise.resolve({ ...rest, status: 'AWAITING_APPROVAL', gate: { ...gate, since: now().toISOString() } });
}
