/**
 * Restoring a job from the artifact of another workflow run: @actions/artifact
 * with `findBy` lists the run's artifacts and downloads one through the REST
 * API (the GitHub stand-in, which answers 302 with a signed blob URL of the
 * artifact service stand-in). The restore runs in a child process, since
 * @actions/github reads GITHUB_API_URL once, when first loaded.
 */
import { execFile } from 'node:child_process';
import { access, mkdir, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { publishRecordFolder } from '../../src/composition/publish-record-folder.js';
import { ActionsArtifactStore } from '../../src/adapters/artifact/actions-artifact-store.js';
import type { ArtifactRun } from '../../src/adapters/artifact/artifact-source.js';
import type { RestoredJob } from '../../src/composition/restore-job.js';
import { newJobRecord } from '../../src/pipeline/runner.js';
import type { StateOf } from '../../src/domain/job-state.js';
import { ArtifactService } from '../fakes/artifact-service.js';
import { GitHubApiServer } from '../fakes/github-api-server.js';
import { verified } from '../fakes/sample-states.js';
import { makeTempDir } from '../fixtures/git-repo.js';

const JOB = '5e1f00d2c3b4a596';
const GH_TOKEN = 'ghs_CROSSRUN0123456789abcdefghijklmno';
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const CHILD = path.resolve('test/fixtures/restore-job-child.ts');
const RUNTIME_VARIABLES = ['ACTIONS_RESULTS_URL', 'ACTIONS_RUNTIME_TOKEN', 'GITHUB_WORKSPACE', 'GITHUB_SERVER_URL'];

let service: ArtifactService;
let github: GitHubApiServer;
let savedEnv: Map<string, string | undefined>;

beforeEach(async () => {
  savedEnv = new Map(RUNTIME_VARIABLES.map((key) => [key, process.env[key]]));
  service = await ArtifactService.start();
  Object.assign(process.env, service.environment(await makeTempDir('cross-run-workspace-')));
  github = await GitHubApiServer.start({ token: GH_TOKEN, owner: 'acme', repo: 'server', artifacts: service.restView });
});

afterEach(async () => {
  for (const [key, value] of savedEnv) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  await service.close();
  await github.close();
});

/** The earlier run's fix job: a VERIFIED record and its files in `<state>/jobs/<JOB>/`, uploaded as its artifact. */
async function uploadVerifiedJob(): Promise<string> {
  const dir = path.join(await makeTempDir('cross-run-state1-'), 'jobs', JOB);
  await mkdir(dir, { recursive: true });
  const at = (name: string): string => path.join(dir, name);
  const sample = verified();
  const state: StateOf<'VERIFIED'> = {
    ...sample,
    files: { json: at('report.json'), markdown: at('report.md') },
    worktree: { ...sample.worktree, diffFile: at('fix.diff') },
    build: { ...sample.build, logFile: at('build-1.log') },
  };
  for (const name of ['report.json', 'report.md', 'fix.diff', 'build-1.log']) await writeFile(at(name), `${name}\n`);
  await writeFile(at('job.json'), JSON.stringify(newJobRecord(JOB, state, new Date())));
  await publishRecordFolder(ActionsArtifactStore.create(), JOB, dir);
  return dir;
}

/** A job of a later workflow run: no runtime token of the earlier run, only the REST API. */
async function restoreInChild(stateDir: string, run: ArtifactRun): Promise<RestoredJob | { error: string }> {
  const resultFile = path.join(await makeTempDir('cross-run-result-'), 'result.json');
  await promisify(execFile)(process.execPath, ['--import', TSX, CHILD, stateDir, JOB, JSON.stringify(run), resultFile], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, GITHUB_API_URL: github.baseUrl, GITHUB_SERVER_URL: 'https://github.com' },
    maxBuffer: 16 * 1024 * 1024,
  });
  return JSON.parse(await readFile(resultFile, 'utf8')) as RestoredJob | { error: string };
}

describe('restoreJob from another workflow run', () => {
  it('finds the artifact by run id through the REST API, downloads it via the 302 and relocates the record', async () => {
    const oldDir = await uploadVerifiedJob();
    const stateDir = await makeTempDir('cross-run-state2-');
    const result = await restoreInChild(stateDir, { runId: service.restRunId, owner: 'acme', repo: 'server', token: GH_TOKEN });
    if ('error' in result) throw new Error(result.error);

    github.assertNoInvalidRequests();
    expect(service.failures).toEqual([]);
    const [listed] = github.calls('actions/list-workflow-run-artifacts');
    expect(listed?.path).toBe(`/repos/acme/server/actions/runs/${service.restRunId}/artifacts`);
    expect(listed?.query.get('name')).toBe(`crash-autofix-${JOB}`);
    expect(github.calls('actions/download-artifact').map((r) => r.status)).toEqual([302]);
    // The earlier run's runtime token was never used: no Twirp calls after the upload's.
    expect(service.calls.map((c) => c.method)).toEqual(['CreateArtifact', 'FinalizeArtifact']);

    const jobDir = path.join(stateDir, 'jobs', JOB);
    expect(result.jobDir).toBe(jobDir);
    expect(result.artifactId).toBe(service.artifacts[0]?.id);
    const state = result.record.state as StateOf<'VERIFIED'>;
    expect(state.worktree.diffFile).toBe(path.join(jobDir, 'fix.diff'));
    expect(state.build.logFile).toBe(path.join(jobDir, 'build-1.log'));
    expect(state.worktree.dir).toBe(verified().worktree.dir);
    expect(JSON.stringify(result.record)).not.toContain(oldDir);
    expect(await readFile(state.worktree.diffFile, 'utf8')).toBe('fix.diff\n');
    await access(path.join(jobDir, 'job.json'));
  });

  it('says which run it looked in when the artifact is not there, and when the token is refused', async () => {
    await uploadVerifiedJob();
    const stateDir = await makeTempDir('cross-run-missing-');
    const missing = await restoreInChild(stateDir, { runId: 42, owner: 'acme', repo: 'server', token: GH_TOKEN });
    expect(missing).toEqual({
      error: `No artifact 'crash-autofix-${JOB}' in workflow run 42 of acme/server; the job that made it must upload its records (it runs with a GitHub repository) and the artifact must not have expired, or give the run id of the workflow run that uploaded it`,
    });
    const refused = await restoreInChild(stateDir, { runId: service.restRunId, owner: 'acme', repo: 'server', token: 'ghs_wrong' });
    expect(refused).toEqual({
      error: `Cannot download artifact 'crash-autofix-${JOB}' from workflow run ${service.restRunId} of acme/server: GitHub refused the token (HTTP 401); give a token with 'actions: read' on that repository`,
    });
    expect(github.calls('actions/download-artifact')).toEqual([]);
  });
});
