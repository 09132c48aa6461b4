/**
 * State that crosses jobs: the fix job runs to VERIFIED on one runner and
 * uploads its folder as a workflow artifact through the real @actions/artifact
 * client; its runner is then gone (state and work folders deleted). A later job
 * of the same workflow run, with its own runtime token, restores the record
 * from the artifact into a new state folder and publishes the fix from there.
 * The client reads the Actions runtime from process.env, so the tests set the
 * variables and put them back.
 */
import { access, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { publishRecordFolder } from '../../src/composition/publish-record-folder.js';
import { ActionsArtifactSource } from '../../src/adapters/artifact/actions-artifact-source.js';
import { ActionsArtifactStore } from '../../src/adapters/artifact/actions-artifact-store.js';
import { restoreJob } from '../../src/composition/restore-job.js';
import type { FixProposal } from '../../src/domain/fix-proposal.js';
import { newJobRecord } from '../../src/pipeline/runner.js';
import type { StateOf } from '../../src/domain/job-state.js';
import { ArtifactService } from '../fakes/artifact-service.js';
import { GitHubApiServer } from '../fakes/github-api-server.js';
import { MessagesApiServer, toolUse } from '../fakes/messages-api-server.js';
import { buildFixture, produceCore, type BuiltFixture } from '../fixtures/crash-fixture.js';
import { fixtureAsRepo } from '../fixtures/fixture-repo.js';
import { makeTempDir, runGit } from '../fixtures/git-repo.js';
import { errorLines, runCli } from '../fixtures/run-cli.js';

const KEY = 'sk-ant-api03-RESTORE0123456789abcdefghijklmnopqrstuv';
const GH_TOKEN = 'ghs_RESTORE0123456789abcdefghijklmnop';
const BOT_AI = 'src/modules/playerbot/bot-ai.cpp';
const CRASH_LINE = '    m_threat->amount = 0; // CRASH:null-write BotAI::ClearThreat';
const FIX: FixProposal = {
  root_cause: { summary: 'ClearThreat writes through a null m_threat.', technical_details: 'm_threat is set only in EnterCombat.', category: 'null-pointer', severity: 'high', confidence: 0.9 },
  fix: { strategy: 'Return early without a threat entry.', edits: [{ path: BOT_AI, old_text: CRASH_LINE, new_text: `    if (!m_threat)\n        return;\n${CRASH_LINE}` }], risk: 'Low.', test_plan: 'Run it.' },
};
const RUNTIME_VARIABLES = ['ACTIONS_RESULTS_URL', 'ACTIONS_RUNTIME_TOKEN', 'GITHUB_WORKSPACE', 'GITHUB_SERVER_URL'];

let fixture: BuiltFixture;
let core: string;
let service: ArtifactService;
let savedEnv: Map<string, string | undefined>;
const servers: { close(): Promise<void> }[] = [];

/** Points the artifact client at the stand-in as the current job of the run. */
async function enterJob(): Promise<void> {
  for (const key of RUNTIME_VARIABLES) delete process.env[key];
  Object.assign(process.env, service.environment(await makeTempDir('restore-workspace-')));
}

beforeAll(async () => {
  fixture = await buildFixture();
  core = await produceCore(fixture.executable, 'null-write', { workDir: await makeTempDir('restore-core-') });
});

beforeEach(async () => {
  savedEnv = new Map(RUNTIME_VARIABLES.map((key) => [key, process.env[key]]));
  service = await ArtifactService.start();
  await enterJob();
});

afterEach(async () => {
  for (const [key, value] of savedEnv) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  await service.close();
  for (const server of servers.splice(0)) await server.close();
});

describe('a job restored from the artifact of an earlier job continues the pipeline', () => {
  it('publishes the fix as a draft PR from the restored record, with the first runner\'s folders gone', async () => {
    const { repo, origin } = await fixtureAsRepo(fixture, { origin: true });
    if (origin === null) throw new Error('origin expected');
    const model = await MessagesApiServer.start({ apiKey: KEY });
    servers.push(model);
    model.script({ reply: { content: [toolUse('submit_fix', FIX)] } });
    const modelEnv = { ANTHROPIC_API_KEY: KEY, ANTHROPIC_BASE_URL: model.baseURL };
    const common = ['fix', '--dump', core, '--exe', fixture.executable, '--source-root', repo.dir, '--json'];

    // Job 1: the fix job, without GitHub, rests at VERIFIED and uploads its folder.
    const firstState = await makeTempDir('restore-state1-');
    const firstWork = await makeTempDir('restore-work1-');
    const first = await runCli([...common, '--state-dir', firstState, '--work-dir', firstWork], modelEnv);
    expect(errorLines(first.stderr)).toEqual([]);
    const verified = JSON.parse(first.stdout) as StateOf<'VERIFIED'>;
    expect(verified.status).toBe('VERIFIED');
    // The job id is the dump fingerprint's first 16 hex digits.
    const id = verified.dump.fingerprint.slice(0, 16);
    expect(verified.worktree.diffFile).toBe(path.join(firstState, 'jobs', id, 'fix.diff'));
    const uploaded = await publishRecordFolder(ActionsArtifactStore.create(), id, path.join(firstState, 'jobs', id));
    expect(uploaded?.name).toBe(`crash-autofix-${id}`);
    await rm(firstState, { recursive: true, force: true });
    await rm(firstWork, { recursive: true, force: true });

    // Job 2: another runner of the same workflow run.
    service.startNextJob();
    await enterJob();
    const secondState = await makeTempDir('restore-state2-');
    const restored = await restoreJob({ stateDir: secondState, jobId: id, source: ActionsArtifactSource.create(), run: null });
    expect(service.failures).toEqual([]);
    expect(service.callsTo('GetSignedArtifactURL')).toHaveLength(1);
    expect(restored.artifactId).toBe(uploaded?.id);
    const jobDir = path.join(secondState, 'jobs', id);
    expect(restored.jobDir).toBe(jobDir);
    const state = restored.record.state as StateOf<'VERIFIED'>;
    expect(state.status).toBe('VERIFIED');
    for (const file of [state.files.json, state.files.markdown, state.worktree.diffFile, ...Object.values(state.analysis.files)]) {
      expect(path.dirname(file)).toBe(jobDir);
      await access(file);
    }
    expect(JSON.stringify(restored.record)).not.toContain(firstState);
    expect(await readFile(path.join(jobDir, 'job.json'), 'utf8')).toBe(`${JSON.stringify(restored.record, null, 2)}\n`);
    expect((await readdir(path.join(secondState, 'jobs'))).filter((n) => n.startsWith('.restore-'))).toEqual([]);

    const github = await GitHubApiServer.start({ token: GH_TOKEN, owner: 'acme', repo: 'server', branches: ['main'], collaborators: [] });
    servers.push(github);
    github.addBranch(state.worktree.branch);
    const env = { ...modelEnv, GITHUB_TOKEN: GH_TOKEN, GITHUB_API_URL: github.baseUrl };
    const second = await runCli([...common, '--repository', 'acme/server', '--state-dir', secondState, '--work-dir', await makeTempDir('restore-work2-')], env);
    expect(errorLines(second.stderr)).toEqual([]);
    expect(second.stderr).toMatch(new RegExp(`Job ${id} found in ${jobDir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} at VERIFIED; resuming`));
    expect(second.stderr).not.toContain('Parse the crash');
    const published = JSON.parse(second.stdout) as { status: string; pr: { number: number; commit: string } };
    expect(published.status).toBe('PR_CREATED');
    model.assertDone();
    github.assertNoInvalidRequests();
    expect(github.state.pulls).toHaveLength(1);
    expect(github.state.pulls[0]).toMatchObject({ head: state.worktree.branch, base: 'main', draft: true });
    const pushed = (await runGit(origin, ['rev-parse', `refs/heads/${state.worktree.branch}`])).trim();
    expect(pushed).toBe(published.pr.commit);
    expect(await runGit(origin, ['diff', 'main', pushed])).toContain('+    if (!m_threat)');
  });
});

describe('restoreJob refuses what it cannot continue from, in one line, leaving nothing behind', () => {
  const JOB = '0123456789abcdef';
  async function upload(files: Record<string, string>, jobId = JOB): Promise<void> {
    const dir = await makeTempDir('restore-upload-');
    for (const [name, text] of Object.entries(files)) await writeFile(path.join(dir, name), text);
    await publishRecordFolder(ActionsArtifactStore.create(), jobId, dir);
  }
  async function refusal(stateDir: string): Promise<string> {
    const error = await restoreJob({ stateDir, jobId: JOB, source: ActionsArtifactSource.create(), run: null }).then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(await readdir(path.join(stateDir, 'jobs'))).toEqual([]);
    return (error as Error).message;
  }

  it('names the artifact and the run when there is no such artifact', async () => {
    const message = await refusal(await makeTempDir('restore-none-'));
    expect(message).toBe(`No artifact 'crash-autofix-${JOB}' in this workflow run; the job that made it must upload its records (it runs with a GitHub repository) and the artifact must not have expired, or give the run id of the workflow run that uploaded it`);
  });

  it('refuses an artifact without a record, a damaged record and the record of another job', async () => {
    await upload({ 'report.md': '# report\n' });
    expect(await refusal(await makeTempDir('restore-norecord-'))).toMatch(/^Artifact 'crash-autofix-0123456789abcdef' from this workflow run holds no job\.json, so it is not a crash-autofix job folder/);
    // Uploading the same name again replaces the artifact (the store's overwrite).
    await upload({ 'job.json': '{"schemaVersion":1,"jobId":"0123456789abcdef","state":{"status":"NOPE"}}' });
    expect(await refusal(await makeTempDir('restore-damaged-'))).toMatch(/^Job record job\.json of artifact 'crash-autofix-0123456789abcdef' from this workflow run is damaged \(.*\); re-run the job that uploads it$/);
    const other = newJobRecord('fedcba9876543210', { status: 'CRASH_DETECTED', input: { path: '/d/core', kind: 'dump', fingerprint: `fedcba9876543210${'0'.repeat(48)}`, sizeBytes: 1, executable: null } }, new Date());
    await upload({ 'job.json': JSON.stringify(other) });
    expect(await refusal(await makeTempDir('restore-other-'))).toBe(
      `Artifact 'crash-autofix-${JOB}' from this workflow run holds the record of job fedcba9876543210, not job ${JOB}; check which artifact the workflow uploaded under that name`,
    );
  });

  it('refuses an artifact whose bytes do not match the digest the service recorded', async () => {
    await upload({ 'job.json': '{}' });
    const earlier = service.artifacts[0]?.blob.committed;
    await upload({ 'job.json': '{ }' });
    const stored = service.artifacts[0];
    if (!stored || !earlier) throw new Error('two uploads expected');
    stored.blob.committed = earlier;
    expect(await refusal(await makeTempDir('restore-digest-'))).toBe(
      `Artifact 'crash-autofix-${JOB}' from this workflow run arrived with another digest than the service recorded; it is damaged in transit or storage, re-run the job`,
    );
  });

  it('refuses a job id that is not one before asking the service', async () => {
    const stateDir = await makeTempDir('restore-badid-');
    const error = await restoreJob({ stateDir, jobId: '../etc', source: ActionsArtifactSource.create(), run: null }).then(() => null, (e: unknown) => e);
    expect((error as Error).message).toBe(`Job id "../etc" is not a crash-autofix job id (16 hex digits); pass the 'job-id' output of the job that uploaded the records`);
    expect(service.calls).toEqual([]);
    expect(await readdir(stateDir)).toEqual([]);
  });
});
