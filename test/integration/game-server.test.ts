import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { NodeProcessRunner } from '../../src/adapters/exec/process-runner.js';
import { ExecGdbClient } from '../../src/adapters/gdb/gdb-client.js';
import type { CrashReport } from '../../src/domain/crash-report.js';
import { buildFixture, produceBugCores, produceCore, type BuiltFixture, type CrashMode, type FixableMode } from '../fixtures/crash-fixture.js';
import { GameClient } from '../fixtures/game-server/game-client.js';
import { maxOpcodes, runLoad } from '../fixtures/game-server/load-bots.js';
import { coresIn, findFreePort, startGameServer, type RunningServer } from '../fixtures/game-server.js';
import { reportOf } from '../fixtures/report-of.js';

/**
 * `worldserver serve`, the fixture as a TCP game server on 127.0.0.1, and the
 * load bots: what the deploy, stress and promote scenarios stand on.
 */

const runner = new NodeProcessRunner(process.env);
const TSX = fileURLToPath(new URL('../../node_modules/.bin/tsx', import.meta.url));
const LOAD_BOTS = fileURLToPath(new URL('../fixtures/game-server/load-bots.ts', import.meta.url));
let base: BuiltFixture;
let fixed: BuiltFixture;
let fixedBug: BuiltFixture;
let gdb: ExecGdbClient;
let work: string;
const running: RunningServer[] = [];

beforeAll(async () => {
  [base, fixed, fixedBug, gdb] = await Promise.all([buildFixture(), buildFixture({ fixed: 'null-read' }), buildFixture({ fixed: 'bug:3' }), ExecGdbClient.create({ runner })]);
  work = await mkdtemp(path.join(os.tmpdir(), 'game-server-'));
});

afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.stop('SIGKILL')));
});

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

async function serve(fixture: BuiltFixture, name: string, extra: { statsFile?: string; pidFile?: string } = {}): Promise<RunningServer> {
  const cwd = path.join(work, name);
  await mkdir(cwd, { recursive: true });
  const server = await startGameServer({ executable: fixture.executable, cwd, ...extra });
  running.push(server);
  return server;
}

async function reportOfCore(core: string, fixture: BuiltFixture): Promise<CrashReport> {
  return reportOf(await gdb.analyze({ corePath: core, executablePath: fixture.executable, timeoutMs: 120_000 }), fixture.sourceDir, core);
}

async function waitFor<T>(what: string, probe: () => Promise<T | null>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== null) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const statsValue = (text: string, name: string): number | null => {
  const m = new RegExp(`^${name} (\\d+(?:\\.\\d+)?)$`, 'm').exec(text);
  return m ? Number(m[1]) : null;
};

