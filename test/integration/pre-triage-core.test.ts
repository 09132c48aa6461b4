import { mkdtemp, open, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readExecutableBuildId } from '../../src/adapters/elf/elf-build-id.js';
import { functionStartAt, readFunctionStarts } from '../../src/adapters/elf/elf-function-starts.js';
import { preTriageElfCore } from '../../src/adapters/elf/elf-pre-triage.js';
import { NodeProcessRunner } from '../../src/adapters/exec/process-runner.js';
import { ExecGdbClient } from '../../src/adapters/gdb/gdb-client.js';
import type { PreTriage } from '../../src/domain/pre-triage.js';
import { crashingThread, type RawCrash } from '../../src/domain/raw-crash.js';
import { CRASH_MODES, buildFixture, produceCore, type BuiltFixture, type CrashMode } from '../fixtures/crash-fixture.js';

/**
 * The native walk against gdb on the same real cores: gdb unwinds with the
 * DWARF CFI of the program and the system libraries; the walk has only the
 * core (frame pointers and a scan). Where gdb shows a frame in the program,
 * the walk must show it too, at the same offset, in the same order.
 */

let fixture: BuiltFixture;
let gdb: ExecGdbClient;
let workDir: string;
const cases = new Map<CrashMode, { native: PreTriage; gdb: RawCrash }>();

beforeAll(async () => {
  [fixture, gdb] = await Promise.all([buildFixture(), ExecGdbClient.create({ runner: new NodeProcessRunner(process.env) })]);
  workDir = await mkdtemp(path.join(os.tmpdir(), 'pre-triage-core-'));
  for (const mode of CRASH_MODES) {
    const corePath = await produceCore(fixture.executable, mode, { workDir });
    cases.set(mode, { native: await preTriageElfCore(corePath), gdb: await gdb.analyze({ corePath, executablePath: fixture.executable, timeoutMs: 120_000 }) });
  }
});

afterAll(async () => {
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

function caseOf(mode: CrashMode): { native: PreTriage; gdb: RawCrash } {
  const c = cases.get(mode);
  if (!c) throw new Error(`no core for ${mode}`);
  return c;
}

/** gdb's frames in the program, by offset from its base; an inline frame shares its caller's address and is one frame here. */
function gdbProgramFrames(raw: RawCrash): number[] {
  const base = BigInt(raw.modules.find((m) => m.name === 'worldserver')?.base ?? '0');
  const frames = (crashingThread(raw)?.frames ?? []).filter((f) => !f.inline && f.module === 'worldserver' && f.address !== null);
  return frames.map((f) => Number(BigInt(f.address ?? '0') - base));
}

function nativeProgramFrames(t: PreTriage): number[] {
  return t.frames.filter((f) => f.module === 'worldserver').map((f) => f.offset ?? -1);
}

describe.each(CRASH_MODES)('native pre-triage of a real %s core', (mode) => {
  it('finds the frames gdb finds in the program, at the same offsets and in the same order', () => {
    const { native, gdb: raw } = caseOf(mode);
    const expected = gdbProgramFrames(raw);
    expect(expected.length).toBeGreaterThan(0);
    // gdb stops at main; a deep recursion is cut by each walker's frame cap (gdb 256, the walk 128).
    const shown = nativeProgramFrames(native).slice(0, expected.length);
    expect(shown, native.frames.map((f) => `${f.trust} ${f.module}+0x${f.offset?.toString(16)}`).join('\n')).toEqual(expected.slice(0, shown.length));
    expect(shown.length).toBe(Math.min(expected.length, native.frames.length));
  });

  it('reports the signal, the crashing thread and the faulting module as gdb does', () => {
    const { native, gdb: raw } = caseOf(mode);
    expect(native.exception).toEqual(raw.exception);
    expect(native.crashingThreadId).toBe(raw.crashingThreadId);
    const top = crashingThread(raw)?.frames[0];
    expect(native.faultingModule).toBe(top?.module);
    expect(native.frames[0]).toMatchObject({ address: top?.address, trust: 'context' });
  });
});

describe('modules of a real core', () => {
  it('has the entry of every function of the program that nm lists in its .eh_frame_hdr table', async () => {
    const handle = await open(fixture.executable, 'r');
    const table = await readFunctionStarts(handle).finally(() => handle.close());
    const listed = (await new NodeProcessRunner(process.env).run('nm', ['--defined-only', fixture.executable])).stdout
      .split('\n')
      .map((line) => /^([0-9a-f]+) [Tt] (_ZN(?:5World|12WorldSession|5BotAI|10PathFinder)\w+)$/.exec(line))
      .filter((m) => m !== null);
    expect(listed.length).toBeGreaterThan(10);
    for (const m of listed) expect(table && functionStartAt(table, Number.parseInt(m[1] ?? '', 16) + 1), m[2]).toBe(Number.parseInt(m[1] ?? '', 16));
  });

  it('names the program with its base as gdb does and its build id as the file has it', async () => {
    const { native, gdb: raw } = caseOf('null-write');
    const program = native.modules[0];
    expect(program).toMatchObject({ name: 'worldserver', path: fixture.executable, base: raw.modules[0]?.base, buildId: await readExecutableBuildId(fixture.executable) });
    expect(native.modules.find((m) => m.name === 'libc.so.6')?.buildId).toMatch(/^[0-9a-f]{40}$/);
  });

  it('reads a core that gdb wrote (generate-core-file) the same way', async () => {
    const corePath = await produceCore(fixture.executable, 'worker-thread', { workDir, via: 'gdb' });
    const native = await preTriageElfCore(corePath);
    expect(nativeProgramFrames(native)).toEqual(nativeProgramFrames(caseOf('worker-thread').native));
    expect(native.crashingThreadId).not.toBe(String(caseOf('worker-thread').gdb.process.pid));
  });
});
