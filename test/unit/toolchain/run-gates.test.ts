import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { StageError } from '../../../src/base/errors.js';
import type { ReproRun, StateOf } from '../../../src/domain/job-state.js';
import { runGates, type GateDeps } from '../../../src/toolchain/run-gates.js';
import { testing } from '../../fakes/sample-states.js';

const run = (over: Partial<ReproRun>): ReproRun => ({ crashed: false, signal: null, exitCode: 0, timedOut: false, durationMs: 30, logFile: '/s/repro.log', ...over });
const CRASHED = run({ crashed: true, signal: 'SIGSEGV', exitCode: null, logFile: '/s/repro-unfixed.log' });

let state: StateOf<'TESTING'>;
beforeAll(async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'caf-gates-'));
  const diffFile = path.join(dir, 'fix.diff');
  await writeFile(diffFile, 'diff --git a/src/game/session.cpp b/src/game/session.cpp\n--- a/src/game/session.cpp\n+++ b/src/game/session.cpp\n@@ -30,2 +30,4 @@\n x\n+y\n+z\n x\n');
  const base = testing();
  state = { ...base, worktree: { ...base.worktree, diffFile } };
});

function deps(events: string[], over: Partial<GateDeps> = {}): GateDeps {
  return {
    runTests: () => (events.push('tests'), Promise.resolve({ ok: true, total: 3, passed: 3, failed: 0, skipped: 0, failedTests: [], durationMs: 10, runner: 'ctest' })),
    staticAnalysis: (_s, changed) => (events.push(`analyse ${changed.map((c) => `${c.file}:${c.startLine}-${c.endLine}`).join(',')}`), Promise.resolve({ tool: null, findings: [] })),
    testsBlock: false,
    isolation: () => Promise.resolve({ sandbox: 'none', detail: 'sandbox: none (allow-listed environment only)' }),
    ...over,
  };
}

describe('runGates: the reproduction gate', () => {
  it('is null without a reproduction command', async () => {
    const gates = await runGates({ ...state, unfixedRun: CRASHED }, deps([]));
    expect(gates.reproduction).toBeNull();
    expect((await runGates(state, deps([], { reproduceFixed: () => Promise.reject(new Error('no unfixed run')) }))).reproduction).toBeNull();
  });

  it('passes when the unfixed build crashed and the fixed one exits, before the tests run', async () => {
    const events: string[] = [];
    const fixed = run({ logFile: '/s/repro-fixed.log' });
    const gates = await runGates({ ...state, unfixedRun: CRASHED }, deps(events, { reproduceFixed: () => (events.push('reproduce'), Promise.resolve(fixed)) }));
    expect(events).toEqual(['reproduce', 'tests', 'analyse src/game/session.cpp:30-33']);
    expect(gates.reproduction).toEqual({ verdict: 'passed', reason: 'The unfixed build crashes (SIGSEGV); the fixed build exited with code 0.', unfixed: CRASHED, fixed });
  });

  it('fails the job with no tests run when the fixed build still crashes', async () => {
    const events: string[] = [];
    const fixed = run({ crashed: true, signal: 'SIGSEGV', exitCode: null, logFile: '/s/repro-fixed.log' });
    const error = await runGates({ ...state, unfixedRun: CRASHED }, deps(events, { reproduceFixed: () => Promise.resolve(fixed) })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StageError);
    expect(error).toMatchObject({
      stage: 'reproduce',
      retryable: false,
      message: 'The fixed build still crashes (SIGSEGV; unfixed: SIGSEGV). The fix does not stop the crash, so no pull request is opened; output: /s/repro-fixed.log',
    });
    expect(events).toEqual([]);
  });

  it('reports a crash the unfixed build did not reproduce without running the fixed build', async () => {
    const unfixed = run({ exitCode: 3 });
    const gates = await runGates({ ...state, unfixedRun: unfixed }, deps([], { reproduceFixed: () => Promise.reject(new Error('must not run')) }));
    expect(gates.reproduction).toEqual({ verdict: 'not-reproduced', reason: 'The unfixed build did not crash (exited with code 3), so the reproduction proves nothing.', unfixed, fixed: null });
  });
});
