import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reproduce, runReproductionGate } from '../../src/toolchain/reproduce.js';
import { NodeProcessRunner } from '../../src/adapters/exec/process-runner.js';
import { buildFixture } from '../fixtures/crash-fixture.js';

const runner = new NodeProcessRunner(process.env);

describe.skipIf(process.platform === 'win32')('reproduction gate on the real worldserver', () => {
  let exe: string;
  let cwd: string;
  beforeAll(async () => {
    exe = (await buildFixture()).executable;
    cwd = await mkdtemp(path.join(os.tmpdir(), 'caf-repro-'));
  });
  afterAll(() => rm(cwd, { recursive: true, force: true }));

  it('sees the null read crash with SIGSEGV and the ok run survive', async () => {
    expect(await reproduce({ command: [exe, 'null-read'], cwd, timeoutMs: 30_000, runner })).toMatchObject({ crashed: true, signal: 'SIGSEGV', exitCode: null, timedOut: false });
    const ok = await reproduce({ command: [exe, 'ok'], cwd, timeoutMs: 30_000, runner });
    expect(ok).toMatchObject({ crashed: false, signal: null, exitCode: 0, timedOut: false });
    expect(ok.output).toContain('shutting down');
  });

  it('passes, fails or is not reproduced depending on the two builds', async () => {
    const common = { cwd, timeoutMs: 30_000, runner };
    expect((await runReproductionGate({ ...common, unfixedCommand: [exe, 'null-read'], fixedCommand: [exe, 'ok'] })).verdict).toBe('passed');
    expect(await runReproductionGate({ ...common, unfixedCommand: [exe, 'null-read'], fixedCommand: [exe, 'divide-by-zero'] })).toMatchObject({ verdict: 'failed', reason: 'The fixed build still crashes (SIGFPE; unfixed: SIGSEGV).' });
    expect((await runReproductionGate({ ...common, unfixedCommand: [exe, 'ok'], fixedCommand: [exe, 'ok'] })).verdict).toBe('not-reproduced');
  });

  it('counts a fixed build that outlives the time limit as surviving, and sees a crash behind a wrapper shell', async () => {
    const gate = await runReproductionGate({ cwd, timeoutMs: 300, runner, unfixedCommand: [exe, 'assert'], fixedCommand: ['sleep', '5'] });
    expect(gate).toMatchObject({ verdict: 'passed', unfixed: { signal: 'SIGABRT' }, fixed: { crashed: false, timedOut: true } });
    expect(await reproduce({ command: ['/bin/sh', '-c', '"$0" null-read; exit $?', exe], cwd, timeoutMs: 30_000, runner })).toMatchObject({ crashed: true, signal: 'SIGSEGV', exitCode: 139 });
  });
});
