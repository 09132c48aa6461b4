/**
 * The scan action as a scheduled workflow runs it: the share read on one
 * runner, the ledger uploaded as an artifact (the artifact service stand-in)
 * and restored on a fresh runner of a later run through the REST API (the
 * GitHub stand-in, whose requests validate against GitHub's OpenAPI
 * description), so the second scan reads nothing again.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ArtifactService } from '../fakes/artifact-service.js';
import { GitHubApiServer } from '../fakes/github-api-server.js';
import { makeTempDir } from '../fixtures/git-repo.js';
import { inputs, runAction } from '../fixtures/run-action.js';
import { SYNTHETIC_MODULE, cpuContext, syntheticMinidump } from '../fixtures/synthetic-minidump.js';

const SCAN_SOURCE = path.resolve('src/entrypoints/scan.ts');
const TOKEN = 'ghs_SCANLEDGER0123456789abcdefghijklm';

let service: ArtifactService;
let github: GitHubApiServer;
beforeEach(async () => {
  service = await ArtifactService.start();
  github = await GitHubApiServer.start({ token: TOKEN, owner: 'acme', repo: 'server', artifacts: service.restView });
});
afterEach(async () => {
  await service.close();
  await github.close();
});

/** A minidump of crashy.exe faulting at `offset`; `salt` makes another dump of the same crash (another pid, time). */
function dump(offset: number, salt: number): Uint8Array {
  const pc = SYNTHETIC_MODULE.base + BigInt(offset);
  const context = cpuContext(1232, [[48, 4, 0x10001fn], [248, 8, pc], [152, 8, BigInt(salt)]]);
  return syntheticMinidump({ system: { arch: 9, platform: 2 }, code: 0xc0000005, address: pc, parameters: [0n, 0n], context });
}

async function share(): Promise<string> {
  const dir = await makeTempDir('scan-share-');
  await mkdir(path.join(dir, 'realm-eu'));
  await writeFile(path.join(dir, 'realm-eu', 'a1.dmp'), dump(0x1234, 1));
  await writeFile(path.join(dir, 'realm-eu', 'a2.dmp'), dump(0x1234, 2));
  await writeFile(path.join(dir, 'b1.dmp'), dump(0x5678, 3));
  await writeFile(path.join(dir, 'notes.dmp'), 'not a dump');
  return dir;
}

async function scan(dumpDir: string, extra: Record<string, string> = {}) {
  return runAction(
    {
      ...inputs({ 'dump-dir': dumpDir, 'state-dir': await makeTempDir('scan-state-'), 'settle-time': '0', 'github-token': TOKEN }),
      ...service.environment(await makeTempDir('scan-workspace-')),
      GITHUB_REPOSITORY: 'acme/server',
      GITHUB_API_URL: github.baseUrl,
      GITHUB_RUN_ID: String(service.restRunId),
      ...extra,
    },
    { entry: SCAN_SOURCE },
  );
}

describe('the scan action', () => {
  it('buckets a share, uploads its ledger, and a later run on a fresh runner restores it and lists nothing new', async () => {
    const dir = await share();
    const first = await scan(dir);
    expect(first.code, first.stdout).toBe(0);
    const newBuckets = JSON.parse(first.outputs['new-buckets'] ?? '') as Array<{ signature: string; dump: string; sha256: string; count: number; scope: string }>;
    expect(newBuckets).toHaveLength(2);
    expect(newBuckets[0]).toMatchObject({ count: 2, scope: 'build', dump: expect.stringMatching(/realm-eu\/a[12]\.dmp$/) as string });
    expect(newBuckets[1]?.dump).toBe(path.join(dir, 'b1.dmp'));
    expect(first.outputs).toMatchObject({ 'new-bucket-count': '2', 'dumps-found': '4', 'dumps-new': '3', 'dumps-unreadable': '1' });
    expect(first.stdout).toMatch(/::warning::notes\.dmp: .*notes\.dmp is a text file, not a dump.*; skipped \(the file is left as it is\)/);
    expect(first.summary).toContain('| Bucket | | Dumps | This scan | Exception | Culprit | Build |');
    expect(first.stdout).toContain("No 'crash-autofix-scan-ledger' artifact yet");
    expect(service.artifacts.map((a) => a.name)).toEqual(['crash-autofix-scan-ledger']);
    const buckets = JSON.parse(await readFile(first.outputs['buckets-file'] ?? '', 'utf8')) as unknown[];
    expect(buckets).toHaveLength(2);

    // A later scheduled run, on a runner with an empty state folder; one new dump of a known bug arrived.
    await writeFile(path.join(dir, 'a3.dmp'), dump(0x1234, 4));
    service.startNextRun();
    const second = await scan(dir);
    expect(second.code, second.stdout).toBe(0);
    expect(second.stdout).toMatch(/Ledger restored from workflow run \d+ of acme\/server: 4 dump\(s\), 2 bucket\(s\)/);
    expect(second.outputs).toMatchObject({ 'new-buckets': '[]', 'new-bucket-count': '0', 'dumps-new': '1' });
    const met = JSON.parse(second.outputs.buckets ?? '') as Array<{ new: boolean; count: number; seen: number }>;
    expect(met).toEqual([expect.objectContaining({ new: false, count: 3, seen: 1 })]);
    expect(github.requests.filter((r) => r.operationId === 'actions/list-artifacts-for-repo')).toHaveLength(2);
    // Each run keeps its own ledger artifact; the next scan takes the newest.
    expect(service.artifacts.map((a) => [a.name, a.restRunId])).toEqual([
      ['crash-autofix-scan-ledger', service.restRunId - 1],
      ['crash-autofix-scan-ledger', service.restRunId],
    ]);
    expect(github.failures).toEqual([]);
  }, 120_000);

  it('stops with one line when the token may not read the artifacts, instead of reading the share again', async () => {
    github.failNext('actions/list-artifacts-for-repo', { status: 403, body: { message: 'Resource not accessible by integration' } });
    const run = await scan(await share());
    expect(run.code).not.toBe(0);
    expect(run.stdout).toMatch(/::error::.*Cannot list the artifacts of acme\/server: GitHub answered HTTP 403; give the job 'permissions: actions: read'/);
    expect(service.artifacts).toEqual([]);
  }, 60_000);

  it('without a dump-dir, says what to give', async () => {
    const run = await runAction({ ...inputs({ 'state-dir': await makeTempDir('scan-state-') }) }, { entry: SCAN_SOURCE });
    expect(run.code).not.toBe(0);
    expect(run.stdout).toMatch(/::error::.*Input 'dump-dir' is required: give the dump share to scan/);
  }, 60_000);
});
