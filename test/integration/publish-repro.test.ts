import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { FixProposal } from '../../src/domain/fix-proposal.js';
import { GitHubApiServer } from '../fakes/github-api-server.js';
import { MessagesApiServer, toolUse } from '../fakes/messages-api-server.js';
import { buildFixture, produceCore, type BuiltFixture } from '../fixtures/crash-fixture.js';
import { fixtureAsRepo } from '../fixtures/fixture-repo.js';
import { errorLines, runCli } from '../fixtures/run-cli.js';
import { makeTempDir, runGit } from '../fixtures/git-repo.js';

const KEY = 'sk-ant-api03-REPRO0123456789abcdefghijklmnopqrstuvwxyz';
const GH_TOKEN = 'ghs_REPRO0123456789abcdefghijklmnopqr';
const BOT_AI = 'src/modules/playerbot/bot-ai.cpp';
const NULL_WRITE = '    m_threat->amount = 0; // CRASH:null-write BotAI::ClearThreat';
const DIVIDE = '    return static_cast<uint32_t>(total / samples); // CRASH:divide-by-zero World::AverageLatency';

let fixture: BuiltFixture;
const cores: Record<'null-write' | 'divide-by-zero', string> = { 'null-write': '', 'divide-by-zero': '' };
let model: MessagesApiServer | undefined;
let github: GitHubApiServer | undefined;

beforeAll(async () => {
  fixture = await buildFixture();
  const work = await makeTempDir('repro-cores-');
  cores['null-write'] = await produceCore(fixture.executable, 'null-write', { workDir: work });
  cores['divide-by-zero'] = await produceCore(fixture.executable, 'divide-by-zero', { workDir: work });
});

afterEach(async () => {
  await model?.close();
  await github?.close();
});

function proposal(file: string, oldText: string, newText: string): FixProposal {
  return {
    root_cause: { summary: 'A missing guard.', technical_details: 'The value is not checked before use.', category: 'null-pointer', severity: 'high', confidence: 0.9 },
    fix: { strategy: 'Guard it.', edits: [{ path: file, old_text: oldText, new_text: newText }], risk: 'Low.', test_plan: 'The scenario exits cleanly.' },
  };
}
const GUARD_THREAT = proposal(BOT_AI, NULL_WRITE, `    if (!m_threat)\n        return;\n${NULL_WRITE}`);
const GUARD_SAMPLES = proposal('src/game/world.cpp', DIVIDE, `    if (samples == 0)\n        return 0;\n${DIVIDE}`);

interface Job {
  status: string;
  gates: { reproduction: { verdict: string; unfixed: { crashed: boolean; signal: string | null; logFile: string }; fixed: { crashed: boolean; exitCode: number | null } | null } | null };
}

async function setUp(...replies: FixProposal[]): Promise<{ args: (core: string, repro: string | null) => string[]; env: Record<string, string>; origin: string; state: string }> {
  const { repo, origin } = await fixtureAsRepo(fixture, { origin: true });
  if (origin === null) throw new Error('origin expected');
  model = await MessagesApiServer.start({ apiKey: KEY });
  model.script(...replies.map((p) => ({ reply: { content: [toolUse('submit_fix', p)] } })));
  github = await GitHubApiServer.start({ token: GH_TOKEN, owner: 'acme', repo: 'server', branches: ['main'], collaborators: [] });
  const state = await makeTempDir('repro-state-');
  // The stand-in knows a branch once pushed; tell it the fix branches up front.
  for (const core of Object.values(cores)) {
    const analysed = await runCli(['analyze', '--dump', core, '--exe', fixture.executable, '--source-root', repo.dir, '--state-dir', state, '--json'], {});
    github.addBranch(`crash-autofix/${(JSON.parse(analysed.stdout) as { signature: string }).signature}`);
  }
  const env = { ANTHROPIC_API_KEY: KEY, ANTHROPIC_BASE_URL: model.baseURL, GITHUB_TOKEN: GH_TOKEN, GITHUB_API_URL: github.baseUrl };
  const args = (core: string, repro: string | null): string[] => [
    'fix', '--dump', core, '--exe', fixture.executable, '--source-root', repo.dir, '--repository', 'acme/server', '--state-dir', state, '--json',
    ...(repro === null ? [] : ['--repro-command', repro]),
  ];
  return { args, env, origin, state };
}


/** The sources make compiled, from a build log. */
const compiled = (log: string): string[] => [...log.matchAll(/Building CXX object \S+?\/([\w.-]+\.cpp)\.o/g)].map((m) => m[1] ?? '').sort();

