/**
 * The narrow view of a Messages API the engine needs. Blocks use the API's own
 * snake_case field names so a conversation can be stored as JSON and sent back
 * unchanged; nothing here depends on the SDK.
 */
export interface TextBlock {
  type: 'text';
  text: string;
}

export interface ToolUseBlock {
  type: 'tool_use';
  id: string;
  name: string;
  input: unknown;
}

export interface ToolResultBlock {
  type: 'tool_result';
  tool_use_id: string;
  content: string;
  is_error?: boolean;
}

export type AssistantBlock = TextBlock | ToolUseBlock;
export type UserBlock = TextBlock | ToolResultBlock;

export type ConversationMessage =
  | { role: 'user'; content: UserBlock[] }
  | { role: 'assistant'; content: AssistantBlock[] };

export interface ToolDefinition {
  name: string;
  description: string;
  /** A JSON schema whose top level is `{ type: 'object' }`. */
  inputSchema: { type: 'object'; [key: string]: unknown };
}

export interface ModelRequest {
  model: string;
  maxTokens: number;
  /** Sent as one system block; it carries a cache breakpoint. */
  system: string;
  /** The last definition carries a cache breakpoint. */
  tools: ToolDefinition[];
  /** The last block of the last message carries a cache breakpoint, so each turn reuses the previous prefix. */
  messages: ConversationMessage[];
}

export interface TokenUsage {
  /** Uncached input tokens (the API's `input_tokens`). */
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
}

export type StopReason = 'end_turn' | 'max_tokens' | 'stop_sequence' | 'tool_use' | 'pause_turn' | 'refusal' | 'other';

export interface ModelResponse {
  id: string;
  model: string;
  stopReason: StopReason | null;
  /** Text and tool-use blocks; other block kinds are dropped (the engine enables none). */
  content: AssistantBlock[];
  usage: TokenUsage;
}

export interface ModelClient {
  createMessage(request: ModelRequest): Promise<ModelResponse>;
}
