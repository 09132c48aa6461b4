import path from 'node:path';
import { readFile } from 'node:fs/promises';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { FixProposal } from '../../src/domain/fix-proposal.js';
import { MessagesApiServer, toolUse } from '../fakes/messages-api-server.js';
import { buildFixture, produceCore, type BuiltFixture } from '../fixtures/crash-fixture.js';
import { fixtureAsRepo } from '../fixtures/fixture-repo.js';
import { makeTempDir, type GitRepoFixture } from '../fixtures/git-repo.js';
import { errorLines, runCli } from '../fixtures/run-cli.js';

const KEY = 'sk-ant-api03-HYGIENE0123456789abcdefghijklmnopqrstuvwxyz';
const BOT_AI = 'src/modules/playerbot/bot-ai.cpp';
const NULL_WRITE = '    m_threat->amount = 0; // CRASH:null-write BotAI::ClearThreat';
const DIVIDE = '    return static_cast<uint32_t>(total / samples); // CRASH:divide-by-zero World::AverageLatency';

let fixture: BuiltFixture;
const cores: Record<'null-write' | 'divide-by-zero', string> = { 'null-write': '', 'divide-by-zero': '' };
let model: MessagesApiServer | undefined;

beforeAll(async () => {
  fixture = await buildFixture();
  const work = await makeTempDir('hygiene-cores-');
  cores['null-write'] = await produceCore(fixture.executable, 'null-write', { workDir: work });
  cores['divide-by-zero'] = await produceCore(fixture.executable, 'divide-by-zero', { workDir: work });
});

afterEach(async () => {
  await model?.close();
  model = undefined;
});

function reply(file: string, oldText: string, newText: string): { reply: { content: ReturnType<typeof toolUse>[] } } {
  const proposal: FixProposal = {
    root_cause: { summary: 'A missing guard.', technical_details: 'The value is not checked before use.', category: 'null-pointer', severity: 'high', confidence: 0.9 },
    fix: { strategy: 'Guard it.', edits: [{ path: file, old_text: oldText, new_text: newText }], risk: 'Low.', test_plan: 'The scenario exits cleanly.' },
  };
  return { reply: { content: [toolUse('submit_fix', proposal)] } };
}
const GUARD_THREAT = reply(BOT_AI, NULL_WRITE, `    if (!m_threat)\n        return;\n${NULL_WRITE}`);
const GUARD_SAMPLES = reply('src/game/world.cpp', DIVIDE, `    if (samples == 0)\n        return 0;\n${DIVIDE}`);

/**
 * `fix` on the user's checkout, with the state folder at its default (inside
 * the checkout). The build and test commands are `true`: these jobs are about
 * the checkout, not the build.
 */
async function fix(repo: GitRepoFixture, core: string, options: { workDir: string; stateDir?: string; build?: string }): Promise<{ code: number; stdout: string; stderr: string }> {
  return runCli(
    [
      'fix', '--dump', core, '--exe', fixture.executable, '--source-root', repo.dir, '--work-dir', options.workDir,
      '--build-command', options.build ?? 'true', '--test-command', 'true', '--json',
      ...(options.stateDir ? ['--state-dir', options.stateDir] : []),
    ],
    { ANTHROPIC_API_KEY: KEY, ANTHROPIC_BASE_URL: model?.baseURL ?? '' },
  );
}

const branches = async (repo: GitRepoFixture): Promise<string[]> => (await repo.git('branch', '--list', '--format=%(refname:short)', 'crash-autofix/*')).split('\n').filter(Boolean);

