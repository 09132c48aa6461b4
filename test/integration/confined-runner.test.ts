import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pathLookup } from '../../src/toolchain/path-lookup.js';
import { ConfinedRunner, type ConfinedRunnerOptions } from '../../src/adapters/exec/confined-runner.js';
import { NodeProcessRunner } from '../../src/adapters/exec/process-runner.js';
import { makeTempDir } from '../fixtures/git-repo.js';

const KEY = 'sk-ant-api03-SANDBOX0123456789abcdefghijklmnopq';
const NODE = process.execPath;
const BWRAP = ['/usr/bin/bwrap', '/bin/bwrap'].find((p) => existsSync(p)) ?? null;
if (BWRAP === null) console.log('bubblewrap sandbox tests skipped: bwrap is not installed (apt-get install bubblewrap; .ci/run installs it)');

let home: string;
let workDir: string;
let outside: string;
let holder: ChildProcess;
let server: http.Server;
let port: number;

beforeAll(async () => {
  home = await makeTempDir('confined-home-');
  workDir = await makeTempDir('confined-work-');
  outside = await makeTempDir('confined-outside-');
  await writeFile(path.join(home, '.git-credentials'), `https://x:${KEY}@github.com\n`);
  // A process holding the key in its environment, as the action's own process does.
  holder = spawn('sleep', ['60'], { env: { PATH: '/usr/bin:/bin', ANTHROPIC_API_KEY: KEY }, stdio: 'ignore' });
  server = http.createServer((_req, res) => res.end('reached'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  holder.kill();
  await new Promise((resolve) => server.close(resolve));
});

function options(sandbox: ConfinedRunnerOptions['sandbox'], over: Partial<ConfinedRunnerOptions> = {}): ConfinedRunnerOptions {
  const env = { PATH: `${path.dirname(NODE)}:/usr/bin:/bin`, HOME: home };
  return { inner: new NodeProcessRunner(process.env), env, sandbox, platform: 'linux', which: pathLookup(env.PATH, 'linux'), mounts: { home, writable: [workDir], readOnly: [] }, ...over };
}

/** A small program run as repository code would be: it tries to get at the key. */
const PROBE = `
const fs = require('node:fs');
const out = {};
out.env = JSON.stringify(process.env);
try { out.holder = fs.readFileSync('/proc/' + process.argv[1] + '/environ', 'utf8'); } catch (e) { out.holder = e.code; }
try { out.credentials = fs.readFileSync(process.env.HOME + '/.git-credentials', 'utf8'); } catch (e) { out.credentials = e.code; }
try { fs.writeFileSync(process.argv[3] + '/written', 'x'); out.outside = 'written'; } catch (e) { out.outside = e.code; }
require('node:http').get('http://127.0.0.1:' + process.argv[2] + '/', (r) => { out.network = 'reached'; done(); }).on('error', (e) => { out.network = e.code; done(); });
function done() { fs.writeFileSync('result.json', JSON.stringify(out)); process.exit(0); }
`;

async function probe(runner: ConfinedRunner): Promise<Record<string, string>> {
  const cwd = path.join(workDir, `run-${Date.now()}`);
  await mkdir(cwd);
  const r = await runner.run(NODE, ['-e', PROBE, String(holder.pid), String(port), outside], { cwd, timeoutMs: 30_000 });
  expect(r.exitCode, r.stderr).toBe(0);
  return JSON.parse(await readFile(path.join(cwd, 'result.json'), 'utf8')) as Record<string, string>;
}

describe('ConfinedRunner', () => {
  it("never hands the parent's environment to repository code, even without a sandbox", async () => {
    process.env.CAF_TEST_SECRET = KEY;
    try {
      const runner = await ConfinedRunner.create(options('none'));
      expect(runner.confinement).toEqual({ sandbox: 'none', detail: 'sandbox: none (allow-listed environment only)' });
      const seen = await probe(runner);
      expect(JSON.parse(seen.env ?? '{}')).toEqual({ PATH: expect.any(String) as unknown, HOME: home });
      // Without namespaces the rest stays reachable: the reason the sandbox exists.
      expect(seen.holder).toContain(KEY);
      expect(seen.network).toBe('reached');
    } finally {
      delete process.env.CAF_TEST_SECRET;
    }
  });

  it.skipIf(BWRAP === null)('with bubblewrap: no other process, no network, home hidden, only the work folder writable', async () => {
    const runner = await ConfinedRunner.create(options('bwrap'));
    expect(runner.confinement.sandbox).toBe('bwrap');
    expect(runner.confinement.detail).toMatch(/^bubblewrap \d+\.\d+(\.\d+)?: own user, PID and network namespaces, no network, home hidden$/);
    const seen = await probe(runner);
    expect(seen.holder).toBe('ENOENT');
    expect(seen.credentials).toBe('ENOENT');
    expect(seen.outside).toMatch(/^(EROFS|EACCES|ENOENT)$/);
    expect(seen.network).toMatch(/^(ECONNREFUSED|ENETUNREACH|EHOSTUNREACH)$/);
    expect(JSON.stringify(seen)).not.toContain(KEY);
  });

  it.skipIf(BWRAP === null)('says a missing program the way a direct start would, and reports exit codes and signals through the sandbox', async () => {
    const runner = await ConfinedRunner.create(options('bwrap'));
    await expect(runner.run('no-such-tool-here', [], { cwd: workDir })).rejects.toMatchObject({ kind: 'tool-missing', message: "Cannot run 'no-such-tool-here': not found. Install it or set its path in the settings." });
    const crashed = await runner.run(NODE, ['-e', 'process.kill(process.pid, "SIGSEGV")'], { cwd: workDir });
    expect(crashed.signal ?? crashed.exitCode).toBeTruthy();
    expect((await runner.run(NODE, ['-e', 'process.exit(3)'], { cwd: workDir })).exitCode).toBe(3);
  });

  it('auto falls back to the allow-listed environment with the reason; bwrap refuses with one line', async () => {
    const none = { which: (name: string) => Promise.resolve(name === 'bwrap' ? null : pathLookup(process.env.PATH, 'linux')(name)) };
    expect((await ConfinedRunner.create(options('auto', none))).confinement).toEqual({ sandbox: 'none', detail: 'no sandbox: bwrap is not on PATH (allow-listed environment only)' });
    await expect(ConfinedRunner.create(options('bwrap', none))).rejects.toMatchObject({
      kind: 'tool-missing',
      message: "Setting 'sandbox' is 'bwrap', but bwrap is not on PATH; install bubblewrap (apt-get install bubblewrap) and allow unprivileged user namespaces, or set 'sandbox: auto'",
    });
    await expect(ConfinedRunner.create(options('bwrap', { platform: 'win32' }))).rejects.toMatchObject({ kind: 'config' });
    expect((await ConfinedRunner.create(options('auto', { platform: 'win32' }))).confinement.detail).toBe('no sandbox on win32 (allow-listed environment only)');
  });
});
