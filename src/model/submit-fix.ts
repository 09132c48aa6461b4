import { FixProposalSchema, type FixProposal } from '../fix/fix-proposal.js';
import type { EditProblem, EditValidator } from '../fix/ports.js';
import { ToolInputError } from '../errors.js';
import { describeIssues } from './tool-definitions.js';

export type SubmitVerdict = { accepted: true; proposal: FixProposal } | { accepted: false; message: string };

/**
 * Checks a submit_fix call: the schema first (the input is untrusted), then
 * the validator's policy and exact-once checks, without writing anything.
 * A refusal is phrased for the model to correct.
 */
export async function checkSubmission(input: unknown, validator: EditValidator): Promise<SubmitVerdict> {
  const parsed = FixProposalSchema.safeParse(input);
  if (!parsed.success) {
    return { accepted: false, message: `Invalid input for submit_fix: ${describeIssues(parsed.error)}. Correct it and call submit_fix again.` };
  }
  let problems: EditProblem[];
  try {
    problems = await validator.check(parsed.data.fix.edits);
  } catch (error) {
    if (!(error instanceof ToolInputError)) throw error;
    return { accepted: false, message: `The edits were refused: ${error.message}. Correct them and call submit_fix again.` };
  }
  if (!problems.length) return { accepted: true, proposal: parsed.data };
  const lines = problems.slice(0, 20).map((p) => `- edit ${p.editIndex} (${p.path}): ${p.reason}`);
  return {
    accepted: false,
    message: [`The edits were refused and nothing was applied. Correct them and call submit_fix again with the complete fix:`, ...lines].join('\n'),
  };
}

export function summariseRefusal(message: string): string {
  return message.split('\n').slice(0, 3).join(' ').slice(0, 400);
}
