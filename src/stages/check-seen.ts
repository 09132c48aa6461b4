import { asStageError } from '../base/errors.js';
import type { StateOf } from '../domain/job-state.js';
import { decideSeen, type SeenCrashes } from '../domain/seen-crashes.js';

export interface CheckSeenDeps {
  seen: Pick<SeenCrashes, 'bySignature'>;
  /** This job, left out of the answer. */
  jobId: string;
  /** --fresh: analyse even a crash that was seen before. */
  fresh: boolean;
  info: (message: string) => void;
}

/**
 * Before the analysis: has this crash already gone somewhere? A DUPLICATE
 * state (pointing at the pull request or job) when it has, before the model is
 * paid or a branch is touched; null to go on.
 */
export async function checkSeen(state: StateOf<'ANALYSIS_PENDING'>, deps: CheckSeenDeps): Promise<StateOf<'DUPLICATE'> | null> {
  let verdict;
  try {
    verdict = decideSeen(await deps.seen.bySignature(state.report.signature, deps.jobId), { fresh: deps.fresh });
  } catch (e) {
    throw asStageError('check-seen', e);
  }
  if (verdict.kind === 'go-on') {
    if (verdict.note !== null) deps.info(verdict.note);
    return null;
  }
  const { status: _from, ...reported } = state;
  return { ...reported, status: 'DUPLICATE', duplicateOf: verdict.duplicateOf, reason: verdict.reason };
}
