import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExecGdbClient } from '../../src/adapters/gdb/gdb-client.js';
import { crashingThread, type RawCrash, type RawThread } from '../../src/domain/raw-crash.js';
import { NodeProcessRunner } from '../../src/adapters/exec/process-runner.js';
import { CRASH_MODES, buildFixture, expectedCrashSite, produceCore, type BuiltFixture, type CrashMode } from '../fixtures/crash-fixture.js';

const SIGNALS: Record<CrashMode, string> = {
  'null-read': 'SIGSEGV',
  'null-write': 'SIGSEGV',
  assert: 'SIGABRT',
  'uncaught-exception': 'SIGABRT',
  'stack-overflow': 'SIGSEGV',
  'worker-thread': 'SIGSEGV',
  libc: 'SIGSEGV',
  inline: 'SIGSEGV',
  'pure-virtual': 'SIGABRT',
  'divide-by-zero': 'SIGFPE',
};

let fixture: BuiltFixture;
let client: ExecGdbClient;
let workDir: string;
const crashes = new Map<CrashMode, RawCrash>();

beforeAll(async () => {
  [fixture, client] = await Promise.all([buildFixture(), ExecGdbClient.create({ runner: new NodeProcessRunner(process.env) })]);
  workDir = await mkdtemp(path.join(os.tmpdir(), 'gdb-analyze-'));
  for (const mode of CRASH_MODES) {
    const corePath = await produceCore(fixture.executable, mode, { workDir });
    crashes.set(mode, await client.analyze({ corePath, executablePath: fixture.executable, timeoutMs: 120_000 }));
  }
});

