/**
 * Re-runs after a correction: a job keyed by the dump alone must not replay
 * old input. The settings that shaped each stage are in the job record, and a
 * change sends the job back to the first affected stage, saying so in one line.
 */
import { copyFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { FixProposal } from '../../src/domain/fix-proposal.js';
import { MessagesApiServer, toolUse } from '../fakes/messages-api-server.js';
import { buildFixture, produceCore, type BuiltFixture } from '../fixtures/crash-fixture.js';
import { fixtureAsRepo } from '../fixtures/fixture-repo.js';
import { makeTempDir } from '../fixtures/git-repo.js';
import { errorLines, runCli } from '../fixtures/run-cli.js';

const KEY = 'sk-ant-api03-RERUN0123456789abcdefghijklmnopqrstu';
const BOT_AI = 'src/modules/playerbot/bot-ai.cpp';
const NULL_WRITE = '    m_threat->amount = 0; // CRASH:null-write BotAI::ClearThreat';
const GUARD: FixProposal = {
  root_cause: { summary: 'A missing guard.', technical_details: 'm_threat is not checked.', category: 'null-pointer', severity: 'high', confidence: 0.9 },
  fix: { strategy: 'Guard it.', edits: [{ path: BOT_AI, old_text: NULL_WRITE, new_text: `    if (!m_threat)\n        return;\n${NULL_WRITE}` }], risk: 'Low.', test_plan: 'Run it.' },
};

let fixture: BuiltFixture;
let core: string;
let model: MessagesApiServer | undefined;

beforeAll(async () => {
  fixture = await buildFixture();
  core = await produceCore(fixture.executable, 'null-write', { workDir: await makeTempDir('rerun-core-') });
});

afterEach(async () => {
  await model?.close();
  model = undefined;
});

describe('a re-run after a correction resumes from the first stage the change affects', () => {
  it('analyses once the key is set after ANALYSIS_SKIPPED, without parsing the dump again', async () => {
    const { repo } = await fixtureAsRepo(fixture);
    const state = await makeTempDir('rerun-state-');
    const args = ['fix', '--dump', core, '--exe', fixture.executable, '--source-root', repo.dir, '--state-dir', state, '--work-dir', await makeTempDir('rerun-work-'), '--json'];
    const skipped = await runCli(args);
    expect(skipped.code).toBe(0);
    expect(JSON.parse(skipped.stdout)).toMatchObject({ status: 'ANALYSIS_SKIPPED' });

    model = await MessagesApiServer.start({ apiKey: KEY });
    model.script({ reply: { content: [toolUse('submit_fix', GUARD)] } });
    const run = await runCli(args, { ANTHROPIC_API_KEY: KEY, ANTHROPIC_BASE_URL: model.baseURL });
    expect(errorLines(run.stderr)).toEqual([]);
    expect(run.stderr).toMatch(/Settings changed since job [0-9a-f]{16} ran \(anthropic-api-key\): resuming from ANALYSIS_PENDING instead of ANALYSIS_SKIPPED/);
    expect(run.stderr).not.toContain('Parse the crash');
    expect(JSON.parse(run.stdout)).toMatchObject({ status: 'VERIFIED' });
    model.assertDone();
  });

  it('parses again with a corrected executable instead of replaying the report made with the wrong one', async () => {
    const state = await makeTempDir('rerun-exe-state-');
    // The wrong program: same name, another build (the tests binary).
    const wrong = path.join(await makeTempDir('rerun-wrong-'), 'worldserver');
    await copyFile(path.join(fixture.buildDir, 'tests', 'mini_server_tests'), wrong);
    const args = (exe: string): string[] => ['analyze', '--dump', core, '--exe', exe, '--source-root', fixture.sourceDir, '--state-dir', state, '--json'];
    const first = await runCli(args(wrong));
    const firstCulprit = first.code === 0 ? (JSON.parse(first.stdout) as { culprit: { function: string } | null }).culprit?.function ?? null : null;
    expect(firstCulprit).not.toBe('BotAI::ClearThreat');

    const corrected = await runCli(args(fixture.executable));
    expect(errorLines(corrected.stderr)).toEqual([]);
    expect(corrected.stderr).toMatch(/Settings changed since job [0-9a-f]{16} ran \(executable\): resuming from CRASH_DETECTED instead of /);
    expect(JSON.parse(corrected.stdout)).toMatchObject({ culprit: { function: 'BotAI::ClearThreat' } });

    // Nothing changed now: the finished report is reused as it is.
    const again = await runCli(args(fixture.executable));
    expect(again.stderr).toMatch(/at ANALYSIS_PENDING; resuming/);
    expect(again.stderr).not.toContain('Settings changed');
  });
});
