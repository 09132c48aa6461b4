import { execFile } from 'node:child_process';
import { copyFile, readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureEnvironment } from '../../src/settings/environment.js';
import { DEFAULT_SCENARIO_DIR, NO_KEY_LINE, benchFix } from '../../scripts/fix-bench/bench-fix.js';
import type { Totals } from '../../scripts/fix-bench/render-results.js';
import type { ScenarioResult } from '../../scripts/fix-bench/score.js';
import { MessagesApiServer, toolUse } from '../fakes/messages-api-server.js';
import { buildFixture, produceCore, type BuiltFixture } from '../fixtures/crash-fixture.js';
import { fixtureAsRepo } from '../fixtures/fixture-repo.js';
import { makeTempDir } from '../fixtures/git-repo.js';

const KEY = 'sk-ant-api03-BENCHFIX0123456789abcdefghijklmnopqrstuvwxyz';
const BOT_AI = 'src/modules/playerbot/bot-ai.cpp';
const CRASH_LINE = '    m_threat->amount = 0; // CRASH:null-write BotAI::ClearThreat';
const STATS_LINE = '    if (m_statsTimer < 200)';

let fixture: BuiltFixture;
let server: MessagesApiServer;

beforeAll(async () => {
  fixture = await buildFixture();
  server = await MessagesApiServer.start({ apiKey: KEY });
});

afterAll(async () => {
  await server?.close();
});

function submit(path: string, oldText: string, newText: string): unknown {
  return {
    root_cause: { summary: 'A value is used without a check.', technical_details: 'Nothing guards it.', category: 'null-pointer', severity: 'high', confidence: 0.9 },
    fix: { strategy: 'Guard it.', edits: [{ path, old_text: oldText, new_text: newText }], risk: 'Low.', test_plan: 'Run the crash again.' },
  };
}

/**
 * A team's own scenario, as the README describes it: their repository (a
 * later commit exists; the crash is from the first), their dump and program,
 * their culprit and ground truth, their repro command.
 */
async function teamScenario(dir: string): Promise<void> {
  const { repo } = await fixtureAsRepo(fixture);
  const crashed = (await repo.git('rev-parse', 'HEAD')).trim();
  await repo.commit({ message: 'Later work', files: { 'NOTES.md': 'not the crashed build\n' } });
  const dump = await produceCore(fixture.executable, 'divide-by-zero', { workDir: dir });
  const scenario = {
    description: 'Our server divides by zero with no sessions',
    repository: repo.dir,
    commit: crashed,
    dump: path.relative(dir, dump),
    executable: fixture.executable,
    culprit: { file: 'src/game/world.cpp', line: 227 },
    settings: { 'repro-command': '{build-dir}/worldserver divide-by-zero', 'compiler-launcher': 'none' },
    groundTruth: [{ file: 'src/game/world.cpp', startLine: 217, endLine: 227 }],
  };
  await writeFile(path.join(dir, 'our-divide.json'), JSON.stringify(scenario, null, 2));
}

describe('npm run bench:fix against the scripted Messages API', () => {
  it('runs each scenario through crash-autofix fix and reports the gates, the ground truth, tokens and cost', async () => {
    const scenarios = await makeTempDir('bench-scenarios-');
    await copyFile(path.join(DEFAULT_SCENARIO_DIR, 'null-write.json'), path.join(scenarios, 'null-write.json'));
    await teamScenario(scenarios);
    // Scenarios run by name: null-write, then our-divide.
    server.script(
      {
        check: (req) => expect(JSON.stringify(req.body.messages[0])).toContain('BotAI::ClearThreat'),
        reply: { content: [toolUse('read_file', { path: BOT_AI, start_line: 25, end_line: 35 })], usage: { input_tokens: 1000, output_tokens: 100 } },
      },
      {
        check: (req) => expect(JSON.stringify(req.body.messages.at(-1))).toContain('m_threat->amount = 0'),
        reply: { content: [toolUse('submit_fix', submit(BOT_AI, CRASH_LINE, `    if (!m_threat)\n        return;\n${CRASH_LINE}`))], usage: { input_tokens: 1000, output_tokens: 100 } },
      },
      {
        check: (req) => expect(JSON.stringify(req.body.messages[0])).toContain('World::AverageLatency'),
        // Compiles and passes the tests, but changes a line that does not stop the crash.
        reply: { content: [toolUse('submit_fix', submit('src/game/world.cpp', STATS_LINE, '    if (m_statsTimer < 100)'))], usage: { input_tokens: 3000, output_tokens: 300 } },
      },
    );
    const temp = await makeTempDir('bench-temp-');
    let stdout = '';
    let stderr = '';
    const code = await benchFix(['--scenarios', scenarios, '--json'], {
      environment: captureEnvironment({ PATH: process.env.PATH, HOME: process.env.HOME, ANTHROPIC_API_KEY: KEY, ANTHROPIC_BASE_URL: server.baseURL, RUNNER_TEMP: temp }),
      stdout: (t) => (stdout += t),
      stderr: (t) => (stderr += t),
    });
    expect(code, stderr).toBe(0);
    server.assertDone();
    const out = JSON.parse(stdout) as { model: string; scenarios: ScenarioResult[]; totals: Totals };
    expect(out.model).toBe('claude-sonnet-5-5');
    const [fixed, missed] = out.scenarios;
    expect(missed).toMatchObject({
      name: 'our-divide',
      status: 'FAILED',
      culprit: { expected: 'src/game/world.cpp:227', found: 'src/game/world.cpp:227', ok: true },
      compiles: true,
      tests: null,
      reproduction: false,
      reproductionVerdict: 'failed',
      groundTruth: false,
      usage: { turns: 1, inputTokens: 3000, outputTokens: 300, cacheReadTokens: 0, cacheWriteTokens: 0, estimatedCostUsd: 0.0135 },
    });
    expect(missed?.failure).toMatch(/^FAILED in stage 'reproduce': .*crash/);
    expect(fixed).toMatchObject({
      name: 'null-write',
      status: 'VERIFIED',
      failure: null,
      culprit: { expected: `${BOT_AI}:35`, found: `${BOT_AI}:35`, ok: true },
      compiles: true,
      tests: true,
      reproduction: true,
      reproductionVerdict: 'passed',
      groundTruth: true,
      usage: { turns: 2, inputTokens: 2000, outputTokens: 200, estimatedCostUsd: 0.009 },
    });
    expect(out.totals).toMatchObject({
      scenarios: 2,
      culpritFound: 2,
      compiles: 2,
      testsPass: 1,
      reproductionPasses: 1,
      touchesGroundTruth: 1,
      verified: 1,
      turns: 3,
      inputTokens: 5000,
      outputTokens: 500,
      estimatedCostUsd: 0.0225,
    });
    expect(stderr).toContain('bench:fix: [1/2] null-write: VERIFIED');
    expect(stderr).toContain("bench:fix: [2/2] our-divide: FAILED in stage 'reproduce'");
    expect(stderr).not.toContain(KEY);
    // Without --keep, nothing is left behind, and a failed scenario says how to keep it.
    expect(await readdir(temp)).toEqual([]);
    expect(stderr).toContain('bench:fix: the work folder is removed; run again with --keep to look at the job records and logs');
  }, 900_000);
});

