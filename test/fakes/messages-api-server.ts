/**
 * A stand-in for the Anthropic Messages API on 127.0.0.1 that the real SDK
 * talks to through `baseURL`. Each test scripts the responses in order; every
 * request is recorded, checked like the real API checks it (key, version
 * header, tool_result pairing, cache breakpoints) and may be asserted on.
 */
import { randomBytes } from 'node:crypto';
import http, { type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { MessageCreateParamsNonStreaming } from '@anthropic-ai/sdk/resources/messages/messages';

export interface RecordedRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  rawBody: string;
  body: MessageCreateParamsNonStreaming;
}

export type ReplyBlock = { type: 'text'; text: string } | { type: 'tool_use'; id: string; name: string; input: unknown };

export interface ReplyUsage {
  input_tokens: number;
  output_tokens: number;
  cache_creation_input_tokens: number;
  cache_read_input_tokens: number;
}

export type ScriptStep = (
  | { reply: { content: ReplyBlock[]; stop_reason?: string; usage?: Partial<ReplyUsage> } }
  | { error: { status: number; type: string; message: string; headers?: Record<string, string> } }
) & {
  /** Runs against the request before answering; a throw fails the test (see assertDone). */
  check?: (request: RecordedRequest) => void;
  /** Waits this long before answering, to provoke client timeouts. */
  delayMs?: number;
};

export function text(value: string): ReplyBlock {
  return { type: 'text', text: value };
}

export function toolUse(name: string, input: unknown, id = `toolu_01${randomId(22)}`): ReplyBlock {
  return { type: 'tool_use', id, name, input };
}

/** The API's overload answer; `retry-after-ms` keeps the SDK's backoff short in tests. */
export function overloaded(): ScriptStep {
  return { error: { status: 529, type: 'overloaded_error', message: 'Overloaded', headers: { 'retry-after-ms': '5' } } };
}

export const DEFAULT_USAGE: ReplyUsage = { input_tokens: 1200, output_tokens: 150, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 };

export class MessagesApiServer {
  readonly requests: RecordedRequest[] = [];
  readonly failures: string[] = [];
  private readonly steps: ScriptStep[] = [];
  private served = 0;

  private constructor(
    private readonly server: http.Server,
    private readonly apiKey: string,
  ) {}