describe("fix keeps the user's checkout tidy", () => {
  it('leaves no untracked state folder and only the latest job branch behind', async () => {
    const { repo } = await fixtureAsRepo(fixture);
    model = await MessagesApiServer.start({ apiKey: KEY });
    model.script(GUARD_THREAT, GUARD_SAMPLES);
    const workDir = await makeTempDir('hygiene-work-');

    const first = await fix(repo, cores['null-write'], { workDir });
    expect(errorLines(first.stderr)).toEqual([]);
    const firstJob = JSON.parse(first.stdout) as { status: string; worktree: { branch: string } };
    expect(firstJob.status).toBe('VERIFIED');
    // The state folder is in the checkout, but git does not list it.
    expect(await repo.git('status', '--porcelain', '--untracked-files=all')).toBe('');
    expect(await readFile(path.join(repo.dir, '.git', 'info', 'exclude'), 'utf8')).toContain('\n/.crash-autofix/\n');
    expect(await branches(repo)).toEqual([firstJob.worktree.branch]);

    const second = await fix(repo, cores['divide-by-zero'], { workDir });
    expect(errorLines(second.stderr)).toEqual([]);
    const secondJob = JSON.parse(second.stdout) as { worktree: { branch: string } };
    expect(second.stderr).toContain(`Deleted 1 local branch(es) left by earlier jobs: ${firstJob.worktree.branch}`);
    expect(await branches(repo)).toEqual([secondJob.worktree.branch]);
    expect(await repo.git('status', '--porcelain', '--untracked-files=all')).toBe('');
    model.assertDone();
  });

  it('stops before the model call on uncommitted changes to tracked files, or a build tool that is not there', async () => {
    const { repo } = await fixtureAsRepo(fixture);
    model = await MessagesApiServer.start({ apiKey: KEY });
    const workDir = await makeTempDir('hygiene-work-');
    await repo.write(BOT_AI, `${await readFile(path.join(repo.dir, BOT_AI), 'utf8')}// local experiment\n`);
    const dirty = await fix(repo, cores['null-write'], { workDir });
    expect(dirty.code).toBe(1);
    const [line, ...more] = errorLines(dirty.stderr);
    expect(more).toEqual([]);
    expect(line).toMatch(/^error: Job [0-9a-f]{16}: FAILED in stage 'start-analysis': /);
    expect(line).toContain(`: ${repo.dir} has uncommitted changes to tracked files (${BOT_AI}); the fix is made against the last commit, so commit or stash them first`);

    await repo.git('checkout', '--', BOT_AI);
    const noTool = await fix(repo, cores['null-write'], { workDir, build: 'no-such-build-tool --all' });
    expect(noTool.code).toBe(1);
    expect(errorLines(noTool.stderr)[0]).toMatch(/FAILED in stage 'start-analysis': The program of 'build-command', no-such-build-tool, was not found on PATH or is not executable; install it or fix 'build-command'$/);
    // Neither job asked the model.
    expect(model.requests).toHaveLength(0);
  });

  it('says which work tree holds the branch when a second work folder on the repository handles the same crash', async () => {
    const { repo } = await fixtureAsRepo(fixture);
    model = await MessagesApiServer.start({ apiKey: KEY });
    model.script(GUARD_THREAT, GUARD_THREAT);
    const [workA, workB, stateB] = await Promise.all([makeTempDir('hygiene-a-'), makeTempDir('hygiene-b-'), makeTempDir('hygiene-state-b-')]);
    const first = await fix(repo, cores['null-write'], { workDir: workA });
    expect(errorLines(first.stderr)).toEqual([]);
    const branch = (JSON.parse(first.stdout) as { worktree: { branch: string } }).worktree.branch;
    const second = await fix(repo, cores['null-write'], { workDir: workB, stateDir: stateB });
    expect(second.code).toBe(1);
    expect(errorLines(second.stderr)[0]).toContain(
      `FAILED in stage 'apply': Branch ${branch} is checked out in another work tree, ${path.join(workA, 'tree')} (another work folder on this repository holds a fix for the same crash); give every job on this repository the same 'work-dir', or free the branch with 'git -C ${path.join(workA, 'tree')} switch --detach'`,
    );
    model.assertDone();
  });
});
