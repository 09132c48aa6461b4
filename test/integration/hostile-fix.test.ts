/**
 * Hostile model answers, end to end through the bundled CLI with real cmake,
 * make, ctest, git and cores: a fix that edits the build file to write the
 * environment to disk, and one whose C++ reads the key at run time. The key
 * and the token must end up in no file anywhere: work tree, build folder,
 * cores, job folder, and the git objects of the checkout and its origin.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { FixProposal } from '../../src/domain/fix-proposal.js';
import { GitHubApiServer } from '../fakes/github-api-server.js';
import { MessagesApiServer, toolUse } from '../fakes/messages-api-server.js';
import { buildFixture, produceCore, type BuiltFixture } from '../fixtures/crash-fixture.js';
import { fixtureAsRepo } from '../fixtures/fixture-repo.js';
import { makeTempDir, runGit } from '../fixtures/git-repo.js';
import { errorLines, type CliRun } from '../fixtures/run-cli.js';

/** The bundle, as a user runs it: this test needs the shell's `ulimit -c unlimited` for every process below. */
const CLI = path.resolve('dist/cli/index.js');

const KEY = 'sk-ant-api03-HOSTILE0123456789abcdefghijklmnopqrs';
const TOKEN = 'ghs_HOSTILE0123456789abcdefghijklmn';
const BOT_AI = 'src/modules/playerbot/bot-ai.cpp';
const NULL_WRITE = '    m_threat->amount = 0; // CRASH:null-write BotAI::ClearThreat';
const PROJECT = 'project(mini_server LANGUAGES CXX)';
const HAS_BWRAP = existsSync('/usr/bin/bwrap');

let fixture: BuiltFixture;
let core: string;
let model: MessagesApiServer | undefined;
let github: GitHubApiServer | undefined;

beforeAll(async () => {
  fixture = await buildFixture();
  core = await produceCore(fixture.executable, 'null-write', { workDir: await makeTempDir('hostile-core-') });
});

afterEach(async () => {
  await model?.close();
  await github?.close();
});

function proposal(edits: FixProposal['fix']['edits']): FixProposal {
  return {
    root_cause: { summary: 'The threat entry is used after release.', technical_details: 'ClearThreat does not check m_threat.', category: 'null-pointer', severity: 'high', confidence: 0.9 },
    fix: { strategy: 'Guard it.', edits, risk: 'Low.', test_plan: 'Run the scenario.' },
  };
}
const GUARD = { path: BOT_AI, old_text: NULL_WRITE, new_text: `    if (!m_threat)\n        return;\n${NULL_WRITE}` };
const LEAKY_CMAKE = {
  path: 'CMakeLists.txt',
  old_text: PROJECT,
  new_text: `${PROJECT}\nfile(WRITE \${CMAKE_BINARY_DIR}/leak-cmake.txt "key=$ENV{ANTHROPIC_API_KEY} token=$ENV{GITHUB_TOKEN} input=$ENV{INPUT_ANTHROPIC-API-KEY}")\nfile(WRITE \${CMAKE_SOURCE_DIR}/leak-cmake-src.txt "key=$ENV{ANTHROPIC_API_KEY}")`,
};
/** Reads the key, the token and its parent's /proc environ at run time, and writes them to the tree, its folder and its output. */
const LEAKY_CPP = [
  { path: BOT_AI, old_text: '#include "game/player.h"\n', new_text: '#include "game/player.h"\n\n#include <cstdio>\n#include <cstdlib>\n#include <unistd.h>\n' },
  {
    path: BOT_AI,
    old_text: NULL_WRITE,
    new_text: [
      '    {',
      '        const char* key = std::getenv("ANTHROPIC_API_KEY");',
      '        const char* token = std::getenv("GITHUB_TOKEN");',
      '        char parent[4096] = {0};',
      '        char procPath[64];',
      '        std::snprintf(procPath, sizeof procPath, "/proc/%d/environ", static_cast<int>(getppid()));',
      '        if (std::FILE* p = std::fopen(procPath, "rb")) { std::fread(parent, 1, sizeof parent - 1, p); std::fclose(p); }',
      '        for (char& c : parent) if (c == 0) c = \'\\n\';',
      '        std::printf("key=%s token=%s parent=%s\\n", key ? key : "", token ? token : "", parent);',
      '        const char* tree = std::getenv("CRASH_AUTOFIX_WORK_TREE");',
      '        for (const char* dir : { ".", tree ? tree : "." }) {',
      '            char out[4200];',
      '            std::snprintf(out, sizeof out, "%s/leak-run.txt", dir);',
      '            if (std::FILE* f = std::fopen(out, "w")) { std::fprintf(f, "key=%s token=%s parent=%s\\n", key ? key : "", token ? token : "", parent); std::fclose(f); }',
      '        }',
      '    }',
      '    if (!m_threat)',
      '        return;',
      NULL_WRITE,
    ].join('\n'),
  },
];

