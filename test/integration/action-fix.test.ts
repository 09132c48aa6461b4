import { readFile } from 'node:fs/promises';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ArtifactService } from '../fakes/artifact-service.js';
import { readZip } from '../fakes/artifact-service-zip.js';
import { MessagesApiServer, toolUse } from '../fakes/messages-api-server.js';
import { buildFixture, produceCore, type BuiltFixture } from '../fixtures/crash-fixture.js';
import { fixtureAsRepo } from '../fixtures/fixture-repo.js';
import { makeTempDir, type GitRepoFixture } from '../fixtures/git-repo.js';
import { runAction } from '../fixtures/run-action.js';
import { LocalCrashDatabase } from '../../src/adapters/crash-db/local-crash-database.js';
import path from 'node:path';
import type { CrashEvent } from '../../src/domain/crash-record.js';

const KEY = 'sk-ant-api03-ACTIONFIX0123456789abcdefghijklmnopqrstuvwxyz';
const BOT_AI = 'src/modules/playerbot/bot-ai.cpp';
const CRASH_LINE = '    m_threat->amount = 0; // CRASH:null-write BotAI::ClearThreat';

let fixture: BuiltFixture;
let core: string;
let model: MessagesApiServer | undefined;
let artifacts: ArtifactService | undefined;

beforeAll(async () => {
  fixture = await buildFixture();
  core = await produceCore(fixture.executable, 'null-write', { workDir: await makeTempDir('action-core-') });
});

afterEach(async () => {
  await model?.close();
  await artifacts?.close();
});

const LESSON = 'Do not return early from ClearThreat: the caller must not reach it without a threat entry.';

/** A crash database in the state folder with two rejected fixes: one in the bot module, one elsewhere. */
async function seedCrashDatabase(stateDir: string): Promise<void> {
  // The default store (`crash-db: local`): crash-db.json in the state folder.
  const db = await LocalCrashDatabase.create(path.join(stateDir, 'crash-db.json'));
  const today = new Date().toISOString();
  const rejected = (signature: string, module: string, reason: string): CrashEvent[] => [
    { kind: 'occurrence', id: `${signature}:dump`, signature, at: today, title: signature, module, jobId: null, dumpSha256: null, build: null, server: null },
    { kind: 'pr-opened', id: `${signature}:pr`, signature, at: today, jobId: 'j', pr: { number: 3, url: 'https://github.com/acme/realm/pull/3' }, severity: 'high' },
    { kind: 'rejected', id: `${signature}:rejected`, signature, at: '2026-11-02T09:00:00.000Z', reviewer: 'lead-dev', reason, module },
  ];
  await db.record([...rejected('earlier-bot-crash', 'src/modules/playerbot', LESSON), ...rejected('earlier-map-crash', 'src/server/maps', 'Not about bots.')]);
}

async function userRepo(): Promise<GitRepoFixture> {
  return (await fixtureAsRepo(fixture, { extraFiles: { 'CLAUDE.md': 'Fix bugs in the module before touching the core.\n' } })).repo;
}


describe('the action, analysis and fix, with records uploaded as an artifact', () => {
  it('applies the scripted fix, reports usage, uploads the records, and never leaks the key', async () => {
    model = await MessagesApiServer.start({ apiKey: KEY });
    artifacts = await ArtifactService.start();
    model.script({
      check: (req) => {
        expect(JSON.stringify(req.body.system)).toContain('Fix bugs in the module before touching the core.');
        // The rejection recorded for the culprit's module is in the first prompt; the other module's is not.
        const opening = JSON.stringify(req.body.messages[0]?.content);
        expect(opening).toContain(`lead-dev rejected a fix on 2026-11-02 (module src/modules/playerbot, crash earlier-bot-crash):\\n  ${LESSON}`);
        expect(opening).not.toContain('Not about bots.');
      },
      reply: {
        content: [
          toolUse('submit_fix', {
            root_cause: { summary: 'ClearThreat writes through a null m_threat.', technical_details: 'm_threat is set only in EnterCombat.', category: 'null-pointer', severity: 'high', confidence: 0.92 },
            fix: {
              strategy: 'Return early without a threat entry.',
              edits: [{ path: BOT_AI, old_text: CRASH_LINE, new_text: `    if (!m_threat)\n        return;\n${CRASH_LINE}` }],
              risk: 'Low.',
              test_plan: 'worldserver null-write must exit cleanly.',
            },
          }),
        ],
        usage: { input_tokens: 5000, output_tokens: 700, cache_creation_input_tokens: 3000, cache_read_input_tokens: 0 },
      },
    });
    const repo = await userRepo();
    const state = await makeTempDir('action-state-');
    await seedCrashDatabase(state);
    const run = await runAction({
      ...artifacts.environment(repo.dir),
      INPUT_DUMP: core,
      INPUT_EXECUTABLE: fixture.executable,
      'INPUT_ANTHROPIC-API-KEY': KEY,
      ANTHROPIC_BASE_URL: model.baseURL,
      'INPUT_STATE-DIR': state,
      // Its default is in the user's cache, to outlive the job; a test keeps to its own folder.
      'INPUT_WORK-DIR': await makeTempDir('action-work-'),
    });
    expect(run.code).toBe(0);
    model.assertDone();
    // The dashboard: this run recorded the crash (one dump, analysed, its fix built); the six numbers come from the database.
    expect(run.summary).toContain('### Crash record');
    expect(run.summary).toMatch(/\| `access-violation-[0-9a-f]{12}` .* \| analysing \| 1 \| /);
    expect(run.summary).toContain('| PRs approved | ≥ 70% | 0% | ❌ | 0 of 2 decided |');
    // Applied, built with cmake in the work tree and through the gates; without GitHub the job rests at VERIFIED.
    expect(run.outputs.status).toBe('VERIFIED');
    expect(run.outputs['tests-result']).toBe('passed');
    expect(run.outputs.sandbox).toMatch(/^(bwrap|none)$/);
    expect(run.summary).toContain('| Isolation |');
    expect(run.outputs.confidence).toBe('0.92');
    expect(run.outputs['tokens-input']).toBe('5000');
    expect(run.outputs['tokens-cache-write']).toBe('3000');
    expect(Number(run.outputs['cost-usd'])).toBeGreaterThan(0);
    expect(run.outputs['build-warnings']).toBe('0');
    expect(run.outputs['fix-branch']).toMatch(/^crash-autofix\/access-violation-[0-9a-f]{12}$/);
    expect(await readFile(run.outputs['diff-file'] ?? '', 'utf8')).toContain('+    if (!m_threat)');
    expect(run.summary).toContain('## Root cause (null-pointer, high)');
    expect(run.summary).toContain('| Model | Turns |');
    expect(run.stdout).toContain(`::add-mask::${KEY}`);
    expect(run.stdout.split(`::add-mask::${KEY}`).join('')).not.toContain(KEY);
    expect(run.summary).not.toContain(KEY);

    expect(artifacts.failures).toEqual([]);
    expect(artifacts.artifacts).toHaveLength(1);
    const uploaded = artifacts.artifacts[0];
    expect(run.outputs['artifact-name']).toBe(uploaded?.name);
    const names = readZip(uploaded?.blob.committed ?? Buffer.alloc(0)).map((e) => e.name).sort();
    expect(names).toEqual(['analysis.json', 'analysis.md', 'build-1.log', 'conversation.json', 'fix.diff', 'job.json', 'report.json', 'report.md', 'transcript.json']);
    for (const entry of readZip(uploaded?.blob.committed ?? Buffer.alloc(0))) expect(entry.data.toString('utf8')).not.toContain(KEY);
  });
});
