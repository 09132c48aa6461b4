import { StageError, asStageError } from '../base/errors.js';
import type { EditValidator } from '../domain/model-tools.js';
import type { StateOf } from '../domain/job-state.js';

export interface GateFixDeps {
  minConfidence: number;
  validator: EditValidator;
  /**
   * Opens (or updates: one per signature) the issue a person picks up instead
   * of a pull request; absent when GitHub is not configured.
   */
  openIssue?: (state: StateOf<'FIX_GENERATED'>) => Promise<{ number: number; url: string }>;
}

/**
 * FIX_GENERATED → APPLYING_FIX, or LOW_CONFIDENCE when the model is not sure
 * enough to change code. The edits are checked against policy again: the
 * repository or the settings may have changed since the analysis.
 */
export async function gateFix(state: StateOf<'FIX_GENERATED'>, deps: GateFixDeps): Promise<StateOf<'APPLYING_FIX'> | StateOf<'LOW_CONFIDENCE'>> {
  const { status: _from, ...rest } = state;
  if (state.analysis.proposal.root_cause.confidence < deps.minConfidence) {
    let issue: { number: number; url: string } | null = null;
    if (deps.openIssue) {
      try {
        issue = await deps.openIssue(state);
      } catch (e) {
        throw asStageError('gate', e);
      }
    }
    return { ...rest, status: 'LOW_CONFIDENCE', minConfidence: deps.minConfidence, issue };
  }
  const problems = await deps.validator.check(state.analysis.proposal.fix.edits);
  if (problems.length > 0) {
    const list = problems.map((p) => `edit ${p.editIndex + 1} (${p.path}): ${p.reason}`).join('; ');
    throw new StageError('gate', 'policy', `The proposed fix is refused by policy: ${list}`, false);
  }
  return { ...rest, status: 'APPLYING_FIX' };
}
