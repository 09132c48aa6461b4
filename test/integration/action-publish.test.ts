import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ArtifactService } from '../fakes/artifact-service.js';
import { GitHubApiServer } from '../fakes/github-api-server.js';
import { MessagesApiServer, toolUse } from '../fakes/messages-api-server.js';
import { buildFixture, produceCore, type BuiltFixture } from '../fixtures/crash-fixture.js';
import { fixtureAsRepo } from '../fixtures/fixture-repo.js';
import { makeTempDir } from '../fixtures/git-repo.js';
import { runCli } from '../fixtures/run-cli.js';
import { runAction } from '../fixtures/run-action.js';

const KEY = 'sk-ant-api03-ACTIONPR0123456789abcdefghijklmnopqrstuvwxyz';
const GH_TOKEN = 'ghs_ACTIONPR0123456789abcdefghijklmn';
const BOT_AI = 'src/modules/playerbot/bot-ai.cpp';
const CRASH_LINE = '    m_threat->amount = 0; // CRASH:null-write BotAI::ClearThreat';

let fixture: BuiltFixture;
let core: string;
let model: MessagesApiServer | undefined;
let github: GitHubApiServer | undefined;
let artifacts: ArtifactService | undefined;

beforeAll(async () => {
  fixture = await buildFixture();
  core = await produceCore(fixture.executable, 'null-write', { workDir: await makeTempDir('action-pr-core-') });
});

afterEach(async () => {
  await model?.close();
  await github?.close();
  await artifacts?.close();
});

describe('the action from a dump to a draft pull request', () => {
  it('proves the fix with the reproduction gate and reports every gate in the outputs and the job summary', async () => {
    const { repo } = await fixtureAsRepo(fixture, { origin: true });
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
    github = await GitHubApiServer.start({ token: GH_TOKEN, owner: 'acme', repo: 'server', branches: ['main'] });
    const analysed = await runCli(['analyze', '--dump', core, '--exe', fixture.executable, '--source-root', repo.dir, '--state-dir', await makeTempDir('sig-'), '--json']);
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
      GITHUB_RUN_ID: '4242',
      'INPUT_STATE-DIR': await makeTempDir('action-pr-state-'),
      'INPUT_WORK-DIR': await makeTempDir('action-pr-work-'),
      'INPUT_REPRO-COMMAND': '{build-dir}/worldserver null-write',
    });
    expect(run.stdout.split('\n').filter((l) => l.startsWith('::error'))).toEqual([]);
    expect(run.code).toBe(0);
    expect(run.outputs).toMatchObject({ status: 'PR_CREATED', 'pr-number': '1', 'pr-action': 'created', 'tests-result': 'passed', 'reproduction-result': 'passed' });
    expect(run.summary).toContain('| Gate | Result |');
    expect(run.summary).toMatch(/\| Reproduction \| ✅ The unfixed build crashes \(SIGSEGV\); the fixed build exited with code 0\./);
    expect(run.summary).toContain('| Tests (ctest) | ✅ 3/3 passed (non-blocking) |');
    expect(github.state.pulls[0]?.body).toContain('https://github.com/acme/server/actions/runs/4242');
    expect(run.stdout).toContain('::group::Verify the fix: reproduction, tests, static analysis');
    expect(run.stdout).toContain('::group::Commit, push and open the draft pull request');
    expect(run.outputs['fix-commit']).toMatch(/^[0-9a-f]{40}$/);
    expect(run.summary).toMatch(/\| Isolation \| (✅ bubblewrap|⚠️ )/);
    expect(run.stdout.split(`::add-mask::${GH_TOKEN}`).join('')).not.toContain(GH_TOKEN);
    model.assertDone();
    github.assertNoInvalidRequests();
  });
});
