import { z } from 'zod';
import { FixProposalSchema, ROOT_CAUSE_CATEGORIES, type FixProposal } from '../domain/fix-proposal.js';
import type { EditProblem, EditValidator } from '../domain/model-tools.js';
import { ToolInputError } from '../base/errors.js';
import { describeIssues } from './tool-definitions.js';

export type SubmitVerdict = { accepted: true; proposal: FixProposal; warnings: string[] } | { accepted: false; message: string };

/**
 * What is accepted from the model: the proposal, except that `category` only
 * describes the bug, so any short text is taken and mapped onto the known
 * list. The fields policy depends on (edits, severity, confidence) stay strict.
 */
const SubmittedFixSchema = FixProposalSchema.extend({
  root_cause: FixProposalSchema.shape.root_cause.extend({ category: z.string().min(1).max(200) }),
});

type Category = FixProposal['root_cause']['category'];

/** `Null Pointer`, `null_pointer` → `null-pointer`; anything else not on the list → `other`, with a warning. */
export function mapCategory(given: string): { category: Category; warning: string | null } {
  const slug = given.trim().toLowerCase().replace(/[\s_]+/g, '-');
  const known = ROOT_CAUSE_CATEGORIES.find((c) => c === slug);
  if (known) return { category: known, warning: null };
  const shown = JSON.stringify(given.length > 60 ? `${given.slice(0, 59)}…` : given);
  return { category: 'other', warning: `The model's root-cause category ${shown} is not one crash-autofix knows; it is recorded as 'other'` };
}

/**
 * Checks a submit_fix call: the schema first (the input is untrusted), then
 * the validator's policy and exact-once checks, without writing anything.
 * A refusal is phrased for the model to correct.
 */
export async function checkSubmission(input: unknown, validator: EditValidator): Promise<SubmitVerdict> {
  const parsed = SubmittedFixSchema.safeParse(input);
  if (!parsed.success) {
    return { accepted: false, message: `Invalid input for submit_fix: ${describeIssues(parsed.error)}. Correct it and call submit_fix again.` };
  }
  const { category, warning } = mapCategory(parsed.data.root_cause.category);
  const proposal: FixProposal = { ...parsed.data, root_cause: { ...parsed.data.root_cause, category } };
  let problems: EditProblem[];
  try {
    problems = await validator.check(proposal.fix.edits);
  } catch (error) {
    if (!(error instanceof ToolInputError)) throw error;
    return { accepted: false, message: `The edits were refused: ${error.message}. Correct them and call submit_fix again.` };
  }
  if (!problems.length) return { accepted: true, proposal, warnings: warning === null ? [] : [warning] };
  const lines = problems.slice(0, 20).map((p) => `- edit ${p.editIndex} (${p.path}): ${p.reason}`);
  return {
    accepted: false,
    message: [`The edits were refused and nothing was applied. Correct them and call submit_fix again with the complete fix:`, ...lines].join('\n'),
  };
}

export function summariseRefusal(message: string): string {
  return message.split('\n').slice(0, 3).join(' ').slice(0, 400);
}
