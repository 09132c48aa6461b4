import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MessageCreateParamsNonStreaming, ToolResultBlockParam } from '@anthropic-ai/sdk/resources/messages/messages';
import { analyzeCrash } from '../../src/analysis/engine.js';
import { MessagesApiServer, overloaded, presentedKey, text, toolUse, type RecordedRequest } from '../fakes/messages-api-server.js';
import { HANDLER_FILE, sampleReport } from '../fakes/fake-repo-crash-report.js';
import { engineHarness, handlerFix, TEST_API_KEY } from '../fakes/fake-repo-engine.js';

let server: MessagesApiServer;
beforeEach(async () => {
  server = await MessagesApiServer.start({ apiKey: TEST_API_KEY });
});
afterEach(async () => {
  await server.close();
});

/** The tool results of the last user message of a request. */
function toolResults(request: RecordedRequest | MessageCreateParamsNonStreaming): ToolResultBlockParam[] {
  const body = 'body' in request ? request.body : request;
  const last = body.messages.at(-1);
  if (!last || last.role !== 'user' || !Array.isArray(last.content)) return [];
  return last.content.filter((b): b is ToolResultBlockParam => b.type === 'tool_result');
}

function resultText(result: ToolResultBlockParam | undefined): string {
  return typeof result?.content === 'string' ? result.content : JSON.stringify(result?.content);
}

