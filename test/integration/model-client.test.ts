import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AnthropicModelClient } from '../../src/adapters/anthropic/anthropic-model-client.js';
import { ModelApiError } from '../../src/adapters/anthropic/model-api-error.js';
import type { ModelRequest } from '../../src/domain/model-client.js';
import { CrashAutofixError } from '../../src/base/errors.js';
import { MessagesApiServer, overloaded, text, toolUse } from '../fakes/messages-api-server.js';
import { TEST_API_KEY } from '../fakes/fake-repo-engine.js';

let server: MessagesApiServer;
beforeEach(async () => {
  server = await MessagesApiServer.start({ apiKey: TEST_API_KEY });
});
afterEach(async () => {
  await server.close();
});

const REQUEST: ModelRequest = {
  model: 'claude-sonnet-5-5',
  maxTokens: 512,
  system: 'You are careful.',
  tools: [
    { name: 'a', description: 'first', inputSchema: { type: 'object', properties: {} } },
    { name: 'b', description: 'second', inputSchema: { type: 'object', properties: {} } },
  ],
  messages: [
    { role: 'user', content: [{ type: 'text', text: 'crash' }] },
    { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_1', name: 'a', input: {} }] },
    { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: 'x' }, { type: 'text', text: 'go on' }] },
  ],
};

function client(options: { apiKey?: string; maxRetries?: number; timeoutMs?: number; baseURL?: string } = {}): Promise<AnthropicModelClient> {
  return AnthropicModelClient.create({ apiKey: options.apiKey ?? TEST_API_KEY, baseURL: options.baseURL ?? server.baseURL, timeoutMs: options.timeoutMs ?? 10_000, maxRetries: options.maxRetries ?? 0 });
}

async function failure(promise: Promise<unknown>): Promise<ModelApiError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ModelApiError);
  return error as ModelApiError;
}

describe('AnthropicModelClient', () => {
  it('refuses a missing or blank key at create, naming where to set it', async () => {
    for (const apiKey of [null, undefined, '', '   ']) {
      const error = await AnthropicModelClient.create({ apiKey, timeoutMs: 1000, maxRetries: 0 }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(CrashAutofixError);
      expect(error).toMatchObject({ kind: 'config', message: 'No Anthropic API key was given; check ANTHROPIC_API_KEY / anthropic-api-key' });
    }
    await expect(AnthropicModelClient.create({ apiKey: 'k', baseURL: 'ftp://x', timeoutMs: 1000, maxRetries: 0 })).rejects.toThrow(/ANTHROPIC_BASE_URL must be an http\(s\) URL/);
  });

  it('maps the response to domain blocks and usage, and marks the cache breakpoints', async () => {
    server.script({ reply: { content: [text('thinking aloud'), toolUse('b', { q: 1 }, 'toolu_2')], usage: { input_tokens: 10, output_tokens: 20, cache_read_input_tokens: 30, cache_creation_input_tokens: 40 } } });
    const response = await (await client()).createMessage(REQUEST);
    server.assertDone();
    expect(response).toMatchObject({
      model: 'claude-sonnet-5-5',
      stopReason: 'tool_use',
      content: [{ type: 'text', text: 'thinking aloud' }, { type: 'tool_use', id: 'toolu_2', name: 'b', input: { q: 1 } }],
      usage: { inputTokens: 10, outputTokens: 20, cacheReadTokens: 30, cacheWriteTokens: 40 },
    });
    expect(response.id).toMatch(/^msg_01/);
    const body = server.bodies()[0];
    expect(body?.system).toEqual([{ type: 'text', text: 'You are careful.', cache_control: { type: 'ephemeral' } }]);
    expect(body?.tools?.map((t) => 'cache_control' in t && t.cache_control)).toEqual([false, { type: 'ephemeral' }]);
    const blocks = body?.messages.flatMap((m) => (Array.isArray(m.content) ? m.content : []));
    expect(blocks?.map((b) => 'cache_control' in b && b.cache_control)).toEqual([false, false, false, { type: 'ephemeral' }]);
    // The domain request is not mutated by the breakpoint.
    expect(REQUEST.messages[2]?.content[1]).toEqual({ type: 'text', text: 'go on' });
  });

  it('turns a 401 into a config error that never shows the key', async () => {
    const error = await failure((await client({ apiKey: 'sk-ant-api03-WRONGKEY-0123456789' })).createMessage(REQUEST));
    expect(error).toMatchObject({ kind: 'config', retryable: false, status: 401 });
    expect(error.message).toBe('The Anthropic API rejected the key (401); check ANTHROPIC_API_KEY / anthropic-api-key');
  });

  it('turns a 404 into a config error naming the model setting', async () => {
    server.script({ error: { status: 404, type: 'not_found_error', message: 'model: claude-nope' } });
    const error = await failure((await client()).createMessage({ ...REQUEST, model: 'claude-nope' }));
    expect(error).toMatchObject({ kind: 'config', status: 404 });
    expect(error.message).toBe("The Anthropic API returned 404 for model 'claude-nope' (model: claude-nope); check the 'model' setting");
  });

  it('reports other 4xx answers with the API message, scrubbing an echoed key', async () => {
    server.script({ error: { status: 400, type: 'invalid_request_error', message: `messages.0: bad block (key ${TEST_API_KEY})` } });
    const error = await failure((await client()).createMessage(REQUEST));
    expect(error).toMatchObject({ kind: 'tool-failed', retryable: false, status: 400 });
    expect(error.message).toBe('The Anthropic API refused the request (400): messages.0: bad block (key ***)');
  });

  it('retries 529 with the SDK backoff and reports a retryable network error when retries run out', async () => {
    server.script(overloaded(), overloaded());
    const error = await failure((await client({ maxRetries: 1 })).createMessage(REQUEST));
    server.assertDone();
    expect(server.requests).toHaveLength(2);
    expect(error).toMatchObject({ kind: 'network', retryable: true, status: 529 });
    expect(error.message).toBe('The Anthropic API is overloaded after 1 retries (Overloaded); try again later');
  });

  it('reports timeouts and unreachable hosts as retryable network errors', async () => {
    server.script({ delayMs: 1_000, reply: { content: [text('late')] } });
    const timedOut = await failure((await client({ timeoutMs: 100 })).createMessage(REQUEST));
    expect(timedOut).toMatchObject({ kind: 'network', retryable: true, status: null });
    expect(timedOut.message).toMatch(/^The Anthropic API request timed out/);

    const closed = await MessagesApiServer.start({ apiKey: TEST_API_KEY });
    const url = closed.baseURL;
    await closed.close();
    const unreachable = await failure((await client({ baseURL: url })).createMessage(REQUEST));
    expect(unreachable).toMatchObject({ kind: 'network', retryable: true });
    expect(unreachable.message).toMatch(/^Could not reach the Anthropic API.*; check the network and ANTHROPIC_BASE_URL$/);
  });
});
