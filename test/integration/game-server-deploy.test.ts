import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, readlink, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeProcessRunner } from '../../src/adapters/exec/process-runner.js';
import { buildFixture, type BuiltFixture } from '../fixtures/crash-fixture.js';
import { GameClient } from '../fixtures/game-server/game-client.js';
import { coresIn, findFreePort, waitForPort } from '../fixtures/game-server.js';

/**
 * The deploy and rollback scripts a deploy test can name as its
 * deploy-command and rollback-command: a server folder with releases, a
 * `current` and a `previous` link, and the server detached in run/.
 */

const runner = new NodeProcessRunner(process.env);
const SCRIPTS = fileURLToPath(new URL('../fixtures/game-server/', import.meta.url));
const DEPLOY = path.join(SCRIPTS, 'deploy.sh');
const ROLLBACK = path.join(SCRIPTS, 'rollback.sh');
let base: BuiltFixture;
let fixed: BuiltFixture;
let work: string;

beforeAll(async () => {
  [base, fixed] = await Promise.all([buildFixture(), buildFixture({ fixed: 'null-read' })]);
  work = await mkdtemp(path.join(os.tmpdir(), 'game-deploy-'));
});

afterAll(async () => {
  if (!work) return;
  const pidFile = path.join(work, 'server', 'run', 'worldserver.pid');
  const pid = existsSync(pidFile) ? Number(await readFile(pidFile, 'utf8')) : 0;
  if (pid > 0 && alive(pid)) process.kill(pid, 'SIGKILL');
  await rm(work, { recursive: true, force: true });
});

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

const serverPid = async (root: string): Promise<number> => Number(await readFile(path.join(root, 'run', 'worldserver.pid'), 'utf8'));
const lastStart = async (root: string): Promise<string> => (await readFile(path.join(root, 'run', 'server.log'), 'utf8')).split('\n').filter((l) => l.includes('listening on')).at(-1) ?? '';

async function waitUntilGone(pid: number): Promise<void> {
  for (let i = 0; i < 100 && alive(pid); i++) await new Promise((r) => setTimeout(r, 50));
}

describe('deploy.sh and rollback.sh', () => {
  it('deploys a release detached, replaces it with the next, and rolls back to it; a crash leaves its core in run/', async () => {
    const root = path.join(work, 'server');
    const port = await findFreePort();
    const first = await runner.run(DEPLOY, [base.executable, root, String(port), 'v1'], { timeoutMs: 60_000 });
    const pid1 = await serverPid(root);
    expect({ code: first.exitCode, stdout: first.stdout }).toEqual({ code: 0, stdout: `deployed v1 to ${root} (pid ${pid1}, port ${port})\n` });
    await waitForPort(port, 10_000);
    expect(await lastStart(root)).toBe(`[worldserver] listening on 127.0.0.1:${port}, 20 ticks per second, pid ${pid1}`);

    const second = await runner.run(DEPLOY, [fixed.executable, root, String(port), 'v2'], { timeoutMs: 60_000 });
    expect(second.exitCode).toBe(0);
    const pid2 = await serverPid(root);
    expect(pid2).not.toBe(pid1);
    expect(alive(pid1)).toBe(false);
    expect([await readlink(path.join(root, 'current')), await readlink(path.join(root, 'previous'))]).toEqual(['releases/v2', 'releases/v1']);
    await waitForPort(port, 10_000);
    const onFixed = await GameClient.connect(port);
    expect(await onFixed.request('crash null-read')).toBe('ok crash null-read');
    onFixed.close();

    const back = await runner.run(ROLLBACK, [root, String(port)], { timeoutMs: 60_000 });
    const pid3 = await serverPid(root);
    expect({ code: back.exitCode, stdout: back.stdout }).toEqual({ code: 0, stdout: `rolled back to v1 in ${root} (pid ${pid3}, port ${port})\n` });
    expect(alive(pid2)).toBe(false);
    expect(await readlink(path.join(root, 'current'))).toBe('releases/v1');
    expect(existsSync(path.join(root, 'previous'))).toBe(false);
    expect(await lastStart(root)).toBe(`[worldserver] listening on 127.0.0.1:${port}, 20 ticks per second, pid ${pid3}`);

    await waitForPort(port, 10_000);
    const onOld = await GameClient.connect(port);
    await expect(onOld.request('crash null-read')).rejects.toThrow('the server closed the connection');
    await waitUntilGone(pid3);
    expect((await coresIn(path.join(root, 'run'))).length).toBe(1);
  });

  it('refuses in one line: nothing to roll back to, an executable that is not one, a version with a space', async () => {
    const root = path.join(work, 'empty');
    await mkdir(root);
    const results = await Promise.all([
      runner.run(ROLLBACK, [root, '1']),
      runner.run(DEPLOY, [path.join(work, 'missing'), root, '1', 'v1']),
      runner.run(DEPLOY, [base.executable, root, '1', 'v 1']),
      runner.run(DEPLOY, [base.executable]),
    ]);
    expect(results.map((r) => [r.exitCode, r.stderr])).toEqual([
      [1, `rollback.sh: no previous release in ${root} to roll back to\n`],
      [1, `deploy.sh: ${path.join(work, 'missing')} is not an executable file\n`],
      [1, "deploy.sh: the version must be letters, digits, '.', '_' or '-', got 'v 1'\n"],
      [2, 'usage: deploy.sh <worldserver executable> <server folder> <port> <version>\n'],
    ]);
    expect(existsSync(path.join(root, 'releases'))).toBe(false);
  });
});