describe('worldserver serve', () => {
  it('answers every opcode over TCP and stops cleanly on SIGTERM, removing its pid file', async () => {
    const server = await serve(base, 'opcodes', { pidFile: 'server.pid' });
    expect(server.output()).toMatch(new RegExp(`^\\[worldserver\\] listening on 127\\.0\\.0\\.1:${server.port}, 20 ticks per second, pid ${server.pid}\\n`));
    expect(await readFile(path.join(server.cwd, 'server.pid'), 'utf8')).toBe(`${server.pid}\n`);
    const client = await GameClient.connect(server.port);
    expect(await client.request('ping 7')).toBe('pong 7');
    expect(await client.request('move 1 2')).toBe("error move before login: send 'login <name>' first");
    expect(await client.request('login Thrall')).toMatch(/^ok login \d+$/);
    expect(await client.request('login Thrall')).toBe('error already logged in');
    expect(await client.request('move 10 -4')).toBe('ok move 10 -4');
    expect(await client.request('move north')).toBe('error move needs two whole numbers: move <x> <y>');
    expect(await client.request('chat for the horde')).toBe('ok chat');
    expect(await client.request('ping')).toBe('pong');
    expect(await client.request('dance')).toBe("error unknown opcode 'dance': opcodes are login move chat ping logout stats lag crash shutdown");
    expect(await client.request('crash nonsense')).toBe("error unknown crash mode 'nonsense': a mode of worldserver <mode> or bug:0..bug:49");
    expect(await client.request('stats')).toMatch(/^stats tick-p99-ms \d+\.\d{3} tick-max-ms \d+\.\d{3} ticks \d+ players 1 clients 1 opcodes 11$/);
    expect(await client.request('logout')).toBe('ok logout');
    await client.closed;

    expect(await server.stop('SIGTERM')).toEqual({ code: 0, signal: null });
    expect(server.output()).toMatch(/stopping on signal 15\n.*stopped after \d+ ticks\n$/);
    expect(existsSync(path.join(server.cwd, 'server.pid'))).toBe(false);
    expect(await coresIn(server.cwd)).toEqual([]);
  });

  it('stops cleanly on the shutdown opcode', async () => {
    const server = await serve(base, 'shutdown');
    const client = await GameClient.connect(server.port);
    expect(await client.request('shutdown')).toBe('ok shutdown');
    expect(await server.exited).toEqual({ code: 0, signal: null });
    expect(server.output()).toContain('stopping on request');
  });

  it('writes tick-p99-ms to its stats file every second; the lag opcode makes ticks slow', async () => {
    const server = await serve(base, 'stats', { statsFile: 'stats.txt' });
    const stats = path.join(server.cwd, 'stats.txt');
    const read = async (): Promise<string | null> => (existsSync(stats) ? readFile(stats, 'utf8') : null);
    const first = await waitFor('the first stats file', read);
    expect(first).toMatch(/^tick-p99-ms \d+\.\d{3}\ntick-max-ms \d+\.\d{3}\nticks \d+\nplayers 0\nopcodes 0\n$/);
    expect(statsValue(first, 'tick-p99-ms')).toBeLessThan(40);
    const client = await GameClient.connect(server.port);
    expect(await client.request('lag 120')).toBe('ok lag 120');
    const slow = await waitFor('a p99 over 100 ms', async () => {
      const text = await read();
      return text && (statsValue(text, 'tick-p99-ms') ?? 0) >= 100 ? text : null;
    });
    expect(statsValue(slow, 'tick-max-ms')).toBeGreaterThanOrEqual(100);
    expect(await client.request('lag 9000')).toBe('error lag needs milliseconds from 0 to 5000: lag <ms>');
  });

  it('refuses bad arguments in one line, and a port already taken', async () => {
    const bad = await runner.run(base.executable, ['serve', '--port', 'abc'], { cwd: work });
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr.split('\n')[0]).toBe("worldserver serve: --port must be a whole number from 0 to 65535, got 'abc'");
    const server = await serve(base, 'taken');
    const taken = await runner.run(base.executable, ['serve', '--port', String(server.port)], { cwd: work });
    expect(taken.exitCode).toBe(1);
    expect(taken.stderr).toMatch(new RegExp(`^worldserver serve: cannot listen on 127\\.0\\.0\\.1:${server.port}: Address already in use\\n$`));
    await expect(startGameServer({ executable: base.executable, cwd: server.cwd, port: server.port })).rejects.toThrow(
      `worldserver serve ended (exit code 1) before it listened: worldserver serve: cannot listen on 127.0.0.1:${server.port}: Address already in use`,
    );
  });
});

describe('load-bots', () => {
  it('runs bounded, every opcode answered, and stops by itself; the bots log out', async () => {
    const server = await serve(base, 'load');
    const options = { port: server.port, bots: 12, seconds: 1.5, opcodesPerSecond: 20 };
    const summary = await runLoad(options);
    expect(summary).toMatchObject({ bots: 12, errors: 0, crash: null, failure: null });
    expect(summary.replies).toBe(summary.opcodesSent);
    expect(summary.opcodesSent).toBeGreaterThan(12 * 10);
    expect(summary.opcodesSent).toBeLessThanOrEqual(maxOpcodes(options));
    expect(summary.durationMs).toBeGreaterThanOrEqual(1_400);
    expect(summary.durationMs).toBeLessThan(6_500);
    const client = await GameClient.connect(server.port);
    expect(await client.request('stats')).toMatch(new RegExp(`players 0 clients 1 opcodes ${summary.opcodesSent + 1}$`));
  });

  it('as a program: one summary line and exit 0; exit 1 in one line when nothing listens; exit 2 on a bad argument', async () => {
    const server = await serve(base, 'load-cli');
    const ok = await runner.run(TSX, [LOAD_BOTS, '--port', String(server.port), '--bots', '3', '--seconds', '1'], { timeoutMs: 60_000 });
    expect({ code: ok.exitCode, stderr: ok.stderr }).toEqual({ code: 0, stderr: '' });
    expect(ok.stdout).toMatch(/^load-bots: 3 bots, (\d+) opcodes sent, \1 replies, 0 errors, 1\.\d\d s\n$/);

    const closedPort = await findFreePort();
    const refused = await runner.run(TSX, [LOAD_BOTS, '--port', String(closedPort), '--bots', '2', '--seconds', '1'], { timeoutMs: 60_000 });
    expect(refused.exitCode).toBe(1);
    expect(refused.stderr).toBe(`load-bots: cannot connect to 127.0.0.1:${closedPort}: ECONNREFUSED (is the server running?)\n`);

    const bad = await runner.run(TSX, [LOAD_BOTS, '--port', String(server.port), '--bots', '900', '--seconds', '1'], { timeoutMs: 60_000 });
    expect({ code: bad.exitCode, stderr: bad.stderr, stdout: bad.stdout }).toEqual({ code: 2, stderr: 'load-bots: --bots must be a whole number from 1 to 500, got 900\n', stdout: '' });
  });

  it('fails in one line when the server drops the bots mid-run', async () => {
    const server = await serve(base, 'load-drop');
    const load = runLoad({ port: server.port, bots: 4, seconds: 5 });
    await new Promise((r) => setTimeout(r, 500));
    await server.stop('SIGKILL');
    const summary = await load;
    expect(summary.failure).toMatch(new RegExp(`^the server at 127\\.0\\.0\\.1:${server.port} dropped bot [0-3]'s connection after \\d+ ms$`));
    expect(summary.durationMs).toBeLessThan(4_000);
  });
});

