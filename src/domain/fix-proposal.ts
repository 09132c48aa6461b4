import { z } from 'zod';

/**
 * What the model must submit through the `submit_fix` tool. Model output is
 * untrusted: this schema bounds every field; policy is enforced separately.
 */
export const MAX_EDITS = 20;
export const MAX_EDIT_TEXT = 64 * 1024;

export const ROOT_CAUSE_CATEGORIES = [
  'null-pointer',
  'use-after-free',
  'double-free',
  'buffer-overflow',
  'uninitialized-memory',
  'race-condition',
  'deadlock',
  'integer-overflow',
  'divide-by-zero',
  'stack-overflow',
  'unhandled-exception',
  'assertion',
  'resource-exhaustion',
  'logic-error',
  'other',
] as const;

export const SEVERITIES = ['critical', 'high', 'medium', 'low'] as const;

export const EditSchema = z.strictObject({
  /** Repository-relative path with `/`. */
  path: z.string().min(1).max(400),
  /** Text that must occur exactly once in the file; empty means "create a new file". */
  old_text: z.string().max(MAX_EDIT_TEXT),
  new_text: z.string().max(MAX_EDIT_TEXT),
});
export type Edit = z.infer<typeof EditSchema>;

export const FixProposalSchema = z.strictObject({
  root_cause: z.strictObject({
    summary: z.string().min(1).max(2_000),
    technical_details: z.string().min(1).max(20_000),
    category: z.enum(ROOT_CAUSE_CATEGORIES),
    severity: z.enum(SEVERITIES),
    confidence: z.number().min(0).max(1),
  }),
  fix: z.strictObject({
    strategy: z.string().min(1).max(5_000),
    edits: z.array(EditSchema).min(1).max(MAX_EDITS),
    risk: z.string().min(1).max(5_000),
    test_plan: z.string().min(1).max(5_000),
  }),
});
export type FixProposal = z.infer<typeof FixProposalSchema>;
