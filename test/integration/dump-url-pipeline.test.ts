import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import yazl from 'yazl';
import { createAdapters } from '../../src/composition/create-adapters.js';
import { runPipeline } from '../../src/composition/run-pipeline.js';
import { MemoryLogger } from '../../src/pipeline/logger.js';
import { buildSettings } from '../../src/settings/build-settings.js';
import { captureEnvironment } from '../../src/settings/environment.js';
import { buildFixture, expectedCrashSite, produceCore, type BuiltFixture } from '../fixtures/crash-fixture.js';
import { ANALYZE_SOURCE, inputs, runAction } from '../fixtures/run-action.js';
import { sha256, startDumpServer, type DumpServer } from '../fakes/dump-server.js';
import { LocalCrashDatabase } from '../../src/adapters/crash-db/local-crash-database.js';

/**
 * `dump-url` end to end: a crash reporter's zip (the core and the program that
 * wrote it) on a loopback HTTPS server, fetched, unpacked, its executable found
 * by build id, analysed by real gdb; then the same through the action, from a
 * repository_dispatch event.
 */
const HEADER = { name: 'Authorization', value: 'Bearer dump-share-token-1234' };
let fixture: BuiltFixture;
let server: DumpServer;
let work: string;
let zip: Buffer;
let core: Buffer;

async function zipOf(files: Record<string, Buffer>): Promise<Buffer> {
  const z = new yazl.ZipFile();
  for (const [name, data] of Object.entries(files)) z.addBuffer(data, name);
  z.end();
  const chunks: Buffer[] = [];
  for await (const c of z.outputStream as AsyncIterable<Buffer>) chunks.push(c);
  return Buffer.concat(chunks);
}

beforeAll(async () => {
  fixture = await buildFixture();
  work = await mkdtemp(path.join(os.tmpdir(), 'dump-url-'));
  core = await readFile(await produceCore(fixture.executable, 'null-write', { workDir: work }));
  zip = await zipOf({ 'core.worldserver.4242': core, 'bin/worldserver': await readFile(fixture.executable), 'README.txt': Buffer.from('crash report') });
  server = await startDumpServer({ tls: true, body: Buffer.alloc(0), authHeader: HEADER, files: { '/reports/crash-4242.zip': zip, '/cores/core.4242': core } });
});
afterAll(async () => {
  await server.close();
  await rm(work, { recursive: true, force: true });
});

async function analyze(values: Record<string, unknown>, log = new MemoryLogger()) {
  const settings = await buildSettings({ origin: 'cli', command: 'analyze', values: { 'source-root': fixture.sourceDir, 'state-dir': path.join(work, 'state'), ...values }, environment: captureEnvironment({ ...process.env, DUMP_URL_HEADER: `${HEADER.name}: ${HEADER.value}` }), readTextFile: async () => null });
  return { result: await runPipeline(settings, createAdapters(settings, (t) => t), log), log };
}

describe('dump-url through the pipeline', () => {
  it('fetches a zip of the core and its program, finds the program by build id and blames the marked line', async () => {
    const { result, log } = await analyze({ 'dump-url': server.url('/reports/crash-4242.zip') });
    const state = result.record.state;
    expect(state.status).toBe('ANALYSIS_PENDING');
    if (state.status !== 'ANALYSIS_PENDING') return;
    const site = expectedCrashSite(fixture.sourceDir, 'null-write');
    expect(state.report.culprit).toMatchObject({ file: site.file, line: site.line });
    expect(state.dump.path).toBe(path.join(work, 'state', 'downloads', sha256(zip), 'crash-4242.zip.d', 'core.worldserver.4242'));
    expect(state.dump.executable).toBe(path.join(work, 'state', 'downloads', sha256(zip), 'crash-4242.zip.d', 'bin', 'worldserver'));
    expect(log.groups[0]).toBe('Fetch the dump');
    expect(log.lines.join('\n')).toMatch(/The archive holds the dump's own executable/);
    expect(server.requests.filter((r) => r.path === '/reports/crash-4242.zip').every((r) => r.headers.authorization === HEADER.value)).toBe(true);
    // The archive itself is gone once unpacked; nothing is left half-written.
    expect((await readdir(path.join(work, 'state', 'downloads'))).filter((n) => n.startsWith('.incoming'))).toEqual([]);
    expect(log.lines.join('\n')).not.toContain(HEADER.value);
  });

  it('does not fetch a dump it already has when dump-sha256 names it', async () => {
    const before = server.hits.get('/reports/crash-4242.zip') ?? 0;
    const { result, log } = await analyze({ 'dump-url': server.url('/reports/crash-4242.zip'), 'dump-sha256': sha256(zip).toUpperCase() });
    expect(result.record.state.status).toBe('ANALYSIS_PENDING');
    expect(server.hits.get('/reports/crash-4242.zip')).toBe(before);
    expect(log.lines.join('\n')).toMatch(/already fetched \(sha256 [0-9a-f]{64}\), not downloaded again/);
  });

  it('fails in one line, before any job, on a wrong sha256', async () => {
    await expect(analyze({ 'dump-url': server.url('/cores/core.4242'), 'dump-sha256': 'b'.repeat(64), executable: fixture.executable })).rejects.toThrow(/^https:\/\/127\.0\.0\.1:\d+\/cores\/core\.4242 has sha256 [0-9a-f]{64}, not the b{64} that 'dump-sha256' expects/);
  });

  it('takes the dump a repository_dispatch of type crash-dump announces, in the action', async () => {
    const event = path.join(work, 'event.json');
    await writeFile(event, JSON.stringify({ action: 'crash-dump', client_payload: { dump_url: server.url('/cores/core.4242'), sha256: sha256(core), server: 'realm-eu-1' } }));
    const run = await runAction(
      {
        ...inputs({ executable: fixture.executable, 'source-root': fixture.sourceDir, 'state-dir': path.join(work, 'action-state'), 'dump-url-header': `${HEADER.name}: ${HEADER.value}`, 'github-token': '' }),
        GITHUB_EVENT_NAME: 'repository_dispatch',
        GITHUB_EVENT_PATH: event,
        NODE_EXTRA_CA_CERTS: process.env.NODE_EXTRA_CA_CERTS ?? '',
      },
      { entry: ANALYZE_SOURCE },
    );
    expect(run.outputs.status).toBe('ANALYSIS_PENDING');
    expect(run.outputs.culprit).toBe(`${expectedCrashSite(fixture.sourceDir, 'null-write').file}:${expectedCrashSite(fixture.sourceDir, 'null-write').line}`);
    expect(run.stdout).toContain('crash-dump event from realm-eu-1');
    // The crash database counts the occurrence for that server, with the dump's build id.
    const record = (await (await LocalCrashDatabase.create(path.join(work, 'action-state', 'crash-db.json'))).list())[0];
    expect(Object.keys(record?.occurrences.byServer ?? {})).toEqual(['realm-eu-1']);
    expect(Object.keys(record?.occurrences.byBuild ?? {})).toEqual([expect.stringMatching(/^[0-9a-f]{40}$/)]);
    expect(run.stdout).toContain('::add-mask::');
    expect(run.stdout.replace(/::add-mask::.*/g, '')).not.toContain(HEADER.value);
  });
});
