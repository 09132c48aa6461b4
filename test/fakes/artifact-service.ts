/**
 * A stand-in for GitHub's artifact service on 127.0.0.1, spoken to by the real
 * @actions/artifact client through ACTIONS_RESULTS_URL and ACTIONS_RUNTIME_TOKEN.
 * It serves the Twirp JSON calls the client makes
 * (POST /twirp/github.actions.results.api.v1.ArtifactService/<Method>) and the
 * blob storage URLs CreateArtifact (upload) and GetSignedArtifactURL (download) sign. Requests are checked like the service
 * checks them (bearer token, backend ids from the token's `scp` claim, field
 * names and types, unique names per run, finalized size and sha256); anything
 * wrong is answered with an error and recorded in `failures`.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import { handleBlobRequest, type BlobEntry } from './artifact-service-blob.js';
import type { ArtifactLookup } from './github-api-server-artifacts.js';

const TWIRP_PREFIX = '/twirp/github.actions.results.api.v1.ArtifactService/';

const Ids = { workflow_run_backend_id: z.string().min(1), workflow_job_run_backend_id: z.string().min(1) };
const Schemas = {
  CreateArtifact: z.strictObject({ ...Ids, name: z.string().min(1), version: z.literal(7), mime_type: z.string().optional(), expires_at: z.iso.datetime().optional() }),
  FinalizeArtifact: z.strictObject({ ...Ids, name: z.string().min(1), size: z.string().regex(/^\d+$/), hash: z.string().regex(/^sha256:[0-9a-f]{64}$/).optional() }),
  ListArtifacts: z.strictObject({ ...Ids, name_filter: z.string().optional(), id_filter: z.string().optional() }),
  DeleteArtifact: z.strictObject({ ...Ids, name: z.string().min(1) }),
  GetSignedArtifactURL: z.strictObject({ ...Ids, name: z.string().min(1) }),
};
type Method = keyof typeof Schemas;

export interface StoredArtifact {
  id: number;
  name: string;
  runId: string;
  /** The run's id in the REST API. */
  restRunId: number;
  jobId: string;
  mimeType: string | null;
  expiresAt: string | null;
  blob: BlobEntry;
  /** Set by FinalizeArtifact. */
  size: number | null;
  digest: string | null;
  createdAt: string;
}

export interface TwirpCall {
  method: string;
  body: unknown;
}

export interface ScriptedFailure {
  status: number;
  code: string;
  msg: string;
  /** How many calls fail; Infinity for all. */
  times: number;
}

/** A JWT-shaped token: the client only decodes it, reading `scp` for the backend ids. */
export function runtimeToken(runId: string, jobId: string): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  const claims = { scp: `Actions.ExampleScope Actions.Results:${runId}:${jobId}`, iss: 'vstoken.actions.githubusercontent.com', aud: 'vso:stand-in', nbf: now - 60, exp: now + 3600 };
  return `${part({ typ: 'JWT', alg: 'RS256', x5t: 'stand-in' })}.${part(claims)}.${randomBytes(32).toString('base64url')}`;
}

export class ArtifactService {
  readonly calls: TwirpCall[] = [];
  readonly blobRequests: string[] = [];
  readonly failures: string[] = [];
  readonly artifacts: StoredArtifact[] = [];
  runId = 'ce7f54c7-61c7-4aae-887f-30da475f5f1a';
  /** The job whose runtime token is accepted; startNextJob moves on to another job of the run. */
  jobId = 'ca395085-040a-526b-2ce8-bdc85f692774';
  token = runtimeToken(this.runId, this.jobId);
  private readonly scripted = new Map<string, ScriptedFailure>();
  private nextId = 1000;

  private constructor(private readonly server: http.Server) {}

