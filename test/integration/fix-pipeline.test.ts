import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { FixProposal } from '../../src/domain/fix-proposal.js';
import { GitHubApiServer } from '../fakes/github-api-server.js';
import { MessagesApiServer, toolUse } from '../fakes/messages-api-server.js';
import { buildFixture, expectedCrashSite, produceCore, type BuiltFixture } from '../fixtures/crash-fixture.js';
import { fixtureAsRepo } from '../fixtures/fixture-repo.js';
import { makeTempDir, runGit, type GitRepoFixture } from '../fixtures/git-repo.js';
import { runCli, type CliRun } from '../fixtures/run-cli.js';

const KEY = 'sk-ant-api03-FIXPIPELINE0123456789abcdefghijklmnopqrstuvwxyz';
const GH_TOKEN = 'ghs_FIXPIPELINE0123456789abcdefghijkl';
const BOT_AI = 'src/modules/playerbot/bot-ai.cpp';
const CRASH_LINE = '    m_threat->amount = 0; // CRASH:null-write BotAI::ClearThreat';

let fixture: BuiltFixture;
let core: string;
let server: MessagesApiServer;

beforeAll(async () => {
  fixture = await buildFixture();
  core = await produceCore(fixture.executable, 'null-write', { workDir: await makeTempDir('fix-core-') });
});

afterEach(async () => {
  await server?.close();
});

/** The sample server's sources as the user's repository: a git checkout of its own. */
async function userRepo(): Promise<GitRepoFixture> {
  return (await fixtureAsRepo(fixture)).repo;
}

function proposal(edits: FixProposal['fix']['edits'], confidence = 0.9): FixProposal {
  return {
    root_cause: {
      summary: 'BotAI::ClearThreat writes through m_threat, which is null until the bot enters combat.',
      technical_details: 'm_threat is only allocated in EnterCombat; UpdateAI calls ClearThreat on every tick.',
      category: 'null-pointer',
      severity: 'high',
      confidence,
    },
    fix: { strategy: 'Return early when there is no threat entry.', edits, risk: 'None: an absent entry has nothing to clear.', test_plan: 'Run worldserver null-write.' },
  };
}

const GOOD_EDIT = { path: BOT_AI, old_text: CRASH_LINE, new_text: `    if (!m_threat)\n        return;\n${CRASH_LINE.replace(' // CRASH:null-write BotAI::ClearThreat', '')}` };

function runFix(repo: GitRepoFixture, state: string, extra: string[] = [], env: Record<string, string> = {}): Promise<CliRun> {
  const args = ['fix', '--dump', core, '--exe', fixture.executable, '--source-root', repo.dir, '--state-dir', state, '--json', ...extra];
  return runCli(args, { ANTHROPIC_API_KEY: KEY, ANTHROPIC_BASE_URL: server.baseURL, ...env });
}

/** The user's checkout is as the fixture left it: clean, on main, at its one commit, the crash line unchanged. */
async function assertCheckoutUntouched(repo: GitRepoFixture): Promise<void> {
  expect(await repo.git('status', '--porcelain')).toBe('');
  expect(repo.commits).toHaveLength(1);
  expect((await repo.git('rev-parse', 'HEAD')).trim()).toBe(repo.commits[0]);
  expect((await repo.git('symbolic-ref', '--short', 'HEAD')).trim()).toBe('main');
  expect(await readFile(path.join(repo.dir, BOT_AI), 'utf8')).toContain(CRASH_LINE);
}

