/**
 * Uploads a job folder through the real @actions/artifact client to the
 * artifact service stand-in on 127.0.0.1. The client reads the Actions runtime
 * from process.env, so each test sets the variables and puts them back; the
 * tests in this file run one after another.
 */
import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ActionsArtifactStore } from '../../src/adapters/artifact/actions-artifact-store.js';
import { artifactNameForJob } from '../../src/adapters/artifact/artifact-store.js';
import { ArtifactUploadError } from '../../src/adapters/artifact/artifact-upload-error.js';
import { CrashAutofixError } from '../../src/base/errors.js';
import { ArtifactService, runtimeToken } from '../fakes/artifact-service.js';
import { readZip } from '../fakes/artifact-service-zip.js';

const JOB_ID = '3f9a1c02b7d4e681';
const JOB_FILES = ['report.json', 'report.md', 'analysis.json', 'analysis.md', 'transcript.json', 'conversation.json', 'fix.diff', 'job.json'];
const SECRET = 'sk-ant-api03-stand-in-secret-value-0123456789';
const RUNTIME_VARIABLES = ['ACTIONS_RESULTS_URL', 'ACTIONS_RUNTIME_TOKEN', 'GITHUB_WORKSPACE', 'GITHUB_SERVER_URL', 'GITHUB_RETENTION_DAYS'];

let service: ArtifactService;
let workspace: string;
let jobDir: string;
let files: string[];
let savedEnv: Map<string, string | undefined>;

function setRuntime(values: Record<string, string>): void {
  for (const key of RUNTIME_VARIABLES) delete process.env[key];
  Object.assign(process.env, values);
}

beforeEach(async () => {
  savedEnv = new Map(RUNTIME_VARIABLES.map((key) => [key, process.env[key]]));
  service = await ArtifactService.start();
  workspace = await mkdtemp(path.join(os.tmpdir(), 'artifact-upload-'));
  jobDir = path.join(workspace, '.crash-autofix', 'jobs', JOB_ID);
  await mkdir(jobDir, { recursive: true });
  files = [];
  for (const name of JOB_FILES) {
    const file = path.join(jobDir, name);
    await writeFile(file, name.endsWith('.json') ? `${JSON.stringify({ file: name, jobId: JOB_ID }, null, 2)}\n` : `# ${name}\n\nSIGSEGV in parse_header (src/parser.c:42)\n`);
    files.push(file);
  }
  setRuntime(service.environment(workspace));
});

afterEach(async () => {
  vi.useRealTimers();
  for (const [key, value] of savedEnv) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  await service.close();
  await rm(workspace, { recursive: true, force: true });
});

async function failureOf(promise: Promise<unknown>): Promise<CrashAutofixError> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(CrashAutofixError);
  return error as CrashAutofixError;
}