  static async start(): Promise<ArtifactService> {
    const server = http.createServer();
    const fake = new ArtifactService(server);
    server.on('request', (req, res) => void fake.handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return fake;
  }

  get baseURL(): string {
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}`;
  }

  /** The variables a GitHub-hosted runner gives a step, pointed at this stand-in. */
  environment(workspace: string): Record<string, string> {
    return { ACTIONS_RESULTS_URL: `${this.baseURL}/`, ACTIONS_RUNTIME_TOKEN: this.token, GITHUB_WORKSPACE: workspace, GITHUB_SERVER_URL: 'https://github.com' };
  }

  /** The run's id in the REST API (GITHUB_RUN_ID), which another run's jobs name it by. */
  restRunId = 7130486152;

  /** The REST API's view of this run's artifacts, for GitHubApiServer's `artifacts` option. */
  get restView(): ArtifactLookup {
    return {
      runArtifacts: (runId) =>
        this.artifacts.filter((a) => a.size !== null && a.restRunId === runId).map((a) => ({ id: a.id, name: a.name, size: a.size ?? 0, digest: a.digest, createdAt: a.createdAt })),
      repoArtifacts: () =>
        this.artifacts
          .filter((a) => a.size !== null)
          .map((a) => ({ id: a.id, name: a.name, size: a.size ?? 0, digest: a.digest, createdAt: a.createdAt, runId: a.restRunId }))
          .reverse(),
      signedDownloadUrl: (id) => {
        const artifact = this.artifacts.find((a) => a.id === id && a.size !== null);
        return artifact ? this.signedReadUrl(artifact) : null;
      },
    };
  }

  /** A later job of the same workflow run, as on another runner: a new job backend id and runtime token. */
  startNextJob(): void {
    this.jobId = randomUUID();
    this.token = runtimeToken(this.runId, this.jobId);
  }

  /** A later workflow run (a scheduled one, say): new run ids and runtime token; earlier runs' artifacts stay. */
  startNextRun(): void {
    this.runId = randomUUID();
    this.restRunId++;
    this.startNextJob();
  }

  /** Makes the next `times` calls of a Twirp method fail with a Twirp error. */
  fail(method: Method, failure: Partial<ScriptedFailure> & { status: number }): void {
    this.scripted.set(method, { code: 'internal', msg: 'stand-in failure', times: 1, ...failure });
  }

  callsTo(method: Method): TwirpCall[] {
    return this.calls.filter((call) => call.method === method);
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve, reject) => this.server.close((e) => (e ? reject(e) : resolve())));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const url = new URL(req.url ?? '/', this.baseURL);
    if (url.pathname.startsWith('/blob/')) {
      this.blobRequests.push(`${req.method ?? ''} ${url.searchParams.get('comp') ?? 'blob'}`);
      const entry = this.artifacts.find((a) => blobPath(a) === url.pathname)?.blob ?? null;
      const complaint = handleBlobRequest(req, res, url, body, entry);
      if (complaint) this.failures.push(complaint);
      return;
    }
    if (!url.pathname.startsWith(TWIRP_PREFIX)) return this.twirpError(res, 404, 'bad_route', `no handler for path ${url.pathname}`);
    const method = url.pathname.slice(TWIRP_PREFIX.length);
    let json: unknown;
    try {
      json = JSON.parse(body.toString('utf8'));
    } catch {
      return this.twirpError(res, 400, 'malformed', `${method}: the body is not JSON`);
    }
    this.calls.push({ method, body: json });
    if (req.method !== 'POST') return this.twirpError(res, 404, 'bad_route', `${method} must be POSTed`);
    if (req.headers.authorization !== `Bearer ${this.token}`) return this.twirpError(res, 401, 'unauthenticated', `${method}: missing or wrong bearer token`);
    if (!req.headers['content-type']?.startsWith('application/json')) return this.twirpError(res, 415, 'malformed', `${method}: content-type must be application/json`);
    if (!(method in Schemas)) return this.twirpError(res, 404, 'bad_route', `no method ${method}`);
    const parsed = Schemas[method as Method].safeParse(json);
    if (!parsed.success) return this.twirpError(res, 400, 'invalid_argument', `${method}: ${z.prettifyError(parsed.error).replace(/\n/g, ' ')}`);
    const ids = parsed.data;
    // GetSignedArtifactURL names the artifact by the ids ListArtifacts gave: those of the job that uploaded it.
    const jobOk = method === 'GetSignedArtifactURL' || ids.workflow_job_run_backend_id === this.jobId;
    if (ids.workflow_run_backend_id !== this.runId || !jobOk) {
      return this.twirpError(res, 403, 'permission_denied', `${method}: backend ids do not match the runtime token`);
    }
    const failure = this.scripted.get(method);
    if (failure && failure.times > 0) {
      failure.times -= 1;
      res.writeHead(failure.status, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ code: failure.code, msg: failure.msg }));
      return;
    }
    const answer = this.answer(method as Method, parsed.data);
    if ('error' in answer) return this.twirpError(res, answer.error.status, answer.error.code, answer.error.msg);
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(answer.body));
  }

  private answer(method: Method, body: Record<string, unknown>): { body: object } | { error: { status: number; code: string; msg: string } } {
    const name = typeof body['name'] === 'string' ? body['name'] : '';
    const existing = this.artifacts.find((a) => a.runId === this.runId && a.name === name);
    switch (method) {
      case 'CreateArtifact': {
        if (existing) return { error: { status: 409, code: 'already_exists', msg: 'an artifact with this name already exists on the workflow run' } };
        const id = this.nextId++;
        const artifact: StoredArtifact = {
          id, name, runId: this.runId, restRunId: this.restRunId, jobId: this.jobId, size: null, digest: null, createdAt: new Date().toISOString(),
          mimeType: typeof body['mime_type'] === 'string' ? body['mime_type'] : null,
          expiresAt: typeof body['expires_at'] === 'string' ? body['expires_at'] : null,
          blob: { blocks: new Map(), committed: null, contentType: null, sig: randomBytes(24).toString('base64url'), readSig: null },
        };
        this.artifacts.push(artifact);
        const expiry = new Date(Date.now() + 3_600_000).toISOString();
        const signed = `${this.baseURL}${blobPath(artifact)}?sv=2025-05-05&spr=http&se=${encodeURIComponent(expiry)}&sr=b&sp=cw&sig=${artifact.blob.sig}`;
        return { body: { ok: true, signed_upload_url: signed } };
      }
      case 'FinalizeArtifact': {
        if (!existing || existing.size !== null) return { error: { status: 404, code: 'not_found', msg: 'no pending artifact with this name' } };
        const bytes = existing.blob.committed;
        if (!bytes) return { error: { status: 400, code: 'failed_precondition', msg: 'the artifact blob was never committed' } };
        const digest = `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
        if (body['size'] !== String(bytes.length)) return this.mismatch(`size ${String(body['size'])} does not match the ${bytes.length} bytes stored`);
        if (body['hash'] !== undefined && body['hash'] !== digest) return this.mismatch(`hash ${JSON.stringify(body['hash'])} does not match ${digest}`);
        existing.size = bytes.length;
        existing.digest = digest;
        return { body: { ok: true, artifact_id: String(existing.id) } };
      }
      case 'ListArtifacts': {
        const nameFilter = body['name_filter'];
        const listed = this.artifacts.filter((a) => a.runId === this.runId && a.size !== null && (nameFilter === undefined || a.name === nameFilter));
        return {
          body: {
            artifacts: listed.map((a) => ({
              workflow_run_backend_id: a.runId, workflow_job_run_backend_id: a.jobId, database_id: String(a.id), name: a.name,
              size: String(a.size), created_at: a.createdAt, ...(a.digest ? { digest: a.digest } : {}),
            })),
          },
        };
      }
      case 'GetSignedArtifactURL': {
        const uploaded = this.artifacts.find((a) => a.runId === this.runId && a.jobId === body['workflow_job_run_backend_id'] && a.name === name && a.size !== null);
        if (!uploaded) return { error: { status: 404, code: 'not_found', msg: 'no finalized artifact with this name from this job' } };
        return { body: { signed_url: this.signedReadUrl(uploaded) } };
      }
      case 'DeleteArtifact': {
        if (!existing) return { error: { status: 404, code: 'not_found', msg: 'artifact not found' } };
        this.artifacts.splice(this.artifacts.indexOf(existing), 1);
        return { body: { ok: true, artifact_id: String(existing.id) } };
      }
    }
  }

  private signedReadUrl(artifact: StoredArtifact): string {
    artifact.blob.readSig = randomBytes(24).toString('base64url');
    const expiry = new Date(Date.now() + 3_600_000).toISOString();
    return `${this.baseURL}${blobPath(artifact)}?sv=2025-05-05&spr=http&se=${encodeURIComponent(expiry)}&sr=b&sp=r&sig=${artifact.blob.readSig}`;
  }

  private mismatch(msg: string): { error: { status: number; code: string; msg: string } } {
    this.failures.push(`FinalizeArtifact: ${msg}`);
    return { error: { status: 400, code: 'invalid_argument', msg } };
  }

  private twirpError(res: ServerResponse, status: number, code: string, msg: string): void {
    if (status !== 409) this.failures.push(msg);
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ code, msg }));
  }
}

function blobPath(artifact: StoredArtifact): string {
  return `/blob/actions-results-${artifact.runId}/${artifact.jobId}/${artifact.id}/${encodeURIComponent(artifact.name)}.zip`;
}