describe('crash-autofix fix on the demo crash, against the scripted Messages API', () => {
  it('reads the code, submits a fix, and applies exactly that fix in a work tree', async () => {
    server = await MessagesApiServer.start({ apiKey: KEY });
    const site = expectedCrashSite(fixture.sourceDir, 'null-write');
    server.script(
      {
        check: (req) => {
          const first = JSON.stringify(req.body.messages[0]);
          expect(first).toContain('BotAI::ClearThreat');
          expect(first).toContain(`${site.file}:${site.line}`);
        },
        reply: { content: [toolUse('read_file', { path: BOT_AI, start_line: 1, end_line: 60 }), toolUse('search_code', { pattern: 'm_threat\\s*=', path_glob: 'src/**/*.cpp' })] },
      },
      {
        check: (req) => {
          const results = JSON.stringify(req.body.messages.at(-1));
          expect(results).toContain('m_threat->amount = 0');
          // The regex search ran (in its worker thread) and found the allocation site.
          expect(results).toMatch(/src\/modules\/playerbot\/bot-ai\.cpp:\d+:/);
        },
        reply: { content: [toolUse('submit_fix', proposal([GOOD_EDIT]))] },
      },
    );
    const repo = await userRepo();
    const head = (await repo.git('rev-parse', 'HEAD')).trim();
    const state = await makeTempDir('fix-state-');
    const run = await runFix(repo, state);
    expect(run.stderr).not.toContain(KEY);
    expect(run.code).toBe(0);
    server.assertDone();
    const job = JSON.parse(run.stdout) as {
      status: string;
      worktree: { dir: string; branch: string; diffFile: string; baseCommit: string };
      report: { signature: string };
      build: { logFile: string; warnings: number };
      gates: { tests: { status: string; runner: string; total: number }; isolation: { sandbox: string } };
    };
    // The fix compiled (real cmake on the work tree) and passed the gates; without GitHub the job rests here.
    expect(job.status).toBe('VERIFIED');
    expect(job.gates.tests).toMatchObject({ status: 'passed', runner: 'ctest' });
    expect(job.gates.tests.total).toBeGreaterThan(0);
    expect(run.stdout.length).toBeGreaterThan(0);
    expect(await readFile(job.build.logFile, 'utf8')).toMatch(/Built target worldserver/);
    expect(job.worktree.branch).toBe(`crash-autofix/${job.report.signature}`);
    expect(job.worktree.baseCommit).toBe(head);
    const diff = await readFile(job.worktree.diffFile, 'utf8');
    expect(diff).toContain(`--- a/${BOT_AI}`);
    expect(diff).toContain('+    if (!m_threat)');
    expect(diff).toContain(`-${CRASH_LINE}`);
    expect(await runGit(job.worktree.dir, ['diff', '--stat', head])).toMatch(/1 file changed, 3 insertions\(\+\), 1 deletion\(-\)/);
    expect(await readFile(path.join(job.worktree.dir, BOT_AI), 'utf8')).toContain('if (!m_threat)');
    expect((await repo.git('rev-parse', 'HEAD')).trim()).toBe(head);
    await assertCheckoutUntouched(repo);
    const files = await readdir(path.join(state, 'jobs', (await readdir(path.join(state, 'jobs')))[0] ?? ''));
    expect(files.sort()).toEqual(['analysis.json', 'analysis.md', 'build-1.log', 'conversation.json', 'fix.diff', 'job.json', 'report.json', 'report.md', 'transcript.json']);
    const transcript = await readFile(path.join(path.dirname(job.worktree.diffFile), 'transcript.json'), 'utf8');
    expect(transcript).not.toContain(KEY);

    // A re-run resumes at VERIFIED: no second model call (the server would fail an unscripted request), no rebuild, no gates.
    const again = await runFix(repo, state);
    expect(again.code).toBe(0);
    expect(again.stderr).toContain('at VERIFIED; resuming');
    expect(again.stderr).not.toContain('Verify the fix');
    expect(again.stderr).not.toContain('Build the fix');
    server.assertDone();
  });

  it('refuses a hostile fix that writes CI config: the model is told, then the job fails with nothing written', async () => {
    server = await MessagesApiServer.start({ apiKey: KEY });
    const hostile = proposal([{ path: '.github/workflows/ci.yml', old_text: '', new_text: 'on: push\njobs: {}\n' }]);
    const refused = (req: { body: { messages: unknown[] } }): void => {
      const last = JSON.stringify(req.body.messages.at(-1));
      expect(last).toContain('"is_error":true');
      expect(last).toContain('.github/workflows/ci.yml');
    };
    server.script(
      { reply: { content: [toolUse('submit_fix', hostile)] } },
      { check: refused, reply: { content: [toolUse('submit_fix', proposal([{ ...GOOD_EDIT, path: '../outside.cpp' }]))] } },
      { check: (req) => expect(JSON.stringify(req.body.messages.at(-1))).toContain('is_error'), reply: { content: [toolUse('submit_fix', hostile)] } },
    );
    const repo = await userRepo();
    const state = await makeTempDir('fix-state-');
    const run = await runFix(repo, state);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/error: Job [0-9a-f]{16}: FAILED in stage 'analyze': Claude gave no usable fix \(no-fix\)/);
    server.assertDone();
    await assertCheckoutUntouched(repo);
    expect(await repo.git('branch', '--list', 'crash-autofix/*')).toBe('');
    expect(await repo.git('worktree', 'list', '--porcelain')).not.toContain('worktrees');
  });

  it('stops at LOW_CONFIDENCE without touching code, with one GitHub issue per signature', async () => {
    server = await MessagesApiServer.start({ apiKey: KEY });
    const unsure = { reply: { content: [toolUse('submit_fix', proposal([GOOD_EDIT], 0.3))] } };
    server.script(unsure, unsure);
    const github = await GitHubApiServer.start({ token: GH_TOKEN, owner: 'acme', repo: 'server' });
    try {
      const repo = await userRepo();
      const state = await makeTempDir('fix-state-');
      const env = { GITHUB_TOKEN: GH_TOKEN, GITHUB_API_URL: github.baseUrl };
      const args = ['--min-confidence', '0.7', '--repository', 'acme/server'];
      const run = await runFix(repo, state, args, env);
      expect(run.code).toBe(0);
      const job = JSON.parse(run.stdout) as { status: string; issue: { number: number; url: string }; analysis: { proposal: { root_cause: { confidence: number } } } };
      expect(job.status).toBe('LOW_CONFIDENCE');
      expect(job.analysis.proposal.root_cause.confidence).toBe(0.3);
      expect(github.state.issues).toHaveLength(1);
      const issue = github.state.issues[0];
      expect(job.issue.number).toBe(issue?.number);
      expect(issue?.body).toContain('ClearThreat writes through');
      expect(issue?.labels).toContain('crash-autofix');
      expect(issue?.body).toMatch(/Crash-Signature: access-violation-[0-9a-f]{12}/);
      // Starting the job again asks the model again, and updates the same issue.
      const again = await runFix(repo, state, [...args, '--fresh'], env);
      expect(again.code).toBe(0);
      expect(github.state.issues).toHaveLength(1);
      expect(run.stderr + again.stderr).not.toContain(GH_TOKEN);
      server.assertDone();
      github.assertNoInvalidRequests();
      await assertCheckoutUntouched(repo);
      expect(await repo.git('branch', '--list', 'crash-autofix/*')).toBe('');
    } finally {
      await github.close();
    }
  });

  it('sends compiler errors back to Claude and applies its corrected fix', async () => {
    server = await MessagesApiServer.start({ apiKey: KEY });
    const broken = { ...GOOD_EDIT, new_text: GOOD_EDIT.new_text.replace('if (!m_threat)', 'if (!m_threatt)') };
    server.script(
      { reply: { content: [toolUse('submit_fix', proposal([broken]))] } },
      {
        check: (req) => {
          const last = JSON.stringify(req.body.messages.at(-1));
          expect(last).toContain('build_diagnostics');
          expect(last).toMatch(/bot-ai\.cpp:\d+:\d+: error: .*m_threatt/);
        },
        reply: { content: [toolUse('submit_fix', proposal([GOOD_EDIT]))] },
      },
    );
    const repo = await userRepo();
    const run = await runFix(repo, await makeTempDir('fix-state-'));
    expect(run.code).toBe(0);
    server.assertDone();
    const job = JSON.parse(run.stdout) as { status: string; analysis: { attempt: number; usage: { turns: number } }; worktree: { diffFile: string } };
    expect(job.status).toBe('VERIFIED');
    expect(job.analysis.attempt).toBe(2);
    expect(job.analysis.usage.turns).toBe(2);
    const diff = await readFile(job.worktree.diffFile, 'utf8');
    expect(diff).toContain('+    if (!m_threat)');
    expect(diff).not.toContain('m_threatt');
    expect(run.stderr).toMatch(/error: .*src\/modules\/playerbot\/bot-ai\.cpp:\d+: .*m_threatt/);
    await assertCheckoutUntouched(repo);
  });

  it('fails after max-fix-attempts fixes that do not compile', async () => {
    server = await MessagesApiServer.start({ apiKey: KEY });
    const broken = { ...GOOD_EDIT, new_text: GOOD_EDIT.new_text.replace('if (!m_threat)', 'if (!m_threatt)') };
    server.script({ reply: { content: [toolUse('submit_fix', proposal([broken]))] } }, { reply: { content: [toolUse('submit_fix', proposal([broken]))] } });
    const { repo, origin } = await fixtureAsRepo(fixture, { origin: true });
    if (origin === null) throw new Error('origin expected');
    // GitHub is configured, so only the gate stands between this fix and a pull request.
    const github = await GitHubApiServer.start({ token: GH_TOKEN, owner: 'acme', repo: 'server', branches: ['main'] });
    try {
      const run = await runFix(repo, await makeTempDir('fix-state-'), ['--max-fix-attempts', '2', '--repository', 'acme/server'], { GITHUB_TOKEN: GH_TOKEN, GITHUB_API_URL: github.baseUrl });
      expect(run.code).toBe(1);
      server.assertDone();
      expect(run.stderr).toMatch(/error: Job [0-9a-f]{16}: FAILED in stage 'compile': The fix does not compile after 2 attempt\(s\) \(.*bot-ai\.cpp:\d+: .*m_threatt.*\); build log: .*build-2\.log/);
      expect(github.state.pulls).toEqual([]);
      expect(await runGit(origin, ['branch', '--list', 'crash-autofix/*'])).toBe('');
      github.assertNoInvalidRequests();
    } finally {
      await github.close();
    }
    await assertCheckoutUntouched(repo);
  });
});