describe('ActionsArtifactStore', () => {
  it('uploads the job folder as one zip through CreateArtifact, the blob URL and FinalizeArtifact', async () => {
    const store = ActionsArtifactStore.create({ retentionDays: 7, secrets: [SECRET] });
    const result = await store.upload(artifactNameForJob(JOB_ID), files, jobDir);

    expect(service.failures).toEqual([]);
    const [artifact] = service.artifacts;
    expect(result).toEqual({ id: artifact?.id, size: artifact?.size, name: `crash-autofix-${JOB_ID}`, folder: null });
    expect(result.id).toBe(1000);
    expect(artifact?.name).toBe(`crash-autofix-${JOB_ID}`);
    expect(artifact?.mimeType).toBe('application/zip');
    expect(artifact?.blob.contentType).toBe('application/zip');
    const days = (Date.parse(artifact?.expiresAt ?? '') - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(6.9);
    expect(days).toBeLessThan(7.1);

    const zip = artifact?.blob.committed ?? Buffer.alloc(0);
    expect(result.size).toBe(zip.length);
    const entries = readZip(zip);
    expect(entries.map((e) => e.name).sort()).toEqual([...JOB_FILES].sort());
    const report = entries.find((e) => e.name === 'report.json');
    expect(JSON.parse(report?.data.toString('utf8') ?? '')).toEqual({ file: 'report.json', jobId: JOB_ID });

    expect(service.calls.map((c) => c.method)).toEqual(['CreateArtifact', 'FinalizeArtifact']);
    expect(service.callsTo('FinalizeArtifact')[0]?.body).toMatchObject({ name: `crash-autofix-${JOB_ID}`, size: String(zip.length), hash: artifact?.digest });
    expect(service.blobRequests).toEqual(['PUT block', 'PUT blocklist']);
  });

  it('replaces the artifact of an earlier attempt of the same job in the same workflow run', async () => {
    const store = ActionsArtifactStore.create();
    const name = artifactNameForJob(JOB_ID);
    const first = await store.upload(name, files.slice(0, 2), jobDir);
    const second = await store.upload(name, files, jobDir);

    expect(service.failures).toEqual([]);
    expect(second.id).not.toBe(first.id);
    expect(service.artifacts.map((a) => [a.id, a.name])).toEqual([[second.id, name]]);
    expect(readZip(service.artifacts[0]?.blob.committed ?? Buffer.alloc(0))).toHaveLength(JOB_FILES.length);
    expect(service.calls.map((c) => c.method)).toEqual(['CreateArtifact', 'FinalizeArtifact', 'CreateArtifact', 'ListArtifacts', 'DeleteArtifact', 'CreateArtifact', 'FinalizeArtifact']);
    expect(service.callsTo('ListArtifacts')[0]?.body).toMatchObject({ name_filter: name });
  });

  it('refuses to upload a file that contains a secret, naming the file and sending nothing', async () => {
    const leaky = path.join(jobDir, 'transcript.json');
    await writeFile(leaky, JSON.stringify({ messages: [`the key is ${SECRET}`] }));
    const store = ActionsArtifactStore.create({ secrets: [SECRET] });

    const error = await failureOf(store.upload(artifactNameForJob(JOB_ID), files, jobDir));
    expect(error.kind).toBe('policy');
    expect(error.message).toContain(leaky);
    expect(error.message).not.toContain(SECRET);
    expect(error.message).not.toContain('\n');
    expect(service.calls).toEqual([]);
  });

  it.each(['ACTIONS_RUNTIME_TOKEN', 'ACTIONS_RESULTS_URL'])('says the step must run inside GitHub Actions when %s is missing', async (variable) => {
    delete process.env[variable];
    const error = await failureOf(ActionsArtifactStore.create().upload(artifactNameForJob(JOB_ID), files, jobDir));
    expect(error.kind).toBe('config');
    expect(error.message).toBe(
      `Cannot upload artifact 'crash-autofix-${JOB_ID}': ${variable} is not set; this step must run inside a GitHub Actions job (outside Actions the records stay in the job folder)`,
    );
    expect(service.calls).toEqual([]);
  });

  it('says so when the service refuses the runtime token', async () => {
    process.env['ACTIONS_RUNTIME_TOKEN'] = runtimeToken('another-run', 'another-job');
    const error = await failureOf(ActionsArtifactStore.create().upload(artifactNameForJob(JOB_ID), files, jobDir));
    expect(error.kind).toBe('config');
    expect(error.message).toBe(
      `Cannot upload artifact 'crash-autofix-${JOB_ID}': the artifact service refused the Actions runtime token (Unauthorized: CreateArtifact: missing or wrong bearer token); this step must run inside the GitHub Actions job that owns the token`,
    );
    expect(service.artifacts).toEqual([]);
  });

  it('turns a service that keeps answering 500 into one retryable network error', async () => {
    service.fail('CreateArtifact', { status: 500, msg: 'database unavailable', times: Infinity });
    // The client retries 5 times with 3 s+ backoff and no option to shorten it; fake setTimeout skips the waits.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const outcome = ActionsArtifactStore.create().upload(artifactNameForJob(JOB_ID), files, jobDir).then(() => null, (e: unknown) => e);
    let settled = false;
    void outcome.then(() => (settled = true));
    while (!settled) {
      await new Promise((resolve) => setImmediate(resolve));
      vi.advanceTimersByTime(1_000);
    }
    vi.useRealTimers();

    const error = await outcome;
    expect(error).toBeInstanceOf(ArtifactUploadError);
    const failure = error as ArtifactUploadError;
    expect(failure.kind).toBe('network');
    expect(failure.retryable).toBe(true);
    expect(failure.message).toBe(
      `Cannot upload artifact 'crash-autofix-${JOB_ID}': CreateArtifact failed 5 times (Failed request: (500) Internal Server Error: database unavailable); the artifact service may be down, re-run the job later`,
    );
    expect(service.callsTo('CreateArtifact')).toHaveLength(5);
  });

  it('reports a service that cannot be reached as a retryable network error', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    process.env['ACTIONS_RESULTS_URL'] = `http://127.0.0.1:${port}/`;

    const error = await failureOf(ActionsArtifactStore.create().upload(artifactNameForJob(JOB_ID), files, jobDir));
    expect(error).toBeInstanceOf(ArtifactUploadError);
    expect(error.kind).toBe('network');
    expect((error as ArtifactUploadError).retryable).toBe(true);
    expect(error.message).toContain('could not be reached (ECONNREFUSED)');
  });
});