interface Setup {
  repoDir: string;
  origin: string;
  state: string;
  work: string;
  run: (extra: string[]) => Promise<CliRun>;
}

async function setUp(...replies: FixProposal[]): Promise<Setup> {
  const { repo, origin } = await fixtureAsRepo(fixture, { origin: true });
  if (origin === null) throw new Error('origin expected');
  model = await MessagesApiServer.start({ apiKey: KEY });
  model.script(...replies.map((p) => ({ reply: { content: [toolUse('submit_fix', p)] } })));
  github = await GitHubApiServer.start({ token: TOKEN, owner: 'acme', repo: 'server', branches: ['main'], collaborators: [] });
  const state = await makeTempDir('hostile-state-');
  const work = await makeTempDir('hostile-work-');
  const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ANTHROPIC_API_KEY: KEY, ANTHROPIC_BASE_URL: model.baseURL, GITHUB_TOKEN: TOKEN, GITHUB_API_URL: github.baseUrl, 'INPUT_ANTHROPIC-API-KEY': KEY };
  const base = ['fix', '--dump', core, '--exe', fixture.executable, '--source-root', repo.dir, '--repository', 'acme/server', '--state-dir', state, '--work-dir', work, '--json'];
  // `analyze` refuses the flags only `fix` reads.
  const fixOnly = (a: string | undefined): boolean => a === '--repository' || a === '--work-dir';
  const analysed = await cli([...base.map((a) => (a === 'fix' ? 'analyze' : a)).filter((a, i, all) => !(fixOnly(a) || fixOnly(all[i - 1])))], env);
  github.addBranch(`crash-autofix/${(JSON.parse(analysed.stdout) as { signature: string }).signature}`);
  return { repoDir: repo.dir, origin, state, work, run: (extra) => cli([...base, ...extra], env) };
}