  /** `apiKey`: the only key accepted; any other gets the API's 401. */
  static async start(options: { apiKey: string }): Promise<MessagesApiServer> {
    const server = http.createServer();
    const fake = new MessagesApiServer(server, options.apiKey);
    server.on('request', (req, res) => void fake.handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return fake;
  }

  get baseURL(): string {
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}`;
  }

  script(...steps: ScriptStep[]): this {
    this.steps.push(...steps);
    return this;
  }

  /** The parsed bodies of the requests that reached /v1/messages. */
  bodies(): MessageCreateParamsNonStreaming[] {
    return this.requests.map((r) => r.body);
  }

  /** Throws when a check failed, a request was unscripted, or scripted steps were left over. */
  assertDone(): void {
    if (this.failures.length) throw new Error(`Messages API stand-in: ${this.failures.join(' | ')}`);
    if (this.served !== this.steps.length) throw new Error(`Messages API stand-in: ${this.steps.length - this.served} scripted responses were never requested`);
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve, reject) => this.server.close((error) => (error ? reject(error) : resolve())));
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const rawBody = Buffer.concat(chunks).toString('utf8');
    if (req.method !== 'POST' || req.url?.split('?')[0] !== '/v1/messages') {
      return sendError(res, 404, 'not_found_error', `${req.method ?? '?'} ${req.url ?? '?'} is not served here`);
    }
    let body: MessageCreateParamsNonStreaming;
    try {
      body = JSON.parse(rawBody) as MessageCreateParamsNonStreaming;
    } catch {
      return sendError(res, 400, 'invalid_request_error', 'Request body is not valid JSON');
    }
    const request: RecordedRequest = { method: req.method, url: req.url, headers: req.headers, rawBody, body };
    this.requests.push(request);

    if (presentedKey(req.headers) !== this.apiKey) return sendError(res, 401, 'authentication_error', 'invalid x-api-key');
    const invalid = validateLikeTheApi(req.headers, body);
    if (invalid) {
      this.failures.push(`request ${this.requests.length}: ${invalid}`);
      return sendError(res, 400, 'invalid_request_error', invalid);
    }
    const step = this.steps[this.served];
    if (!step) {
      this.failures.push(`request ${this.requests.length} arrived but only ${this.steps.length} responses were scripted`);
      return sendError(res, 500, 'api_error', 'Unscripted request', { 'x-should-retry': 'false' });
    }
    this.served++;
    try {
      step.check?.(request);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.failures.push(`check of response ${this.served} failed: ${message}`);
      return sendError(res, 400, 'invalid_request_error', `check failed: ${message}`, { 'x-should-retry': 'false' });
    }
    if (step.delayMs) await new Promise((resolve) => setTimeout(resolve, step.delayMs));
    if (res.destroyed) return;
    if ('error' in step) return sendError(res, step.error.status, step.error.type, step.error.message, step.error.headers);
    const usage = { ...DEFAULT_USAGE, ...step.reply.usage };
    const hasTool = step.reply.content.some((b) => b.type === 'tool_use');
    const message = {
      id: `msg_01${randomId(22)}`,
      type: 'message',
      role: 'assistant',
      model: body.model,
      content: step.reply.content,
      stop_reason: step.reply.stop_reason ?? (hasTool ? 'tool_use' : 'end_turn'),
      stop_sequence: null,
      stop_details: null,
      container: null,
      diagnostics: null,
      usage: {
        ...usage,
        cache_creation: { ephemeral_5m_input_tokens: usage.cache_creation_input_tokens, ephemeral_1h_input_tokens: 0 },
        inference_geo: 'global',
        output_tokens_details: null,
        server_tool_use: null,
        service_tier: 'standard',
        speed: 'standard',
      },
    };
    send(res, 200, message);
  }
}

/** SDK 1.x sends the key as a bearer token; older clients send x-api-key. Both are accepted. */
export function presentedKey(headers: IncomingHttpHeaders): string | undefined {
  const bearer = /^Bearer (.+)$/.exec(headers.authorization ?? '')?.[1];
  const header = headers['x-api-key'];
  return bearer ?? (typeof header === 'string' ? header : undefined);
}

/** The checks the real API makes that a client bug would trip. */
function validateLikeTheApi(headers: IncomingHttpHeaders, body: MessageCreateParamsNonStreaming): string | null {
  if (!headers['anthropic-version']) return 'anthropic-version header is missing';
  if (body.stream) return 'this stand-in serves non-streaming requests only';
  if (typeof body.model !== 'string' || !body.model) return 'model: Field required';
  if (!Number.isInteger(body.max_tokens) || body.max_tokens < 1) return 'max_tokens: must be a positive integer';
  if (!Array.isArray(body.messages) || !body.messages.length) return 'messages: at least one message is required';
  if (body.messages[0]?.role !== 'user') return 'messages: the first message must use the "user" role';
  let breakpoints = 0;
  const count = (blocks: unknown): void => {
    if (Array.isArray(blocks)) for (const b of blocks) if (b && typeof b === 'object' && (b as { cache_control?: unknown }).cache_control) breakpoints++;
  };
  count(body.system);
  count(body.tools);
  for (const [i, message] of body.messages.entries()) {
    if (Array.isArray(message.content) && !message.content.length) return `messages.${i}: all messages must have non-empty content`;
    count(message.content);
    if (message.role !== 'assistant' || !Array.isArray(message.content)) continue;
    const uses = message.content.flatMap((b) => (b.type === 'tool_use' ? [b.id] : []));
    if (!uses.length) continue;
    const next = body.messages[i + 1];
    const answered = new Set(Array.isArray(next?.content) ? next.content.flatMap((b) => (b.type === 'tool_result' ? [b.tool_use_id] : [])) : []);
    if (next && uses.some((id) => !answered.has(id))) {
      return `messages.${i + 1}: tool_use ids were found without tool_result blocks immediately after: ${uses.filter((id) => !answered.has(id)).join(', ')}`;
    }
  }
  if (breakpoints > 4) return `A maximum of 4 blocks with cache_control may be provided. Found ${breakpoints}.`;
  return null;
}

function sendError(res: http.ServerResponse, status: number, type: string, message: string, headers: Record<string, string> = {}): void {
  send(res, status, { type: 'error', error: { type, message }, request_id: `req_01${randomId(22)}` }, headers);
}

function send(res: http.ServerResponse, status: number, payload: unknown, headers: Record<string, string> = {}): void {
  const data = JSON.stringify(payload);
  res.writeHead(status, { 'content-type': 'application/json', 'request-id': `req_01${randomId(22)}`, 'content-length': Buffer.byteLength(data), ...headers });
  res.end(data);
}

function randomId(length: number): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  return [...randomBytes(length)].map((b) => alphabet[b % alphabet.length]).join('');
}
