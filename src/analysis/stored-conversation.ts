import { z } from 'zod';
import { CrashAutofixError, describeError } from '../base/errors.js';
import type { FileRole } from '../base/fs/fs-error.js';
import { readTextFile } from '../base/fs/read-text-file.js';
import type { ConversationMessage, ToolResultBlock } from '../domain/model-client.js';
import type { Usage } from './model-usage.js';

/** Bump when the shape changes incompatibly; older snapshots are refused, not guessed at. */
export const CONVERSATION_SCHEMA_VERSION = 1;

const TextBlockSchema = z.strictObject({ type: z.literal('text'), text: z.string() });
const ToolUseBlockSchema = z.strictObject({ type: z.literal('tool_use'), id: z.string().min(1), name: z.string(), input: z.unknown() });
const ToolResultBlockSchema = z.strictObject({
  type: z.literal('tool_result'),
  tool_use_id: z.string().min(1),
  content: z.string(),
  is_error: z.boolean().optional(),
});

const MessageSchema = z.discriminatedUnion('role', [
  z.strictObject({ role: z.literal('user'), content: z.array(z.discriminatedUnion('type', [TextBlockSchema, ToolResultBlockSchema])).min(1) }),
  z.strictObject({ role: z.literal('assistant'), content: z.array(z.discriminatedUnion('type', [TextBlockSchema, ToolUseBlockSchema])).min(1) }),
]);

const count = z.number().int().nonnegative();

export const StoredConversationSchema = z.strictObject({
  schemaVersion: z.literal(CONVERSATION_SCHEMA_VERSION),
  model: z.string().min(1),
  /** Kept so that a resumed conversation sends the very same prefix (and hits the prompt cache). */
  system: z.string(),
  messages: z.array(MessageSchema),
  /**
   * Set when the last assistant message ended with an accepted submit_fix: its
   * id, and the results of any other tool calls in that message, which the
   * next user message must carry along with the verdict on the fix.
   */
  pendingSubmit: z.strictObject({ toolUseId: z.string().min(1), otherResults: z.array(ToolResultBlockSchema) }).nullable(),
  /** Totals over every request of this conversation; limits apply to them. */
  usage: z.strictObject({
    inputTokens: count,
    outputTokens: count,
    cacheReadTokens: count,
    cacheWriteTokens: count,
    turns: count,
    estimatedCostUsd: z.number().nonnegative().nullable(),
  }),
});

export interface StoredConversation {
  schemaVersion: typeof CONVERSATION_SCHEMA_VERSION;
  model: string;
  system: string;
  messages: ConversationMessage[];
  pendingSubmit: { toolUseId: string; otherResults: ToolResultBlock[] } | null;
  usage: Usage;
}

/** Parses a snapshot (e.g. after JSON.parse of saved state); throws a one-line error when it is unusable. */
export function parseStoredConversation(value: unknown): StoredConversation {
  const result = StoredConversationSchema.safeParse(value);
  if (!result.success) {
    const first = result.error.issues[0];
    const where = first?.path.length ? first.path.join('.') : '(root)';
    throw new CrashAutofixError('bad-input', `Saved model conversation is not usable (${where}: ${first?.message ?? 'invalid'}); re-run with --fresh`);
  }
  return result.data;
}

const CONVERSATION_ROLE: FileRole = { what: 'Saved model conversation', kind: 'bad-input', fix: 're-run with --fresh' };
/** Far above what a token budget lets a conversation grow to; a larger file is not ours. */
const MAX_CONVERSATION_BYTES = 256 * 1024 * 1024;

/** Reads the conversation a job saved (`conversation.json`), to go on with it; one line when it is missing or unusable. */
export async function loadConversation(file: string): Promise<StoredConversation> {
  const text = await readTextFile(file, CONVERSATION_ROLE, MAX_CONVERSATION_BYTES);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new CrashAutofixError('bad-input', `Saved model conversation ${file} is not JSON (${describeError(e)}); re-run with --fresh`, { cause: e });
  }
  return parseStoredConversation(value);
}
