import { copyFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sha256 } from '../fakes/dump-server.js';
import { GitHubApiServer } from '../fakes/github-api-server.js';
import { makeTempDir } from '../fixtures/git-repo.js';
import { errorLines, runCli } from '../fixtures/run-cli.js';

/** `watch --notify` through the CLI, the real Octokit and the GitHub stand-in (requests checked against the OpenAPI description). */
const TOKEN = 'github_pat_watch_notify_0123456789';
const TEMPLATE = 'https://dumps.example.com/realm-eu-1/{name}';
const ONE = Buffer.from('MDMP first dump of the watched folder');
const TWO = Buffer.from('MDMP second dump of the watched folder');
let github: GitHubApiServer;
let dir: string;
let state: string;

beforeAll(async () => {
  github = await GitHubApiServer.start({ token: TOKEN, owner: 'acme', repo: 'server', branches: ['main'], collaborators: [] });
});
afterAll(async () => {
  await github.close();
});
beforeEach(async () => {
  dir = await makeTempDir('notify-dumps-');
  state = await makeTempDir('notify-state-');
  await writeFile(path.join(dir, 'worldserver 1.dmp'), ONE);
  await writeFile(path.join(dir, 'core.4242'), TWO);
  await writeFile(path.join(dir, 'notes.txt'), 'not a dump');
  github.state.dispatches.splice(0);
});

const watch = (args: string[] = ['--dump-url-template', TEMPLATE], env: Record<string, string> = { GITHUB_TOKEN: TOKEN }) =>
  runCli(['watch', dir, '--once', '--notify', '--repository', 'acme/server', '--server', 'realm-eu-1', '--state-dir', state, ...args], { GITHUB_API_URL: github.baseUrl, ...env }, dir);

const sent = (): Record<string, unknown>[] => github.state.dispatches.map((d) => ({ type: d.eventType, ...d.payload }));

describe('crash-autofix watch --notify', () => {
  it('announces each new dump once, by content, also across restarts', async () => {
    const first = await watch();
    expect(errorLines(first.stderr)).toEqual([]);
    expect(first.code).toBe(0);
    expect(github.failures).toEqual([]);
    expect(first.stderr).toContain('watch: 2 dump(s) announced, 0 already announced, 0 failed');
    expect(sent()).toEqual([
      { type: 'crash-dump', dump_url: 'https://dumps.example.com/realm-eu-1/core.4242', sha256: sha256(TWO), server: 'realm-eu-1', reported_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) as string },
      { type: 'crash-dump', dump_url: 'https://dumps.example.com/realm-eu-1/worldserver%201.dmp', sha256: sha256(ONE), server: 'realm-eu-1', reported_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) as string },
    ]);
    expect(first.stderr).not.toContain(TOKEN);

    // A restart, and a copy of an announced dump under another name: nothing new to send.
    await copyFile(path.join(dir, 'core.4242'), path.join(dir, 'copy.dmp'));
    const again = await watch();
    expect(again.code).toBe(0);
    expect(again.stderr).toContain('watch: 0 dump(s) announced, 3 already announced, 0 failed');
    expect(github.state.dispatches).toHaveLength(2);
  });

  it.each([
    { status: 500, body: { message: 'Server Error' }, says: /GitHub failed to send the crash-dump event \(500 Server Error\)/ },
    { status: 401, body: { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest' }, says: /GitHub rejected the token \(401 Bad credentials\)/ },
  ])('a send refused with $status: one line for that dump, the others go on, and it is sent at the next run', async ({ status, body, says }) => {
    github.failNext('repos/create-dispatch-event', { status, body });
    const first = await watch();
    expect(first.code).toBe(1);
    const [line, ...more] = errorLines(first.stderr);
    expect(more).toEqual([]);
    expect(line).toMatch(/^error: core\.4242: the crash-dump event to acme\/server was not sent \(.*\); it is tried again next scan$/);
    expect(line).toMatch(says);
    expect(first.stderr).toContain('watch: 1 dump(s) announced, 0 already announced, 1 failed');
    expect(sent().map((p) => p.sha256)).toEqual([sha256(ONE)]);

    const retry = await watch();
    expect(errorLines(retry.stderr)).toEqual([]);
    expect(retry.code).toBe(0);
    expect(retry.stderr).toContain('watch: 1 dump(s) announced, 1 already announced, 0 failed');
    expect(sent().map((p) => p.sha256)).toEqual([sha256(ONE), sha256(TWO)]);
  });

  it.each([
    { what: 'no dump-url-template', args: [], env: { GITHUB_TOKEN: TOKEN }, line: /^error: 'watch --notify' needs --dump-url-template/ },
    { what: 'a template without {name}', args: ['--dump-url-template', 'https://d/x.dmp'], env: { GITHUB_TOKEN: TOKEN }, line: /^error: 'dump-url-template' must hold \{name\}/ },
    { what: 'no token', args: ['--dump-url-template', TEMPLATE], env: { GITHUB_TOKEN: '' }, line: /^error: 'watch --notify' needs GITHUB_TOKEN in the environment/ },
  ])('$what: a settings error before the watch starts, nothing sent', async ({ args, env, line }) => {
    const run = await watch(args, env);
    expect(run.code).toBe(2);
    expect(errorLines(run.stderr)).toEqual([expect.stringMatching(line)]);
    expect(run.stderr).not.toContain('Watching');
    expect(github.state.dispatches).toHaveLength(0);
    expect(await readdir(state)).toEqual([]);
  });
});
