import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDispatchEvent } from '../../src/intake/dispatch-payload.js';
import { sha256 } from '../fakes/dump-server.js';
import { GitHubApiServer } from '../fakes/github-api-server.js';
import { runCli } from '../fixtures/run-cli.js';

/** `notify` through the CLI, the real Octokit and the GitHub stand-in (requests checked against the OpenAPI description). */
const TOKEN = 'github_pat_notify_0123456789';
let github: GitHubApiServer;
let dir: string;
let dump: string;
const DUMP = Buffer.from('MDMP fake minidump bytes for the event');

beforeAll(async () => {
  github = await GitHubApiServer.start({ token: TOKEN, owner: 'acme', repo: 'server', branches: ['main'], collaborators: [] });
  dir = await mkdtemp(path.join(os.tmpdir(), 'notify-'));
  dump = path.join(dir, 'worldserver 2026-12-04.dmp');
  await writeFile(dump, DUMP);
});
afterAll(async () => {
  await github.close();
  await rm(dir, { recursive: true, force: true });
});

const notify = (args: string[], env: Record<string, string> = { GITHUB_TOKEN: TOKEN }) => runCli(['notify', '--dump', dump, '--repository', 'acme/server', '--state-dir', path.join(dir, 'state'), ...args], { GITHUB_API_URL: github.baseUrl, ...env }, dir);

describe('crash-autofix notify', () => {
  it('sends one crash-dump repository_dispatch that the action accepts, with the address, SHA-256, server and time', async () => {
    const run = await notify(['--dump-url-template', 'https://dumps.example.com/realm-eu-1/{name}', '--server', 'realm-eu-1']);
    expect(run.stderr).not.toContain('error');
    expect(run.code).toBe(0);
    expect(github.failures).toEqual([]);
    expect(github.state.dispatches).toHaveLength(1);
    const [sent] = github.state.dispatches;
    expect(sent?.eventType).toBe('crash-dump');
    expect(sent?.payload).toMatchObject({ dump_url: 'https://dumps.example.com/realm-eu-1/worldserver%202026-12-04.dmp', sha256: sha256(DUMP), server: 'realm-eu-1' });
    expect(String(sent?.payload.reported_at)).toMatch(/^\d{4}-\d\d-\d\dT/);
    // What the workflow's action will read from the event.
    const read = parseDispatchEvent({ action: sent?.eventType, client_payload: sent?.payload }, { allowInsecureHttp: false });
    expect(read.location).toEqual({ kind: 'http', url: new URL('https://dumps.example.com/realm-eu-1/worldserver%202026-12-04.dmp') });
    expect(run.stderr).toContain('Sent crash-dump to acme/server');
    expect(run.stderr).not.toContain(TOKEN);
  });

  it('takes a share path too, the file name as it is', async () => {
    const before = github.state.dispatches.length;
    expect((await notify(['--dump-url-template', '\\\\fileserver\\dumps\\{name}'])).code).toBe(0);
    expect(github.state.dispatches[before]?.payload.dump_url).toBe('\\\\fileserver\\dumps\\worldserver 2026-12-04.dmp');
  });

  it.each([
    { what: 'no token', args: ['--dump-url-template', 'https://d/{name}'], env: { GITHUB_TOKEN: '' }, code: 2, line: /^error: 'notify' needs GITHUB_TOKEN in the environment/ },
    { what: 'no template', args: [], env: { GITHUB_TOKEN: TOKEN }, code: 2, line: /^error: 'notify' needs --dump-url-template/ },
    { what: 'a template without {name}', args: ['--dump-url-template', 'https://d/x.dmp'], env: { GITHUB_TOKEN: TOKEN }, code: 2, line: /^error: 'dump-url-template' must hold \{name\}/ },
    { what: 'plain http to another host', args: ['--dump-url-template', 'http://dumps.example.com/{name}'], env: { GITHUB_TOKEN: TOKEN }, code: 2, line: /^error: 'dump-url-template' uses plain http:\/\/ to dumps\.example\.com/ },
    { what: 'a setting notify does not read', args: ['--dump-url-template', 'https://d/{name}', '--build-target', 'x'], env: { GITHUB_TOKEN: TOKEN }, code: 2, line: /^error: Option '--build-target' is not read by 'notify'/ },
  ])('$what: one line, exit $code, nothing sent', async ({ args, env, code, line }) => {
    const before = github.state.dispatches.length;
    const run = await notify(args, env);
    expect(run.code).toBe(code);
    expect(run.stderr.split('\n').filter((l) => l.startsWith('error'))).toEqual([expect.stringMatching(line)]);
    expect(github.state.dispatches.length).toBe(before);
  });
});