describe('crash <mode> over TCP', () => {
  const cliCores = new Map<string, Promise<string>>();
  const cliCore = (mode: CrashMode | 'bug:7'): Promise<string> => {
    let core = cliCores.get(mode);
    if (!core) {
      core = mode === 'bug:7' ? produceBugCores(base.executable, { bugs: [7], runsPerBug: 1, workDir: work }).then((c) => c[0] ?? '') : produceCore(base.executable, mode, { workDir: work });
      cliCores.set(mode, core);
    }
    return core;
  };

  it.each(['null-read', 'assert', 'uncaught-exception', 'worker-thread', 'bug:7'] as const)('a server sent crash %s dies into a core with the signature of the same mode run as a program', async (mode) => {
    const server = await serve(base, `crash-${mode.replace(':', '')}`);
    const bystander = await GameClient.connect(server.port);
    expect(await bystander.request('login Jaina')).toMatch(/^ok login/);
    const client = await GameClient.connect(server.port);
    await expect(client.request(`crash ${mode}`)).rejects.toThrow('the server closed the connection');
    const exit = await server.exited;
    expect(exit.signal).toBe(mode === 'assert' || mode === 'uncaught-exception' ? 'SIGABRT' : 'SIGSEGV');
    const [core, ...more] = await coresIn(server.cwd);
    expect(more).toEqual([]);
    const [overTcp, fromCli] = await Promise.all([reportOfCore(core ?? '', base), cliCore(mode).then((c) => reportOfCore(c, base))]);
    expect(overTcp.signature).toBe(fromCli.signature);
    expect({ basis: overTcp.signatureBasis, culprit: overTcp.culprit }).toEqual({ basis: fromCli.signatureBasis, culprit: fromCli.culprit });
  });

  it('load-bots --crash sends it after the delay; the run ends, the server went away and left a core', async () => {
    const server = await serve(base, 'load-crash');
    const summary = await runLoad({ port: server.port, bots: 5, seconds: 5, crash: 'bug:7', crashAfterMs: 300 });
    expect(summary).toMatchObject({ crash: 'went-away', failure: null });
    expect(summary.durationMs).toBeGreaterThanOrEqual(300);
    expect(summary.durationMs).toBeLessThan(4_000);
    expect((await server.exited).signal).toBe('SIGSEGV');
    const [core] = await coresIn(server.cwd);
    expect((await reportOfCore(core ?? '', base)).signature).toBe((await reportOfCore(await cliCore('bug:7'), base)).signature);
  });
});

describe('a fixed build (-DMINI_SERVER_FIXED)', () => {
  it('answers ok to crash <its mode> and keeps serving under load, then dies on another mode', async () => {
    const server = await serve(fixed, 'fixed');
    expect(server.output()).toContain(', fixed: null-read\n');
    const summary = await runLoad({ port: server.port, bots: 4, seconds: 1, crash: 'null-read', crashAfterMs: 200 });
    expect(summary).toMatchObject({ crash: 'survived', failure: null, errors: 0 });
    const client = await GameClient.connect(server.port);
    expect(await client.request('crash null-read')).toBe('ok crash null-read');
    expect(await client.request('ping')).toBe('pong');
    await expect(client.request('crash null-write')).rejects.toThrow('the server closed the connection');
    expect((await server.exited).signal).toBe('SIGSEGV');
    const [core] = await coresIn(server.cwd);
    expect((await reportOfCore(core ?? '', fixed)).culprit).toMatchObject({ function: 'BotAI::ClearThreat', file: 'src/modules/playerbot/bot-ai.cpp' });
  });

  it('fixes exactly its mode as a program too: bug:3 returns, bug:4 still crashes', async () => {
    const [own, other] = await Promise.all([runner.run(fixedBug.executable, ['bug:3'], { cwd: work }), runner.run(fixedBug.executable, ['bug:4'], { cwd: work })]);
    expect({ code: own.exitCode, signal: own.signal }).toEqual({ code: 0, signal: null });
    expect(other.signal).toBe('SIGSEGV');
    expect((await runner.run(fixed.executable, ['null-read'], { cwd: work })).exitCode).toBe(0);
    expect((await runner.run(base.executable, ['serve', '--port', '0', '--ticks-per-second', '0'], { cwd: work })).stderr.split('\n')[0]).toBe(
      "worldserver serve: --ticks-per-second must be a whole number from 1 to 1000, got '0'",
    );
  });

  it('refuses a mode the fixture does not have', async () => {
    await expect(buildFixture({ fixed: 'bug:50' as FixableMode })).rejects.toThrow("fixed must be a crash mode or bug:0..bug:49, got 'bug:50'");
  });
});
