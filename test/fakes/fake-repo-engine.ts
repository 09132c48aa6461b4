/** Wires the engine to the fake repository ports and the Messages API stand-in, through the real SDK. */
import { Redactor } from '../../src/base/redact.js';
import { AnthropicModelClient } from '../../src/adapters/anthropic/anthropic-model-client.js';
import type { EngineDeps, EngineSettings } from '../../src/analysis/engine-types.js';
import { DEFAULT_MODEL } from '../../src/analysis/model-usage.js';
import type { FixProposal } from '../../src/domain/fix-proposal.js';
import { FakeHistory, FakeRepo, FakeValidator } from './fake-repo.js';
import { HANDLER_FILE, fakeRepoFiles } from './fake-repo-crash-report.js';
import type { MessagesApiServer } from './messages-api-server.js';

/** Shaped like a real key so that both the registered secret and the token pattern would catch it. */
export const TEST_API_KEY = 'sk-ant-api03-TESTKEY0123456789abcdefghijklmnopqrstuvwxyzABCDEFG';

export const TEST_SETTINGS: EngineSettings = { model: DEFAULT_MODEL, maxTurns: 10, maxOutputTokens: 4096, tokenBudget: 200_000, maxCorrections: 2 };

export interface EngineHarness {
  deps: EngineDeps;
  repo: FakeRepo;
  history: FakeHistory;
  validator: FakeValidator;
  files: Map<string, string>;
}

export async function engineHarness(
  server: MessagesApiServer,
  options: { settings?: Partial<EngineSettings>; guidance?: string | null; maxRetries?: number; files?: Map<string, string> } = {},
): Promise<EngineHarness> {
  const files = options.files ?? fakeRepoFiles();
  const repo = new FakeRepo(files);
  const history = new FakeHistory({
    [HANDLER_FILE]: [{ hash: 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678', date: '2024-12-30', author: 'Dev One', subject: 'Cache sessions by request id' }],
  });
  const validator = new FakeValidator(files);
  const redactor = new Redactor();
  redactor.add(TEST_API_KEY);
  const client = await AnthropicModelClient.create({ apiKey: TEST_API_KEY, baseURL: server.baseURL, timeoutMs: 10_000, maxRetries: options.maxRetries ?? 2 });
  const deps: EngineDeps = {
    repo,
    history,
    validator,
    guidance: options.guidance ?? null,
    client,
    settings: { ...TEST_SETTINGS, ...options.settings },
    redact: (text) => redactor.redact(text),
  };
  return { deps, repo, history, validator, files };
}

/** A fix for the duplicated null dereference in the fake handler; `old_text` is unique unless `ambiguous`. */
export function handlerFix(options: { ambiguous?: boolean; confidence?: number } = {}): FixProposal {
  const oldText = options.ambiguous
    ? '  return s->user_count;'
    : 'int Handler::process(const Request* req) {\n  const Session* s = sessions_.find(req->id);\n  return s->user_count;';
  const newText = options.ambiguous
    ? '  return s ? s->user_count : 0;'
    : 'int Handler::process(const Request* req) {\n  const Session* s = sessions_.find(req->id);\n  if (s == nullptr) return 0;\n  return s->user_count;';
  return {
    root_cause: {
      summary: 'Handler::process dereferences the session without checking that the lookup found one.',
      technical_details: 'sessions_.find returns nullptr for an unknown request id; reading user_count at offset 8 faults at 0x8.',
      category: 'null-pointer',
      severity: 'high',
      confidence: options.confidence ?? 0.85,
    },
    fix: {
      strategy: 'Return 0 when the session is unknown.',
      edits: [{ path: HANDLER_FILE, old_text: oldText, new_text: newText }],
      risk: 'Callers now see 0 users for unknown sessions.',
      test_plan: 'Add a test calling process with an unknown request id.',
    },
  };
}