describe('analyzeCrash through the real SDK', () => {
  it('reads a file, submits a fix and sums the usage of every turn', async () => {
    const h = await engineHarness(server, { guidance: 'Use nullptr checks, never assert, in request handlers.' });
    server.script(
      { reply: { content: [text('Let me read the handler.'), toolUse('read_file', { path: HANDLER_FILE, start_line: 1, end_line: 6 })], usage: { input_tokens: 2000, output_tokens: 100, cache_creation_input_tokens: 1500 } } },
      {
        check: (req) => {
          const [result] = toolResults(req);
          expect(result?.is_error).toBeUndefined();
          expect(resultText(result)).toContain('    5|   return s->user_count;');
        },
        reply: { content: [toolUse('submit_fix', handlerFix())], usage: { input_tokens: 300, output_tokens: 400, cache_read_input_tokens: 1500 } },
      },
    );

    const outcome = await analyzeCrash({ ...h.deps, report: sampleReport() });

    server.assertDone();
    expect(outcome.kind).toBe('fix');
    if (outcome.kind !== 'fix') return;
    expect(outcome.proposal.root_cause.category).toBe('null-pointer');
    expect(outcome.usage).toEqual({
      inputTokens: 2300,
      outputTokens: 500,
      cacheReadTokens: 1500,
      cacheWriteTokens: 1500,
      turns: 2,
      // Sonnet list prices: 2300*3 + 500*15 + 1500*0.3 + 1500*3.75 per million.
      estimatedCostUsd: (2300 * 3 + 500 * 15 + 1500 * 0.3 + 1500 * 3.75) / 1e6,
    });
    expect(h.validator.checked).toHaveLength(1);
    expect(outcome.conversation.pendingSubmit?.toolUseId).toMatch(/^toolu_/);

    const [first, second] = server.bodies();
    expect(first?.model).toBe('claude-sonnet-5-5');
    expect(first?.max_tokens).toBe(4096);
    // Prompt caching: the last system block and the last tool definition carry the markers.
    const system = first?.system;
    expect(Array.isArray(system) && system.at(-1)?.cache_control).toEqual({ type: 'ephemeral' });
    expect(first?.tools?.map((t) => ('name' in t ? t.name : '?'))).toEqual(['read_file', 'search_code', 'list_files', 'git_log', 'submit_fix']);
    expect(first?.tools?.at(-1)).toMatchObject({ name: 'submit_fix', cache_control: { type: 'ephemeral' } });
    expect(first?.tools?.slice(0, -1).every((t) => !('cache_control' in t))).toBe(true);
    // The repository's guidance is part of the system prompt, quoted.
    expect(JSON.stringify(system)).toContain('<repository_guidance>\\nUse nullptr checks, never assert, in request handlers.');
    // The first message carries the crash report and the recent commits of the culprit file.
    const opening = JSON.stringify(first?.messages[0]?.content);
    expect(opening).toContain('<crash_report>');
    expect(opening).toContain('Handler::process(Request const*) at src/server/handler.cpp:5');
    expect(opening).toContain('a1b2c3d4e5f6 2024-12-30 Dev One: Cache sessions by request id');
    expect(h.history.calls[0]).toEqual({ path: HANDLER_FILE, max: 5 });
    // The second request replays the conversation and answers the tool call.
    expect(second?.messages.map((m) => m.role)).toEqual(['user', 'assistant', 'user']);

    const types = outcome.transcript.map((e) => e.type);
    expect(types).toEqual(['request', 'response', 'tool', 'request', 'response', 'tool', 'stop']);
  });

  it('answers malformed tool input and unknown tools with is_error results, then recovers', async () => {
    const h = await engineHarness(server);
    server.script(
      { reply: { content: [toolUse('read_file', { start_line: 3 }), toolUse('rm_rf', { path: '/' })] } },
      {
        check: (req) => {
          const [bad, unknown] = toolResults(req);
          expect(bad?.is_error).toBe(true);
          expect(resultText(bad)).toMatch(/Invalid input for read_file: path: /);
          expect(unknown?.is_error).toBe(true);
          expect(resultText(unknown)).toContain("Unknown tool 'rm_rf'");
        },
        reply: { content: [toolUse('submit_fix', handlerFix({ confidence: 7 }))] },
      },
      {
        check: (req) => {
          const [result] = toolResults(req);
          expect(result?.is_error).toBe(true);
          expect(resultText(result)).toMatch(/Invalid input for submit_fix: root_cause\.confidence: .*1/);
        },
        reply: { content: [toolUse('read_file', { path: '../etc/passwd' })] },
      },
      {
        check: (req) => expect(resultText(toolResults(req)[0])).toContain('outside the repository'),
        reply: { content: [toolUse('submit_fix', handlerFix())] },
      },
    );
    const outcome = await analyzeCrash({ ...h.deps, report: sampleReport() });
    server.assertDone();
    expect(outcome.kind).toBe('fix');
    // The schema failure never reached the validator.
    expect(h.validator.checked).toHaveLength(1);
  });

  it('sends validator problems back so the model can correct an ambiguous old_text', async () => {
    const h = await engineHarness(server);
    server.script(
      { reply: { content: [toolUse('submit_fix', handlerFix({ ambiguous: true }))] } },
      {
        check: (req) => {
          const [result] = toolResults(req);
          expect(result?.is_error).toBe(true);
          expect(resultText(result)).toContain(`- edit 0 (${HANDLER_FILE}): old_text occurs 2 times`);
        },
        reply: { content: [toolUse('submit_fix', handlerFix())] },
      },
    );
    const outcome = await analyzeCrash({ ...h.deps, report: sampleReport() });
    server.assertDone();
    expect(outcome.kind).toBe('fix');
    expect(h.validator.checked).toHaveLength(2);
  });

  it("takes a fix whose category is unknown as 'other', with a warning, but refuses an unknown severity", async () => {
    const h = await engineHarness(server, { settings: { maxCorrections: 0 } });
    const fix = handlerFix();
    server.script({ reply: { content: [toolUse('submit_fix', { ...fix, root_cause: { ...fix.root_cause, category: 'memory-leak' } })] } });
    const outcome = await analyzeCrash({ ...h.deps, report: sampleReport() });
    server.assertDone();
    expect(outcome).toMatchObject({ kind: 'fix', warnings: ["The model's root-cause category \"memory-leak\" is not one crash-autofix knows; it is recorded as 'other'"] });
    if (outcome.kind === 'fix') expect(outcome.proposal.root_cause.category).toBe('other');
    expect(outcome.transcript.find((e) => e.type === 'tool')).toMatchObject({ isError: false, result: expect.stringContaining("accepted; The model's root-cause category") as unknown });

    server.script({ reply: { content: [toolUse('submit_fix', { ...fix, root_cause: { ...fix.root_cause, severity: 'catastrophic' } })] } });
    const strict = await analyzeCrash({ ...h.deps, report: sampleReport() });
    server.assertDone();
    expect(strict).toMatchObject({ kind: 'gave-up', reason: 'no-fix' });
    if (strict.kind === 'gave-up') expect(strict.message).toMatch(/root_cause\.severity/);
  });

  it('gives up with no-fix after maxCorrections refused submissions', async () => {
    const h = await engineHarness(server, { settings: { maxCorrections: 1 } });
    const refused = { reply: { content: [toolUse('submit_fix', handlerFix({ ambiguous: true }))] } };
    server.script(refused, refused);
    const outcome = await analyzeCrash({ ...h.deps, report: sampleReport() });
    server.assertDone();
    expect(outcome).toMatchObject({ kind: 'gave-up', reason: 'no-fix' });
    if (outcome.kind === 'gave-up') expect(outcome.message).toMatch(/^submit_fix was refused 2 times; last: .*occurs 2 times/);
  });

  it('survives a 529 overloaded answer through the SDK retry', async () => {
    const h = await engineHarness(server, { maxRetries: 2 });
    server.script(overloaded(), { reply: { content: [toolUse('submit_fix', handlerFix())] } });
    const outcome = await analyzeCrash({ ...h.deps, report: sampleReport() });
    server.assertDone();
    expect(outcome.kind).toBe('fix');
    expect(server.requests).toHaveLength(2);
    expect(server.requests[1]?.headers['x-stainless-retry-count']).toBe('1');
    expect(outcome.usage.turns).toBe(1);
  });

  it('stops with max-turns after maxTurns requests', async () => {
    const h = await engineHarness(server, { settings: { maxTurns: 2 } });
    const explore = { reply: { content: [toolUse('list_files', { path: 'src' })] } };
    server.script(explore, explore);
    const outcome = await analyzeCrash({ ...h.deps, report: sampleReport() });
    server.assertDone();
    expect(outcome).toMatchObject({ kind: 'gave-up', reason: 'max-turns', usage: { turns: 2 } });
    expect(outcome.transcript.at(-1)).toMatchObject({ type: 'stop', outcome: 'max-turns' });
  });

  it('stops cleanly with budget before a request that would exceed the token budget', async () => {
    const h = await engineHarness(server, { settings: { tokenBudget: 9_000 } });
    server.script({ reply: { content: [toolUse('git_log', { path: HANDLER_FILE })], usage: { input_tokens: 6_000, output_tokens: 200 } } });
    const outcome = await analyzeCrash({ ...h.deps, report: sampleReport() });
    server.assertDone();
    expect(outcome).toMatchObject({ kind: 'gave-up', reason: 'budget', usage: { turns: 1, inputTokens: 6_000 } });
    // The tool result is kept, so the conversation stays valid to resume.
    expect(outcome.conversation.messages.at(-1)?.role).toBe('user');
  });

  it('refuses even the first request when the prompt alone exceeds the budget', async () => {
    const h = await engineHarness(server, { settings: { tokenBudget: 100 } });
    const outcome = await analyzeCrash({ ...h.deps, report: sampleReport() });
    expect(outcome).toMatchObject({ kind: 'gave-up', reason: 'budget', usage: { turns: 0 } });
    expect(server.requests).toHaveLength(0);
  });

  it('nudges once when the model answers in prose, then gives up on a second prose answer', async () => {
    const h = await engineHarness(server);
    server.script(
      { reply: { content: [text('The bug is a null dereference; add a check.')] } },
      {
        check: (req) => {
          const last = req.body.messages.at(-1);
          expect(JSON.stringify(last?.content)).toContain('Call submit_fix now');
        },
        reply: { content: [text('As I said, add a null check.')] },
      },
    );
    const outcome = await analyzeCrash({ ...h.deps, report: sampleReport() });
    server.assertDone();
    expect(outcome).toMatchObject({ kind: 'gave-up', reason: 'no-fix' });
  });

  it('redacts secret-looking crash strings and never lets the API key into a request or the transcript', async () => {
    const files = new Map([[HANDLER_FILE, `// deploy key: ${TEST_API_KEY}\nint main() {}`]]);
    const h = await engineHarness(server, { files });
    server.script(
      { reply: { content: [toolUse('read_file', { path: HANDLER_FILE })] } },
      { reply: { content: [toolUse('submit_fix', { ...handlerFix(), fix: { ...handlerFix().fix, edits: [{ path: HANDLER_FILE, old_text: 'int main() {}', new_text: `int main() { /* ${TEST_API_KEY} */ }` }] } })] } },
    );
    const report = sampleReport({
      process: { name: 'server', pid: 1, commandLine: `./server --auth-token=ghp_FAKE0123456789abcdefghijklmnopqrstuv --api-key ${TEST_API_KEY} --session 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08` },
      exception: { code: 'SIGSEGV', name: 'Segmentation fault', address: '0x8', description: 'connect(password=hunter2-secret) failed' },
    });
    const outcome = await analyzeCrash({ ...h.deps, report });
    server.assertDone();
    expect(outcome.kind).toBe('fix');

    const sent = server.requests.map((r) => r.rawBody).join('\n');
    for (const secret of ['ghp_FAKE0123456789', TEST_API_KEY, 'hunter2-secret', '9f86d081884c7d659a2feaa0c55ad015']) expect(sent).not.toContain(secret);
    expect(sent).toContain('--auth-token=***');
    expect(sent).toContain('password=***');
    expect(sent).toContain('// deploy key: ***');
    // The key travels only in its header.
    expect(server.requests.every((r) => presentedKey(r.headers) === TEST_API_KEY)).toBe(true);
    const transcript = JSON.stringify(outcome.transcript);
    expect(transcript).not.toContain(TEST_API_KEY);
    expect(transcript).not.toContain('TESTKEY0123456789');
    expect(transcript).toContain('/* *** */');
  });
});
