/**
 * The design card's one human step, as the shipped workflow runs it: the fix
 * job (the root action) opens the draft pull request and uploads its record;
 * a reviewer clicks Approve or Reject on the run's `crash-fix-approval`
 * environment (the GitHub stand-in, through the real Octokit with their own
 * token); the approve or reject action in a later job of the same run restores
 * the record from the artifact stand-in and merges, or closes with the reason.
 */
import { execFileSync } from 'node:child_process';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ArtifactService } from '../fakes/artifact-service.js';
import { GitHubApiServer } from '../fakes/github-api-server.js';
import { clickDeploymentReview } from '../fakes/github-reviewer.js';
import { MessagesApiServer, toolUse } from '../fakes/messages-api-server.js';
import { buildFixture, produceCore, type BuiltFixture } from '../fixtures/crash-fixture.js';
import { fixtureAsRepo } from '../fixtures/fixture-repo.js';
import { makeTempDir } from '../fixtures/git-repo.js';
import { runCli } from '../fixtures/run-cli.js';
import { inputs, runAction } from '../fixtures/run-action.js';
import path from 'node:path';

const KEY = 'sk-ant-api03-GATE0123456789abcdefghijklmnopqrstuvwxyzABCD';
const GH_TOKEN = 'ghs_GATE0123456789abcdefghijklmnopqrs';
const LEAD_TOKEN = 'ghp_LEAD0123456789abcdefghijklmnopqrs';
const RUN = 4242;
const GATE = 'crash-fix-approval';
const BOT_AI = 'src/modules/playerbot/bot-ai.cpp';
const CRASH_LINE = '    m_threat->amount = 0; // CRASH:null-write BotAI::ClearThreat';

let fixture: BuiltFixture;
let core: string;
let model: MessagesApiServer;
let github: GitHubApiServer;
let artifacts: ArtifactService;

beforeAll(async () => {
  fixture = await buildFixture();
  core = await produceCore(fixture.executable, 'null-write', { workDir: await makeTempDir('gate-core-') });
});

afterEach(async () => {
  await model.close();
  await github.close();
  await artifacts.close();
});

/** The fix job of run 4242: a draft pull request #1 and the record's artifact. */
async function fixJob(): Promise<{ jobId: string; origin: string }> {
  const { repo, origin } = await fixtureAsRepo(fixture, { origin: true });
  model = await MessagesApiServer.start({ apiKey: KEY });
  model.script({
    reply: {
      content: [
        toolUse('submit_fix', {
          root_cause: { summary: 'ClearThreat writes through a null m_threat.', technical_details: 'm_threat is set only in EnterCombat.', category: 'null-pointer', severity: 'high', confidence: 0.9 },
          fix: { strategy: 'Return early.', edits: [{ path: BOT_AI, old_text: CRASH_LINE, new_text: `    if (!m_threat)\n        return;\n${CRASH_LINE}` }], risk: 'Low.', test_plan: 'null-write exits cleanly.' },
        }),
      ],
    },
  });
  github = await GitHubApiServer.start({ token: GH_TOKEN, owner: 'acme', repo: 'server', branches: ['main'], collaborators: ['lead'], users: [{ login: 'lead', token: LEAD_TOKEN }] });
  // The pull request's head is what was pushed to the bare origin.
  github.state.headOf = (branch) => execFileSync('git', ['-C', origin ?? '', 'rev-parse', `refs/heads/${branch}`], { encoding: 'utf8' }).trim();
  const analysed = await runCli(['analyze', '--dump', core, '--exe', fixture.executable, '--source-root', repo.dir, '--state-dir', await makeTempDir('gate-sig-'), '--json']);
  github.addBranch(`crash-autofix/${(JSON.parse(analysed.stdout) as { signature: string }).signature}`);
  artifacts = await ArtifactService.start();
  const run = await runAction({
    ...artifacts.environment(repo.dir),
    INPUT_DUMP: core,
    INPUT_EXECUTABLE: fixture.executable,
    'INPUT_ANTHROPIC-API-KEY': KEY,
    ANTHROPIC_BASE_URL: model.baseURL,
    GITHUB_TOKEN: GH_TOKEN,
    GITHUB_REPOSITORY: 'acme/server',
    GITHUB_API_URL: github.baseUrl,
    GITHUB_RUN_ID: String(RUN),
    'INPUT_STATE-DIR': await makeTempDir('gate-state-fix-'),
    'INPUT_WORK-DIR': await makeTempDir('gate-work-'),
  });
  expect(run.outputs.status, run.stdout).toBe('PR_CREATED');
  return { jobId: run.outputs['job-id'] ?? '', origin: origin ?? '' };
}