describe('npm run bench:fix on scenarios that cannot run', () => {
  it('reports each as an ERROR row with its reason, goes on, and with --keep leaves the work folder', async () => {
    const scenarios = await makeTempDir('bench-scenarios-');
    const { repo } = await fixtureAsRepo(fixture);
    const team = (repository: string, dump: string) => ({ description: 'ours', repository, dump, groundTruth: [{ file: 'src/game/world.cpp', startLine: 1, endLine: 2 }] });
    await writeFile(path.join(scenarios, 'a-no-repo.json'), JSON.stringify(team('./no-such-repo', 'core.1')));
    await writeFile(path.join(scenarios, 'b-no-dump.json'), JSON.stringify(team(repo.dir, 'dumps/missing.core')));
    const temp = await makeTempDir('bench-temp-');
    const requestsBefore = server.requests.length;
    let stdout = '';
    let stderr = '';
    const code = await benchFix(['--scenarios', scenarios, '--keep'], {
      environment: captureEnvironment({ PATH: process.env.PATH, HOME: process.env.HOME, ANTHROPIC_API_KEY: KEY, ANTHROPIC_BASE_URL: server.baseURL, RUNNER_TEMP: temp }),
      stdout: (t) => (stdout += t),
      stderr: (t) => (stderr += t),
    });
    expect(code, stderr).toBe(0);
    const lines = stdout.split('\n');
    expect(lines.find((l) => l.startsWith('| a-no-repo '))).toMatch(/^\| a-no-repo \| ✗ none \(expected a ground-truth line\) \| — \| — \| — \| — \| — \| — \| — \| [\d.]+ s \| ERROR \|$/);
    expect(stderr).toMatch(/\[1\/2\] a-no-repo: The scenario could not be set up: Cannot clone the scenario repository .*no-such-repo \(git: .*\)/);
    expect(stderr).toMatch(/\[2\/2\] b-no-dump: .*missing\.core/);
    expect(lines.find((l) => l.startsWith('| b-no-dump '))).toMatch(/\| ERROR \|$/);
    expect(lines).toContain('| Fix compiles | 0/2 (0%) |');
    const kept = /kept the work folder (\S+)/.exec(stderr)?.[1] ?? '';
    expect(path.dirname(kept)).toBe(temp);
    expect(await readFile(path.join(kept, 'scenarios', 'b-no-dump', 'fix.log'), 'utf8')).toMatch(/^\$ crash-autofix fix --dump .*missing\.core/);
    // Neither got as far as the model.
    expect(server.requests).toHaveLength(requestsBefore);
  });
});

describe('npm run bench:fix without an API key', () => {
  it('says so in one line and exits 0', async () => {
    const env: Record<string, string> = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' };
    const run = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      execFile(process.execPath, [path.resolve('node_modules/tsx/dist/cli.mjs'), 'scripts/bench-fix.ts'], { env, timeout: 60_000 }, (error, stdout, stderr) =>
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr }),
      );
    });
    expect(run).toEqual({ code: 0, stdout: `${NO_KEY_LINE}\n`, stderr: '' });
  });
});