afterAll(async () => {
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

function crashOf(mode: CrashMode): { raw: RawCrash; thread: RawThread } {
  const raw = crashes.get(mode);
  const thread = raw && crashingThread(raw);
  if (!raw || !thread) throw new Error(`no analysed crash for ${mode}`);
  return { raw, thread };
}

function functions(thread: RawThread): (string | null)[] {
  return thread.frames.map((f) => f.function);
}

describe.each(CRASH_MODES)('gdb on a real %s core', (mode) => {
  it('reports the signal, the process and its modules', () => {
    const { raw } = crashOf(mode);
    expect(raw.debugger).toEqual({ name: 'gdb', version: expect.stringMatching(/^\d+\.\d+/) as unknown });
    expect(raw.exception.code).toBe(SIGNALS[mode]);
    expect(raw.exception.address === null).toBe(SIGNALS[mode] === 'SIGABRT');
    // The core keeps the first 79 bytes of the command line.
    expect(raw.process).toMatchObject({ name: 'worldserver', commandLine: `${fixture.executable} ${mode}`.slice(0, 79).trimEnd() });
    expect(raw.process.pid).toBeGreaterThan(0);
    const names = raw.modules.map((m) => m.name);
    expect(names[0]).toBe('worldserver');
    expect(names).toContain('libc.so.6');
    const exe = raw.modules[0];
    expect(exe?.path).toBe(fixture.executable);
    expect(BigInt(exe?.end ?? '0x0')).toBeGreaterThan(BigInt(exe?.base ?? '0x0'));
  });

  it('has the marked source line, with its function, in the crashing thread', () => {
    const { thread } = crashOf(mode);
    const site = expectedCrashSite(fixture.sourceDir, mode);
    const frame = thread.frames.find((f) => f.file === path.join(fixture.sourceDir, site.file) && f.line === site.line);
    expect(frame, `${site.file}:${site.line} in\n${thread.frames.map((f) => `${f.function} ${f.file}:${f.line}`).join('\n')}`).toBeDefined();
    expect(frame?.function).toBe(site.function);
    expect(frame?.module).toBe('worldserver');
  });

  it('names the crashing thread; the network thread waits elsewhere', () => {
    const { raw } = crashOf(mode);
    const onWorker = mode === 'worker-thread';
    expect(raw.crashingThreadId === String(raw.process.pid)).toBe(!onWorker);
    expect(raw.threads).toHaveLength(onWorker ? 3 : 2);
    const network = raw.threads.filter((t) => functions(t).includes('World::NetworkLoop'));
    expect(network).toHaveLength(1);
    expect(network[0]?.id).not.toBe(raw.crashingThreadId);
  });
});

describe('mode-specific facts', () => {
  it('null pointer reads and writes fault at address 0x0', () => {
    for (const mode of ['null-read', 'null-write', 'worker-thread', 'libc'] as const) {
      expect(crashOf(mode).raw.exception).toMatchObject({ address: '0x0', description: 'SEGV_MAPERR: address not mapped to object at 0x0' });
    }
  });

  it('worker-thread crashes on the loot worker, not the main thread, which waits in join', () => {
    const { raw, thread } = crashOf('worker-thread');
    expect(raw.crashingThreadId).not.toBe(String(raw.process.pid));
    expect(raw.threads).toHaveLength(3);
    expect(functions(thread)).toContain('BotManager::LootWorker');
    const main = raw.threads.find((t) => t.id === String(raw.process.pid));
    expect(functions(main ?? thread)).toContain('BotManager::WaitForWorkers');
  });

  it('libc crashes with the top frame in libc and the caller in user code', () => {
    const [top, caller] = crashOf('libc').thread.frames;
    expect(top?.module).toBe('libc.so.6');
    expect(top?.function).toMatch(/strlen/);
    expect(caller?.function).toBe('WorldSession::HandleChatMessage');
  });

  it('inline flags the always_inline helper as an inline frame of its optimised caller', () => {
    const [helper, caller] = crashOf('inline').thread.frames;
    expect(helper).toMatchObject({ function: 'FastMath::ScaledValue', inline: true, module: 'worldserver' });
    expect(caller).toMatchObject({ function: 'Combat::ComputeMeleeDamage', inline: false, address: helper?.address });
    expect(caller?.file).toBe(path.join(fixture.sourceDir, 'src/game/combat.cpp'));
  });

  it('stack-overflow stops at the frame cap instead of walking the whole recursion', () => {
    const { raw, thread } = crashOf('stack-overflow');
    expect(thread.frames).toHaveLength(256);
    expect(new Set(functions(thread))).toEqual(new Set(['PathFinder::ExpandNode']));
    expect(raw.exception.description).toMatch(/^SEGV_MAPERR/);
  });

  it('divide-by-zero reports the faulting instruction as the address', () => {
    const { raw, thread } = crashOf('divide-by-zero');
    expect(raw.exception).toMatchObject({ name: 'Arithmetic exception', address: thread.frames[0]?.address, description: expect.stringMatching(/^FPE_INTDIV/) as unknown });
  });

  it('abort paths show the handler that aborted', () => {
    expect(functions(crashOf('assert').thread)).toContain('Trinity::Assert');
    expect(functions(crashOf('uncaught-exception').thread)).toContain('__cxa_throw');
    expect(functions(crashOf('pure-virtual').thread)).toContain('__cxa_pure_virtual');
    for (const mode of ['assert', 'uncaught-exception', 'pure-virtual'] as const) {
      expect(crashOf(mode).raw.exception.description).toMatch(/^SI_TKILL/);
    }
  });
});

describe('rebuilds, limits and other core writers', () => {
  it('a build with shifted lines gives the same functions at the shifted lines', async () => {
    const shifted = await buildFixture({ shift: true });
    for (const mode of ['null-write', 'inline'] as const) {
      const corePath = await produceCore(shifted.executable, mode, { workDir });
      const raw = await client.analyze({ corePath, executablePath: shifted.executable, timeoutMs: 120_000 });
      const thread = crashingThread(raw);
      const base = crashOf(mode).thread;
      expect(functions(thread ?? base)).toEqual(functions(base));
      const site = expectedCrashSite(shifted.sourceDir, mode);
      expect(site.line).toBeGreaterThan(expectedCrashSite(fixture.sourceDir, mode).line);
      expect(thread?.frames.some((f) => f.file === path.join(shifted.sourceDir, site.file) && f.line === site.line && f.function === site.function)).toBe(true);
    }
  });

  it('keeps the crashing thread when thread and frame limits cut the rest', async () => {
    const corePath = await produceCore(fixture.executable, 'worker-thread', { workDir });
    const small = await ExecGdbClient.create({ runner: new NodeProcessRunner(process.env), limits: { maxFrames: 3, maxThreads: 1 } });
    const raw = await small.analyze({ corePath, executablePath: fixture.executable, timeoutMs: 120_000 });
    expect(raw.threads.map((t) => t.id)).toEqual([raw.crashingThreadId]);
    const names = functions(raw.threads[0] ?? { id: '', name: null, frames: [] });
    expect(names).toHaveLength(3);
    expect(names.slice(0, 2)).toEqual(['BotAI::CollectLoot', 'BotManager::LootWorker']);
  });

  it('reads a core written by gdb generate-core-file the same way', async () => {
    const corePath = await produceCore(fixture.executable, 'worker-thread', { workDir, via: 'gdb' });
    const raw = await client.analyze({ corePath, executablePath: fixture.executable, timeoutMs: 120_000 });
    const site = expectedCrashSite(fixture.sourceDir, 'worker-thread');
    expect(raw.exception.code).toBe('SIGSEGV');
    expect(crashingThread(raw)?.frames[0]).toMatchObject({ function: site.function, line: site.line });
    expect(raw.crashingThreadId).not.toBe(String(raw.process.pid));
  });
});