describe('the reproduction gate and the reusable work tree, end to end', () => {
  it('proves the fix on the unfixed and fixed builds, and the next crash reuses the build folder', async () => {
    const { args, env } = await setUp(GUARD_THREAT, GUARD_SAMPLES);
    const first = await runCli(args(cores['null-write'], '{build-dir}/worldserver null-write'), env);
    expect(errorLines(first.stderr)).toEqual([]);
    const job = JSON.parse(first.stdout) as Job;
    expect(job.status).toBe('PR_CREATED');
    expect(job.gates.reproduction).toMatchObject({ verdict: 'passed', unfixed: { crashed: true, signal: 'SIGSEGV' }, fixed: { crashed: false, exitCode: 0 } });
    expect(await readFile(job.gates.reproduction?.unfixed.logFile ?? '', 'utf8')).toMatch(/^\$ \/.*\/build\/worldserver null-write\n/);
    expect(github?.state.pulls[0]?.body).toMatch(/\| Reproduction \| ✅ The unfixed build crashes \(SIGSEGV\); the fixed build exited with code 0\. \(unfixed \d+\.\d s, fixed \d+\.\d s\) \|/);

    // Same runner, next crash: the tree is reset (the first fix reverted) and only what changed is compiled.
    const second = await runCli(args(cores['divide-by-zero'], '{build-dir}/worldserver divide-by-zero'), env);
    expect(second.code).toBe(0);
    const secondJob = JSON.parse(second.stdout) as Job;
    expect(secondJob.gates.reproduction).toMatchObject({ verdict: 'passed', unfixed: { signal: 'SIGFPE' } });
    const jobDir = path.dirname(secondJob.gates.reproduction?.unfixed.logFile ?? '');
    expect(compiled(await readFile(path.join(jobDir, 'build-unfixed.log'), 'utf8'))).toEqual(['bot-ai.cpp']);
    expect(compiled(await readFile(path.join(jobDir, 'build-1.log'), 'utf8'))).toEqual(['world.cpp']);
    expect(github?.state.pulls).toHaveLength(2);
    model?.assertDone();
    github?.assertNoInvalidRequests();
  });

  it('resumes a job after another job used the work tree: restores its fix, rebuilds it and proves it; a verified job only publishes', async () => {
    const { args, env, origin, state } = await setUp(GUARD_THREAT, GUARD_SAMPLES);
    // The first job's tests fail until the marker exists (in the work folder, which the sandbox shows).
    const marker = path.join(state, 'worktrees', 'tests-may-pass');
    const gated = (core: string, repro: string | null): string[] => [...args(core, repro), '--tests-block', '--test-command', `test -f ${marker}`];
    const { GITHUB_TOKEN: _token, ...offline } = env;
    const repro = '{build-dir}/worldserver null-write';
    const failed = await runCli(gated(cores['null-write'], repro), offline);
    expect(failed.code).toBe(1);
    expect(errorLines(failed.stderr)).toEqual([expect.stringMatching(/^error: Job [0-9a-f]{16}: FAILED in stage 'test': 1 of 1 test\(s\) failed with the fix: test-command; 'tests-block' is on, so no pull request is opened$/)]);
    // Without a token the second job rests at VERIFIED; it reset the tree for its own fix.
    expect(JSON.parse((await runCli(args(cores['divide-by-zero'], null), offline)).stdout)).toMatchObject({ status: 'VERIFIED', gates: { tests: { status: 'passed' } } });

    await writeFile(marker, '');
    const resumed = await runCli(gated(cores['null-write'], repro), env);
    expect(errorLines(resumed.stderr)).toEqual([]);
    expect(resumed.stderr).toContain('Another job used the work tree since this one built its fix; restored the fix in');
    const job = JSON.parse(resumed.stdout) as Job;
    // The fixed run would still crash on the other job's binary: passing proves the rebuild.
    expect(job.gates.reproduction).toMatchObject({ verdict: 'passed', fixed: { crashed: false, exitCode: 0 } });
    const jobDir = path.dirname(job.gates.reproduction?.unfixed.logFile ?? '');
    expect(compiled(await readFile(path.join(jobDir, 'build-restored.log'), 'utf8'))).toEqual(['bot-ai.cpp', 'world.cpp']);
    expect(github?.state.pulls).toHaveLength(1);
    // Only this job's fix is on its branch, not the other job's.
    expect(await runGit(origin, ['diff', '--stat', 'main', github?.state.pulls[0]?.head ?? ''])).toMatch(/bot-ai\.cpp \| 2 \+\+\n 1 file changed/);

    // The verified job, given a token, publishes without building or running a gate again.
    const published = await runCli(args(cores['divide-by-zero'], null), env);
    expect(errorLines(published.stderr)).toEqual([]);
    expect(published.stderr).toContain('at VERIFIED; resuming');
    expect(published.stderr).not.toContain('Verify the fix');
    expect(JSON.parse(published.stdout)).toMatchObject({ status: 'PR_CREATED', publication: { commit: expect.stringMatching(/^[0-9a-f]{40}$/) as unknown } });
    expect(github?.state.pulls).toHaveLength(2);
    expect(await runGit(origin, ['diff', '--stat', 'main', github?.state.pulls[1]?.head ?? ''])).toMatch(/world\.cpp \| 2 \+\+\n 1 file changed/);
    model?.assertDone();
  });

  it('fails at the gate with no pull request when the fixed build still crashes', async () => {
    const cosmetic = proposal(BOT_AI, NULL_WRITE, `    // Threat is cleared here.\n${NULL_WRITE}`);
    const { args, env, origin } = await setUp(cosmetic);
    const run = await runCli(args(cores['null-write'], '{build-dir}/worldserver null-write'), env);
    expect(run.code).toBe(1);
    const errors = errorLines(run.stderr);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^error: Job [0-9a-f]{16}: FAILED in stage 'reproduce': The fixed build still crashes \(SIGSEGV; unfixed: SIGSEGV\)\. The fix does not stop the crash, so no pull request is opened; output: \/.*repro-fixed\.log$/);
    expect(github?.state.pulls).toEqual([]);
    expect(await runGit(origin, ['branch', '--list', 'crash-autofix/*'])).toBe('');
  });

  it('opens the pull request but says so when the unfixed build does not crash', async () => {
    const { args, env } = await setUp(GUARD_THREAT);
    const run = await runCli(args(cores['null-write'], '{build-dir}/worldserver ok'), env);
    expect(run.code).toBe(0);
    expect((JSON.parse(run.stdout) as Job).gates.reproduction).toMatchObject({ verdict: 'not-reproduced', fixed: null });
    expect(github?.state.pulls[0]?.body).toContain('| Reproduction | ⚠️ not reproduced: The unfixed build did not crash (exited with code 0), so the reproduction proves nothing. |');
  });
});
