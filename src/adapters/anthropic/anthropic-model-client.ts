import Anthropic from '@anthropic-ai/sdk';
import type { ContentBlock, MessageParam, Tool, ContentBlockParam } from '@anthropic-ai/sdk/resources/messages/messages';
import { CrashAutofixError } from '../../base/errors.js';
import { API_KEY_HINT, mapApiError } from './map-api-error.js';
import type { AssistantBlock, ConversationMessage, ModelClient, ModelRequest, ModelResponse, StopReason } from '../../domain/model-client.js';

export interface AnthropicClientOptions {
  apiKey: string | null | undefined;
  /** Null means the public API; the SDK is never left to read the environment itself. */
  baseURL?: string | null;
  timeoutMs: number;
  /** Retries of 408/409/429/5xx/529 and connection errors, with the SDK's backoff (honours `retry-after`). */
  maxRetries: number;
}

const DEFAULT_BASE_URL = 'https://api.anthropic.com';
const EPHEMERAL = { type: 'ephemeral' } as const;
const KNOWN_STOPS: ReadonlySet<string> = new Set(['end_turn', 'max_tokens', 'stop_sequence', 'tool_use', 'pause_turn', 'refusal']);

/** The Messages API through the official SDK, non-streaming. */
export class AnthropicModelClient implements ModelClient {
  private constructor(
    private readonly sdk: Anthropic,
    private readonly apiKey: string,
    private readonly maxRetries: number,
  ) {}

  static async create(options: AnthropicClientOptions): Promise<AnthropicModelClient> {
    const apiKey = options.apiKey?.trim() ?? '';
    if (!apiKey) throw new CrashAutofixError('config', `No Anthropic API key was given; ${API_KEY_HINT}`);
    const baseURL = options.baseURL?.trim() || DEFAULT_BASE_URL;
    if (!URL.canParse(baseURL) || !/^https?:$/.test(new URL(baseURL).protocol)) {
      throw new CrashAutofixError('config', `ANTHROPIC_BASE_URL must be an http(s) URL, got "${baseURL}"`);
    }
    if (!Number.isInteger(options.timeoutMs) || options.timeoutMs <= 0) {
      throw new CrashAutofixError('config', `Input 'request-timeout' must be a positive number of seconds, got ${options.timeoutMs / 1000}`);
    }
    if (!Number.isInteger(options.maxRetries) || options.maxRetries < 0) {
      throw new CrashAutofixError('internal', `maxRetries must be a non-negative integer, got ${options.maxRetries}`);
    }
    // logLevel is explicit so ANTHROPIC_LOG cannot turn on the SDK's request logging.
    const sdk = new Anthropic({ apiKey, baseURL, timeout: options.timeoutMs, maxRetries: options.maxRetries, logLevel: 'warn' });
    return Promise.resolve(new AnthropicModelClient(sdk, apiKey, options.maxRetries));
  }

  async createMessage(request: ModelRequest): Promise<ModelResponse> {
    const tools: Tool[] = request.tools.map((tool, i) => ({
      name: tool.name,
      description: tool.description,
      input_schema: tool.inputSchema,
      ...(i === request.tools.length - 1 ? { cache_control: EPHEMERAL } : {}),
    }));
    try {
      const message = await this.sdk.messages.create({
        model: request.model,
        max_tokens: request.maxTokens,
        system: [{ type: 'text', text: request.system, cache_control: EPHEMERAL }],
        tools,
        messages: toMessageParams(request.messages),
      });
      const usage = message.usage;
      return {
        id: message.id,
        model: message.model,
        stopReason: message.stop_reason === null ? null : KNOWN_STOPS.has(message.stop_reason) ? (message.stop_reason as StopReason) : 'other',
        content: message.content.flatMap(toAssistantBlock),
        usage: {
          inputTokens: usage.input_tokens,
          outputTokens: usage.output_tokens,
          cacheReadTokens: usage.cache_read_input_tokens ?? 0,
          cacheWriteTokens: usage.cache_creation_input_tokens ?? 0,
        },
      };
    } catch (error) {
      throw mapApiError(error, { model: request.model, apiKey: this.apiKey, maxRetries: this.maxRetries });
    }
  }
}

function toAssistantBlock(block: ContentBlock): AssistantBlock[] {
  if (block.type === 'text') return [{ type: 'text', text: block.text }];
  if (block.type === 'tool_use') return [{ type: 'tool_use', id: block.id, name: block.name, input: block.input }];
  return [];
}

/** Copies the messages and puts a cache breakpoint on the very last block. */
function toMessageParams(messages: readonly ConversationMessage[]): MessageParam[] {
  return messages.map((message, m) => {
    const last = m === messages.length - 1;
    const content: ContentBlockParam[] = message.content.map((block, b) =>
      last && b === message.content.length - 1 ? { ...block, cache_control: EPHEMERAL } : { ...block },
    );
    return { role: message.role, content };
  });
}