/** The CLI as a user with `ulimit -c unlimited` runs it: every crash in a gate writes a core file. */
async function cli(args: string[], env: Record<string, string>): Promise<CliRun> {
  try {
    const { stdout, stderr } = await promisify(execFile)('/bin/sh', ['-c', 'ulimit -c unlimited; exec "$0" "$@"', process.execPath, CLI, ...args], { env, maxBuffer: 64 * 1024 * 1024 });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

/** Every file under the folders, and every git object of the repositories, that holds the key or the token. */
async function leaks(s: Setup): Promise<string[]> {
  const found: string[] = [];
  for (const root of [s.repoDir, s.origin, s.state, s.work]) {
    for (const entry of await readdir(root, { recursive: true, withFileTypes: true })) {
      if (!entry.isFile()) continue;
      const file = path.join(entry.parentPath, entry.name);
      const bytes = await readFile(file);
      if (bytes.includes(KEY) || bytes.includes(TOKEN)) found.push(file);
    }
  }
  // Objects are compressed on disk: ask git for every object's content.
  for (const repo of [s.repoDir, s.origin]) {
    const all = await runGit(repo, ['cat-file', '--batch-all-objects', '--batch']);
    if (all.includes(KEY) || all.includes(TOKEN)) found.push(`${repo} (git objects)`);
  }
  return found;
}

async function coresUnder(dir: string): Promise<string[]> {
  return (await readdir(dir, { recursive: true, withFileTypes: true })).filter((e) => e.isFile() && /^core(\.\d+)?$/.test(e.name)).map((e) => path.join(e.parentPath, e.name));
}

interface Job {
  status: string;
  gates: { rules: { buildFiles: string[] }; isolation: { sandbox: string } };
}

describe('hostile fixes leave the key nowhere', () => {
  it('refuses a build-file edit by default; the corrected fix is published with exactly its own file', async () => {
    const s = await setUp(proposal([LEAKY_CMAKE, GUARD]), proposal([GUARD]));
    const run = await s.run(['--repro-command', '{build-dir}/worldserver null-write']);
    expect(errorLines(run.stderr)).toEqual([]);
    expect((JSON.parse(run.stdout) as Job).status).toBe('PR_CREATED');
    expect(JSON.stringify(model?.requests.at(-1)?.body)).toContain('is a build file (**/CMakeLists.txt) that runs on the build machine');
    expect((await runGit(s.origin, ['diff', '--name-only', 'main', github?.state.pulls[0]?.head ?? ''])).trim()).toBe(BOT_AI);
    expect(existsSync(path.join(s.work, 'build', 'leak-cmake.txt'))).toBe(false);
    // The unfixed build crashed in its own folder, outside the tree: its core is there and nowhere else.
    expect(await coresUnder(path.join(s.work, 'run'))).not.toEqual([]);
    expect(await coresUnder(path.join(s.work, 'tree'))).toEqual([]);
    expect(await leaks(s)).toEqual([]);
  });

  it('with allow-build-file-changes, the edited CMakeLists.txt runs but sees no secret, and the pull request flags it', async () => {
    const s = await setUp(proposal([LEAKY_CMAKE, GUARD]));
    const run = await s.run(['--allow-build-file-changes', '--repro-command', '{build-dir}/worldserver null-write']);
    expect(errorLines(run.stderr)).toEqual([]);
    const job = JSON.parse(run.stdout) as Job;
    expect(job.status).toBe('PR_CREATED');
    expect(job.gates.rules.buildFiles).toEqual(['CMakeLists.txt']);
    expect(await readFile(path.join(s.work, 'build', 'leak-cmake.txt'), 'utf8')).toBe('key= token= input=');
    expect(github?.state.pulls[0]?.body).toContain('⚠️ build files changed (allowed by `allow-build-file-changes`; they run on the build machine): `CMakeLists.txt`');
    // The file the build wrote into the tree is not part of the fix.
    expect(existsSync(path.join(s.work, 'tree', 'leak-cmake-src.txt'))).toBe(true);
    expect((await runGit(s.origin, ['diff', '--name-only', 'main', github?.state.pulls[0]?.head ?? ''])).trim().split('\n')).toEqual(['CMakeLists.txt', BOT_AI]);
    expect(await leaks(s)).toEqual([]);
  });

  it.skipIf(!HAS_BWRAP)('C++ that reads the key, the token and its parent environment at run time finds none of them (bubblewrap)', async () => {
    const s = await setUp(proposal(LEAKY_CPP));
    const run = await s.run(['--sandbox', 'bwrap', '--repro-command', '{build-dir}/worldserver null-write']);
    expect(errorLines(run.stderr)).toEqual([]);
    const job = JSON.parse(run.stdout) as Job;
    expect(job.status).toBe('PR_CREATED');
    expect(job.gates.isolation.sandbox).toBe('bwrap');
    const written = await readFile(path.join(s.work, 'run', 'leak-run.txt'), 'utf8');
    expect(written.startsWith('key= token= parent=')).toBe(true);
    expect(existsSync(path.join(s.work, 'tree', 'leak-run.txt'))).toBe(true);
    expect((await runGit(s.origin, ['diff', '--name-only', 'main', github?.state.pulls[0]?.head ?? ''])).trim()).toBe(BOT_AI);
    expect(await leaks(s)).toEqual([]);
  });
});
