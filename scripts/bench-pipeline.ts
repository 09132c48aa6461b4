/**
 * Part of `npm run bench`: time from dump to draft pull request on the
 * mini-server fixture, with the scripted Messages API and GitHub stand-ins,
 * split by stage; and crash-autofix's own overhead (everything but the
 * processes it starts: gdb, git, cmake, the compiler, ctest). Target: < 5 s.
 */
import { createAdapters } from '../src/composition/create-adapters.js';
import { runPipeline } from '../src/composition/run-pipeline.js';
import { NodeProcessRunner, type ProcessRunner } from '../src/adapters/exec/process-runner.js';
import { MemoryLogger } from '../src/pipeline/logger.js';
import { buildSettings } from '../src/settings/build-settings.js';
import { captureEnvironment } from '../src/settings/environment.js';
import { GitHubApiServer } from '../test/fakes/github-api-server.js';
import { MessagesApiServer, toolUse } from '../test/fakes/messages-api-server.js';
import { buildFixture, produceCore } from '../test/fixtures/crash-fixture.js';
import { fixtureAsRepo } from '../test/fixtures/fixture-repo.js';
import { makeTempDir } from '../test/fixtures/git-repo.js';

const TARGET_OVERHEAD_MS = 5000;
const KEY = 'sk-ant-api03-BENCH0123456789abcdefghijklmnopqrstuvwxyz';
const TOKEN = 'ghs_BENCH0123456789abcdefghijklmnopqr';

/** Counts the time spent in external processes. */
class TimingRunner implements ProcessRunner {
  externalMs = 0;
  private readonly inner = new NodeProcessRunner(process.env);
  async run(...args: Parameters<ProcessRunner['run']>): ReturnType<ProcessRunner['run']> {
    const started = performance.now();
    try {
      return await this.inner.run(...args);
    } finally {
      this.externalMs += performance.now() - started;
    }
  }
}

interface JobTiming {
  rows: string[];
  totalMs: number;
  overheadMs: number;
}

const NULL_WRITE = '    m_threat->amount = 0; // CRASH:null-write BotAI::ClearThreat';
const DIVIDE = '    return static_cast<uint32_t>(total / samples); // CRASH:divide-by-zero World::AverageLatency';

function fix(path: string, oldText: string, guard: string): unknown {
  return {
    root_cause: { summary: 'A missing guard.', technical_details: 'The value is not checked.', category: 'null-pointer', severity: 'high', confidence: 0.9 },
    fix: { strategy: 'Guard it.', edits: [{ path, old_text: oldText, new_text: `${guard}\n${oldText}` }], risk: 'Low.', test_plan: 'Run it.' },
  };
}

/**
 * Two crashes on one runner: the first job configures and fully builds the
 * reusable work tree; the second, timed the same way, resets it to the base
 * commit and builds incrementally (the first fix reverted, the second applied).
 * The compiler cache is off so the numbers are the build system's own.
 */
export async function benchDumpToPullRequest(): Promise<{ cold: JobTiming; warm: JobTiming; met: boolean }> {
  const fixture = await buildFixture();
  const coreDir = await makeTempDir('bench-core-');
  const cores = [await produceCore(fixture.executable, 'null-write', { workDir: coreDir }), await produceCore(fixture.executable, 'divide-by-zero', { workDir: coreDir })];
  const { repo } = await fixtureAsRepo(fixture, { origin: true });
  const model = await MessagesApiServer.start({ apiKey: KEY });
  model.script(
    { reply: { content: [toolUse('submit_fix', fix('src/modules/playerbot/bot-ai.cpp', NULL_WRITE, '    if (!m_threat)\n        return;'))] } },
    { reply: { content: [toolUse('submit_fix', fix('src/game/world.cpp', DIVIDE, '    if (samples == 0)\n        return 0;'))] } },
  );
  const github = await GitHubApiServer.start({ token: TOKEN, owner: 'acme', repo: 'server', branches: ['main'] });
  const stateDir = await makeTempDir('bench-state-');
  try {
    const environment = { ...captureEnvironment(), anthropicApiKey: KEY, anthropicBaseUrl: model.baseURL, githubToken: TOKEN, githubApiUrl: github.baseUrl };
    const timeJob = async (core: string): Promise<JobTiming> => {
      const settings = await buildSettings({
        origin: 'cli',
        command: 'fix',
        values: { dump: core, executable: fixture.executable, 'source-root': repo.dir, 'state-dir': stateDir, repository: 'acme/server', 'compiler-launcher': 'none' },
        environment,
        readTextFile: async () => null,
      });
      const runner = new TimingRunner();
      const adapters = createAdapters(settings, (t) => t, runner);
      const started = performance.now();
      // The stand-in needs the head branch to exist, as GitHub would after the push.
      const parsed = await runPipeline({ ...settings, stopAfter: 'analyze' }, adapters, new MemoryLogger());
      const state = parsed.record.state;
      if (state.status !== 'ANALYSIS_PENDING') throw new Error(`bench: analysis failed: ${JSON.stringify(state)}`);
      github.addBranch(`crash-autofix/${state.report.signature}`);
      const result = await runPipeline(settings, adapters, new MemoryLogger());
      const totalMs = performance.now() - started;
      if (result.record.state.status !== 'PR_CREATED') throw new Error(`bench: ended at ${result.record.state.status}: ${JSON.stringify(result.record.state).slice(0, 400)}`);
      const rows = result.record.history.filter((h) => h.durationMs !== null).map((h) => `| → ${h.status} | ${((h.durationMs ?? 0) / 1000).toFixed(2)} s |`);
      const overheadMs = totalMs - runner.externalMs;
      rows.push(`| **total, dump to draft PR** | **${(totalMs / 1000).toFixed(2)} s** |`);
      rows.push(`| in external processes (gdb, git, cmake, compiler, ctest) | ${(runner.externalMs / 1000).toFixed(2)} s |`);
      rows.push(`| crash-autofix's own overhead (target < ${TARGET_OVERHEAD_MS / 1000} s) | ${(overheadMs / 1000).toFixed(2)} s ${overheadMs < TARGET_OVERHEAD_MS ? 'met' : 'MISSED'} |`);
      return { rows, totalMs, overheadMs };
    };
    const cold = await timeJob(cores[0] ?? '');
    const warm = await timeJob(cores[1] ?? '');
    return { cold, warm, met: cold.overheadMs < TARGET_OVERHEAD_MS && warm.overheadMs < TARGET_OVERHEAD_MS };
  } finally {
    await model.close();
    await github.close();
  }
}
