import type { Edit } from '../../domain/fix-proposal.js';
import type { EditProblem, EditValidator } from '../../domain/model-tools.js';
import type { FixPolicy } from '../policy/fix-policy.js';
import { planEdits, type ReadFileBytes } from './plan-edits.js';

/** The dry run the model's `submit_fix` gets: the plan's problems, nothing written. */
export function createEditValidator(policy: FixPolicy, repoRoot: string, read?: ReadFileBytes): EditValidator {
  return {
    async check(edits: readonly Edit[]): Promise<EditProblem[]> {
      return (await planEdits(edits, policy, repoRoot, read)).problems;
    },
  };
}
