import { describe, expect, it } from 'vitest';
import { expandReproCommand, judgeReproduction, reproduce, runReproductionGate, type ReproduceResult } from '../../../src/toolchain/reproduce.js';
import { FakeProcessRunner } from '../../fakes/fake-process-runner.js';

const run = (over: Partial<ReproduceResult>): ReproduceResult => ({ crashed: false, signal: null, exitCode: 0, timedOut: false, durationMs: 5, output: '', ...over });

describe('judgeReproduction', () => {
  it('passes when the unfixed build crashes and the fixed one exits or outlives the time limit', () => {
    const unfixed = run({ crashed: true, signal: 'SIGSEGV', exitCode: null });
    expect(judgeReproduction(unfixed, run({ exitCode: 0 }))).toMatchObject({ verdict: 'passed', reason: 'The unfixed build crashes (SIGSEGV); the fixed build exited with code 0.' });
    expect(judgeReproduction(unfixed, run({ timedOut: true, exitCode: null, signal: 'SIGKILL' })).reason).toBe('The unfixed build crashes (SIGSEGV); the fixed build ran until the time limit without crashing.');
  });

  it('fails when the fixed build still crashes', () => {
    expect(judgeReproduction(run({ crashed: true, signal: 'SIGSEGV' }), run({ crashed: true, signal: 'SIGABRT' }))).toMatchObject({ verdict: 'failed', reason: 'The fixed build still crashes (SIGABRT; unfixed: SIGSEGV).' });
  });

  it('is not reproduced when the unfixed build does not crash', () => {
    expect(judgeReproduction(run({ exitCode: 2 }), undefined)).toMatchObject({ verdict: 'not-reproduced', reason: 'The unfixed build did not crash (exited with code 2), so the reproduction proves nothing.' });
  });
});

describe('reproduce with a scripted runner', () => {
  it('reads a Windows access violation and does not run the fixed build when the unfixed one survives', async () => {
    const runner = new FakeProcessRunner().once({ command: 'server.exe' }, { exitCode: 0xc0000005 });
    expect(await reproduce({ command: ['server.exe', 'go'], cwd: 'C:\\w', timeoutMs: 1000, runner, platform: 'win32' })).toMatchObject({ crashed: true, signal: 'STATUS_ACCESS_VIOLATION' });

    const survives = new FakeProcessRunner().on({ command: 'old' }, { exitCode: 0 });
    const gate = await runReproductionGate({ unfixedCommand: ['old'], fixedCommand: ['new'], cwd: '/w', timeoutMs: 1000, runner: survives, platform: 'linux' });
    expect(gate.verdict).toBe('not-reproduced');
    expect(survives.callsTo('new')).toHaveLength(0);
    expect(survives.calls[0]?.options).toMatchObject({ cwd: '/w', timeoutMs: 1000 });
  });
});

describe('expandReproCommand', () => {
  it('fills in the build folder and work tree in every argument and the environment', () => {
    expect(expandReproCommand(['{build-dir}/worldserver', '-c', '{work-tree}/etc/{build-dir}.conf', 'plain'], { buildDir: '/w/build', workTree: '/w/tree' })).toEqual({
      argv: ['/w/build/worldserver', '-c', '/w/tree/etc//w/build.conf', 'plain'],
      env: { CRASH_AUTOFIX_BUILD_DIR: '/w/build', CRASH_AUTOFIX_WORK_TREE: '/w/tree' },
    });
  });
});