/** A later job of the same run, on another runner: only the artifact service and the API. */
async function gateJob(command: 'approve' | 'reject') {
  artifacts.startNextJob();
  return runAction(
    {
      ...artifacts.environment(await makeTempDir('gate-workspace-')),
      ...inputs({ 'github-token': GH_TOKEN, 'state-dir': await makeTempDir(`gate-state-${command}-`) }),
      GITHUB_REPOSITORY: 'acme/server',
      GITHUB_API_URL: github.baseUrl,
      GITHUB_RUN_ID: String(RUN),
    },
    { entry: path.resolve(`src/entrypoints/${command}.ts`) },
  );
}

const click = (state: 'approved' | 'rejected', comment: string) => clickDeploymentReview({ baseUrl: github.baseUrl, token: LEAD_TOKEN, owner: 'acme', repo: 'server', runId: RUN, state, comment });

describe('the approval gate in a workflow run', () => {
  it('Approve → merged at the verified commit, the approver named on the pull request, the record APPROVED in the artifact', async () => {
    const { jobId } = await fixJob();
    github.state.addEnvironment(GATE, [{ type: 'User', name: 'lead' }]);
    github.state.addRun(RUN, [GATE]);
    await click('approved', 'The guard is right; ship it.');
    const run = await gateJob('approve');
    expect(run.code, run.stdout).toBe(0);
    expect(run.outputs).toMatchObject({ status: 'APPROVED', merged: '[1]' });
    const pr = github.state.pull(1);
    expect(pr).toMatchObject({ merged: true, draft: false });
    expect(github.state.comments.map((c) => c.body).join('\n')).toMatch(/\*\*Approved\*\* by @lead in the `crash-fix-approval` environment[\s\S]*> The guard is right; ship it\./);
    expect(run.summary).toMatch(/\| `[0-9a-f]{16}` \| \[#1\]\(.*\) \| APPROVED \| @lead \| squash `[0-9a-f]{12}` \|/);
    expect(artifacts.artifacts.filter((a) => a.name === `crash-autofix-${jobId}` && a.size !== null)).toHaveLength(1);
    expect(run.stdout.trim().split('\n').at(-1)).toBe('approve: APPROVED: Merged #1 (approved by @lead)');
    github.assertNoInvalidRequests();
  }, 240_000);

  it("Reject → the pull request closed with the reviewer's reason and labelled; approve refuses to merge it", async () => {
    await fixJob();
    github.state.addEnvironment(GATE, [{ type: 'User', name: 'lead' }]);
    github.state.addRun(RUN, [GATE]);
    await click('rejected', 'This hides the bug: the threat list must exist here.');
    const approve = await gateJob('approve');
    expect(approve.code).not.toBe(0);
    expect(approve.stdout).toMatch(/::error::.*was rejected by @lead \("This hides the bug: the threat list must exist here\."\); nothing was merged/);
    const run = await gateJob('reject');
    expect(run.code, run.stdout).toBe(0);
    expect(run.outputs).toMatchObject({ status: 'REJECTED', closed: '[1]' });
    expect(github.state.pull(1)).toMatchObject({ state: 'closed', merged: false });
    expect(github.state.pull(1)?.labels).toContain('crash-fix-rejected');
    expect(github.state.comments.map((c) => c.body).join('\n')).toMatch(/\*\*Rejected\*\* by @lead[\s\S]*> This hides the bug/);
    github.assertNoInvalidRequests();
  }, 240_000);

  it('an environment nobody protects: approve refuses, nothing is merged', async () => {
    await fixJob();
    // A job that names a missing environment makes GitHub create it unprotected; the run then waits for nobody.
    github.state.addRun(RUN, [GATE]);
    const run = await gateJob('approve');
    expect(run.code).not.toBe(0);
    expect(run.stdout).toMatch(/::error::.*The approval environment 'crash-fix-approval' of acme\/server has no required reviewers, so its jobs run without anyone's click/);
    expect(github.state.pull(1)).toMatchObject({ state: 'open', merged: false, draft: true });
  }, 240_000);

  it('after a failed or cancelled fix job nobody reviewed anything: reject says so and touches nothing', async () => {
    model = await MessagesApiServer.start({ apiKey: KEY });
    github = await GitHubApiServer.start({ token: GH_TOKEN, owner: 'acme', repo: 'server', branches: ['main'] });
    artifacts = await ArtifactService.start();
    github.state.addEnvironment(GATE, [{ type: 'User', name: 'lead' }]);
    github.state.addRun(RUN, [GATE]);
    const run = await gateJob('reject');
    expect(run.code, run.stdout).toBe(0);
    expect(run.outputs.status).toBe('NOT_REJECTED');
    expect(run.stdout).toMatch(/was not rejected \(nobody reviewed it: the approval job failed or was skipped for another reason/);
    expect(github.requests.filter((r) => r.method !== 'GET').map((r) => r.operationId)).toEqual([]);
  }, 60_000);
});
