/**
 * A second dump of a crash that already has its pull request: through the
 * CLI, the real Octokit client and the GitHub stand-in. It is neither
 * analysed again nor allowed to open a second pull request; it ends as
 * DUPLICATE naming the pull request — on the same machine, on another one
 * (no job record, only GitHub knows), in a watched folder, and after a person
 * closed the pull request. A merged fix lets a new dump go on as a regression.
 */
import { copyFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { FixProposal } from '../../src/domain/fix-proposal.js';
import { GitHubApiServer } from '../fakes/github-api-server.js';
import { MessagesApiServer, toolUse } from '../fakes/messages-api-server.js';
import { buildFixture, produceCore, type BuiltFixture } from '../fixtures/crash-fixture.js';
import { fixtureAsRepo } from '../fixtures/fixture-repo.js';
import { makeTempDir } from '../fixtures/git-repo.js';
import { errorLines, runCli } from '../fixtures/run-cli.js';

const KEY = 'sk-ant-api03-DUPLICATE0123456789abcdefghijklmnopqrstuvw';
const GH_TOKEN = 'ghs_DUPLICATE0123456789abcdefghijklmno';
const BOT_AI = 'src/modules/playerbot/bot-ai.cpp';
const CRASH_LINE = '    m_threat->amount = 0; // CRASH:null-write BotAI::ClearThreat';
const FIX: FixProposal = {
  root_cause: { summary: 'ClearThreat writes through a null m_threat.', technical_details: 'm_threat is set only in EnterCombat.', category: 'null-pointer', severity: 'high', confidence: 0.9 },
  fix: { strategy: 'Return early.', edits: [{ path: BOT_AI, old_text: CRASH_LINE, new_text: `    if (!m_threat)\n        return;\n${CRASH_LINE}` }], risk: 'Low.', test_plan: 'null-write exits cleanly.' },
};

interface JobJson {
  status: string;
  report: { signature: string; dump: { fingerprint: string | null } };
  pr?: { number: number; url: string; action: string };
  duplicateOf?: { why: string; jobId: string | null; pr: { number: number; url: string } | null };
  reason?: string;
}

let fixture: BuiltFixture;
let cores: string[];
let model: MessagesApiServer | undefined;
let github: GitHubApiServer | undefined;

beforeAll(async () => {
  fixture = await buildFixture();
  const dir = await makeTempDir('duplicate-cores-');
  // Three runs of the same crash: three different core files, one signature.
  cores = [await produceCore(fixture.executable, 'null-write', { workDir: dir }), await produceCore(fixture.executable, 'null-write', { workDir: dir }), await produceCore(fixture.executable, 'null-write', { workDir: dir })];
});

afterEach(async () => {
  await model?.close();
  await github?.close();
  model = undefined;
  github = undefined;
});

describe('another dump of a crash that already has its pull request', () => {
  it('is not analysed again and opens no second pull request, here, on another runner, in a watched folder, and after the pull request was closed', async () => {
    const { repo } = await fixtureAsRepo(fixture, { origin: true });
    const core = (i: number): string => cores[i] ?? '';
    model = await MessagesApiServer.start({ apiKey: KEY });
    // One analysis in all: the duplicates never reach the model.
    model.script({ reply: { content: [toolUse('submit_fix', FIX)] } });
    github = await GitHubApiServer.start({ token: GH_TOKEN, owner: 'acme', repo: 'server', branches: ['main'] });
    const analysed = await runCli(['analyze', '--dump', core(0), '--exe', fixture.executable, '--source-root', repo.dir, '--state-dir', await makeTempDir('dup-sig-'), '--json']);
    const signature = (JSON.parse(analysed.stdout) as { signature: string }).signature;
    github.addBranch(`crash-autofix/${signature}`);
    const env = { ANTHROPIC_API_KEY: KEY, ANTHROPIC_BASE_URL: model.baseURL, GITHUB_TOKEN: GH_TOKEN, GITHUB_API_URL: github.baseUrl };
    const fix = (dump: string, state: string): string[] => ['fix', '--dump', dump, '--exe', fixture.executable, '--source-root', repo.dir, '--repository', 'acme/server', '--state-dir', state, '--json'];
    const state = await makeTempDir('dup-state-');

    const first = await runCli(fix(core(0), state), env);
    expect(errorLines(first.stderr)).toEqual([]);
    const opened = JSON.parse(first.stdout) as JobJson;
    expect(opened).toMatchObject({ status: 'PR_CREATED', pr: { action: 'created' } });
    const firstJob = (opened.report.dump.fingerprint ?? '').slice(0, 16);

    // The same machine: the job record that opened the pull request is named too.
    const here = await runCli(fix(core(1), state), env);
    expect(here.code).toBe(0);
    const duplicate = JSON.parse(here.stdout) as JobJson;
    expect(duplicate.report.signature).toBe(signature);
    expect(duplicate.report.dump.fingerprint).not.toBe(opened.report.dump.fingerprint);
    expect(duplicate).toMatchObject({ status: 'DUPLICATE', duplicateOf: { why: 'open-pull-request', jobId: firstJob, pr: { number: opened.pr?.number, url: opened.pr?.url } } });
    expect(here.stderr).toMatch(new RegExp(`Job [0-9a-f]{16}: DUPLICATE: Crash signature ${signature} already has the open pull request #${opened.pr?.number ?? 0} \\(.*\\), opened by job ${firstJob}; this dump was not analysed again and no second pull request was opened`));
    expect(here.stderr).not.toContain('Root-cause analysis with Claude');

    // Another runner: no job record here, GitHub alone knows.
    const elsewhere = await runCli(fix(core(1), await makeTempDir('dup-other-runner-')), env);
    expect(JSON.parse(elsewhere.stdout)).toMatchObject({ status: 'DUPLICATE', duplicateOf: { why: 'open-pull-request', jobId: null, pr: { number: opened.pr?.number } } });

    // A watched folder counts it as already handled.
    const dumps = await makeTempDir('dup-dumps-');
    await copyFile(core(2), path.join(dumps, 'worldserver-3.core'));
    const watchArgs = ['watch', dumps, '--once', '--exe', fixture.executable, '--source-root', repo.dir, '--repository', 'acme/server', '--state-dir', await makeTempDir('dup-watch-state-')];
    const watched = await runCli(watchArgs, env);
    expect(watched.code).toBe(0);
    expect(watched.stderr).toMatch(/worldserver-3\.core: DUPLICATE \(job [0-9a-f]{16}\): Crash signature .* already has the open pull request/);
    expect(watched.stderr).toContain('watch: 0 dump(s) handled, 1 already handled, 0 failed');
    // ... also after a restart, from its job record.
    expect((await runCli(watchArgs, env)).stderr).toContain('watch: 0 dump(s) handled, 1 already handled, 0 failed');

    // A person closed the pull request without merging: still no second one.
    const pr = github.state.pull(opened.pr?.number ?? 0);
    if (pr) pr.state = 'closed';
    const closed = await runCli(fix(core(2), await makeTempDir('dup-closed-')), env);
    expect(JSON.parse(closed.stdout)).toMatchObject({ status: 'DUPLICATE', duplicateOf: { why: 'closed-pull-request', pr: { number: opened.pr?.number } } });
    expect(closed.stderr).toContain('which was closed without merging; crash-autofix does not open another for a fix a person turned down');

    expect(github.state.pulls).toHaveLength(1);
    expect(github.calls('pulls/create')).toHaveLength(1);
    model.assertDone();
    github.assertNoInvalidRequests();
  });

  it('goes on as a regression once the fix was merged', async () => {
    const { repo } = await fixtureAsRepo(fixture);
    github = await GitHubApiServer.start({ token: GH_TOKEN, owner: 'acme', repo: 'server', branches: ['main'] });
    const analysed = await runCli(['analyze', '--dump', cores[0] ?? '', '--exe', fixture.executable, '--source-root', repo.dir, '--state-dir', await makeTempDir('dup-sig-'), '--json']);
    const signature = (JSON.parse(analysed.stdout) as { signature: string }).signature;
    const merged = github.state.seedMergedPullRequest({ head: `crash-autofix/${signature}`, title: 'The fix', body: `Fixed.\n\nCrash-Signature: ${signature}` });

    // No API key: the job goes on past the check and stops where a job without a key stops.
    const run = await runCli(['fix', '--dump', cores[1] ?? '', '--exe', fixture.executable, '--source-root', repo.dir, '--repository', 'acme/server', '--state-dir', await makeTempDir('dup-regression-'), '--json'], { GITHUB_TOKEN: GH_TOKEN, GITHUB_API_URL: github.baseUrl });

    expect(JSON.parse(run.stdout)).toMatchObject({ status: 'ANALYSIS_SKIPPED' });
    expect(run.stderr).toContain(`Crash signature ${signature} was fixed before by #${merged.number}`);
    expect(run.stderr).toContain('which was merged: this crash is a regression');
    github.assertNoInvalidRequests();
  });
});
