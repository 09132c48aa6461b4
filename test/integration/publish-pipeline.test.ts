import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { FixProposal } from '../../src/domain/fix-proposal.js';
import { GitHubApiServer } from '../fakes/github-api-server.js';
import { MessagesApiServer, toolUse } from '../fakes/messages-api-server.js';
import { buildFixture, produceCore, type BuiltFixture } from '../fixtures/crash-fixture.js';
import { fixtureAsRepo } from '../fixtures/fixture-repo.js';
import { errorLines, runCli } from '../fixtures/run-cli.js';
import { makeTempDir, runGit, type GitRepoFixture } from '../fixtures/git-repo.js';

const KEY = 'sk-ant-api03-PUBLISH0123456789abcdefghijklmnopqrstuvwxyz';
const GH_TOKEN = 'ghs_PUBLISH0123456789abcdefghijklmnop';
const BOT_AI = 'src/modules/playerbot/bot-ai.cpp';
const CRASH_LINE = '    m_threat->amount = 0; // CRASH:null-write BotAI::ClearThreat';

let fixture: BuiltFixture;
let core: string;
let model: MessagesApiServer | undefined;
let github: GitHubApiServer | undefined;

beforeAll(async () => {
  fixture = await buildFixture();
  core = await produceCore(fixture.executable, 'null-write', { workDir: await makeTempDir('publish-core-') });
});

afterEach(async () => {
  await model?.close();
  await github?.close();
});

/** The sample server as a user's repository on `main`, with a bare repository as `origin`. */
async function userRepo(): Promise<{ repo: GitRepoFixture; origin: string }> {
  const { repo, origin } = await fixtureAsRepo(fixture, { origin: true });
  if (origin === null) throw new Error('origin expected');
  return { repo, origin };
}

const fix: FixProposal = {
  root_cause: { summary: 'ClearThreat writes through a null m_threat.', technical_details: 'm_threat is set only in EnterCombat.', category: 'null-pointer', severity: 'high', confidence: 0.9 },
  fix: {
    strategy: 'Return early without a threat entry.',
    edits: [{ path: BOT_AI, old_text: CRASH_LINE, new_text: `    if (!m_threat)\n        return;\n${CRASH_LINE}` }],
    risk: 'Low.',
    test_plan: 'worldserver null-write exits cleanly.',
  },
};


describe('crash-autofix fix all the way to a draft pull request', () => {
  it('tests the fix, commits it with the signature trailer, pushes the branch and opens one draft PR (a re-run updates it)', async () => {
    const { repo, origin } = await userRepo();
    const analysed = await runCli(['analyze', '--dump', core, '--exe', fixture.executable, '--source-root', repo.dir, '--state-dir', await makeTempDir('sig-'), '--json'], {});
    const signature = (JSON.parse(analysed.stdout) as { signature: string }).signature;
    const branch = `crash-autofix/${signature}`;

    model = await MessagesApiServer.start({ apiKey: KEY });
    model.script({ reply: { content: [toolUse('submit_fix', fix)] } }, { reply: { content: [toolUse('submit_fix', fix)] } });
    // The branch exists on GitHub once pushed; the stand-in knows it up front.
    github = await GitHubApiServer.start({ token: GH_TOKEN, owner: 'acme', repo: 'server', branches: ['main'], collaborators: ['lead-dev'] });
    github.addBranch(branch);
    const env = { ANTHROPIC_API_KEY: KEY, ANTHROPIC_BASE_URL: model.baseURL, GITHUB_TOKEN: GH_TOKEN, GITHUB_API_URL: github.baseUrl };
    const args = ['fix', '--dump', core, '--exe', fixture.executable, '--source-root', repo.dir, '--repository', 'acme/server', '--reviewers', 'lead-dev', '--labels', 'playerbot', '--json'];
    const state = await makeTempDir('publish-state-');

    const run = await runCli([...args, '--state-dir', state], env);
    expect(errorLines(run.stderr).join('\n')).toBe('');
    expect(run.code).toBe(0);
    const job = JSON.parse(run.stdout) as { status: string; pr: { number: number; url: string; action: string; commit: string }; gates: { tests: { status: string; total: number; passed: number }; staticAnalysis: { tool: string | null } } };
    expect(job.status).toBe('PR_CREATED');
    expect(job.pr.action).toBe('created');
    expect(job.gates.tests).toMatchObject({ status: 'passed', total: 3, passed: 3 });

    // The branch on origin holds exactly one commit on top of main, with the trailer.
    const pushed = (await runGit(origin, ['rev-parse', `refs/heads/${branch}`])).trim();
    expect(pushed).toBe(job.pr.commit);
    const message = await runGit(origin, ['log', '-1', '--format=%an <%ae>%n%B', pushed]);
    expect(message).toMatch(/^crash-autofix <crash-autofix@users\.noreply\.github\.com>\nfix\(playerbot\): null-pointer in BotAI::ClearThreat\n/);
    expect(message).toContain(`Crash-Signature: ${signature}`);
    expect(await runGit(origin, ['diff', '--stat', 'main', pushed])).toMatch(/bot-ai\.cpp \| 2 \+\+\n/);

    const pulls = github.state.pulls;
    expect(pulls).toHaveLength(1);
    const pr = pulls[0];
    expect(pr).toMatchObject({ head: branch, base: 'main', draft: true, state: 'open', title: 'fix(playerbot): null-pointer in BotAI::ClearThreat' });
    expect(pr?.labels).toEqual(expect.arrayContaining(['automated-fix', 'crash-fix', 'needs-review', 'severity:high', 'playerbot']));
    expect(pr?.requestedReviewers).toEqual(['lead-dev']);
    expect(pr?.body).toContain('| Tests (ctest) | ✅ 3/3 passed (non-blocking) |');
    expect(pr?.body).toContain('| Compile | ✅ passed (fix attempt 1');
    expect(pr?.body).toMatch(/Crash-Signature: access-violation-[0-9a-f]{12}/);
    expect(pr?.body).toContain('ClearThreat writes through a null m');

    // A fresh run of the same crash (the model is asked again) updates the same PR and replaces the branch.
    const again = await runCli([...args, '--state-dir', state, '--fresh'], env);
    expect(again.code).toBe(0);
    expect((JSON.parse(again.stdout) as { pr: { action: string; number: number } }).pr).toMatchObject({ action: 'updated', number: job.pr.number });
    expect(github.state.pulls).toHaveLength(1);
    model.assertDone();
    github.assertNoInvalidRequests();
    expect(run.stderr + again.stderr).not.toContain(GH_TOKEN);
    expect(await repo.git('status', '--porcelain')).toBe('');
  });
});
