import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { StageError } from '../../../src/base/errors.js';
import type { ReproRun, StateOf } from '../../../src/domain/job-state.js';
import { runGates, type GateDeps } from '../../../src/toolchain/run-gates.js';
import type { TestRun } from '../../../src/toolchain/test-runner.js';
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

const PASSED: TestRun = { ok: true, total: 3, passed: 3, failed: 0, skipped: 0, failedTests: [], durationMs: 10, runner: 'ctest' };

function deps(events: string[], over: Partial<GateDeps> = {}, tests: TestRun = PASSED): GateDeps {
  return {
    tests: { run: (target) => (events.push(`tests in ${target.worktreeDir} with ${target.buildDir}`), Promise.resolve(tests)) },
    analyzer: {
      analyse: (t) => (
        events.push(`analyse ${t.changedRanges.map((c) => `${c.file}:${c.startLine}-${c.endLine}`).join(',')}`),
        Promise.resolve({ tool: null, findings: [], timedOut: false })
      ),
    },
    reproducer: null,
    testsBlock: false,
    isolation: () => Promise.resolve({ sandbox: 'none', detail: 'sandbox: none (allow-listed environment only)' }),
    ...over,
  };
}

describe('runGates: the reproduction gate', () => {
  it('is null without a reproduction command', async () => {
    const gates = await runGates({ ...state, unfixedRun: CRASHED }, deps([]));
    expect(gates.reproduction).toBeNull();
    expect((await runGates(state, deps([], { reproducer: { fixed: () => Promise.reject(new Error('no unfixed run')) } }))).reproduction).toBeNull();
  });

  it('passes when the unfixed build crashed and the fixed one exits, before the tests run', async () => {
    const events: string[] = [];
    const fixed = run({ logFile: '/s/repro-fixed.log' });
    const gates = await runGates({ ...state, unfixedRun: CRASHED }, deps(events, { reproducer: { fixed: (tree, build) => (events.push(`reproduce ${tree} ${build}`), Promise.resolve(fixed)) } }));
    expect(events).toEqual(['reproduce /w/tree /w/build', 'tests in /w/tree with /w/build', 'analyse src/game/session.cpp:30-33']);
    expect(gates.reproduction).toEqual({ verdict: 'passed', reason: 'The unfixed build crashes (SIGSEGV); the fixed build exited with code 0.', unfixed: CRASHED, fixed });
  });

  it('fails the job with no tests run when the fixed build still crashes', async () => {
    const events: string[] = [];
    const fixed = run({ crashed: true, signal: 'SIGSEGV', exitCode: null, logFile: '/s/repro-fixed.log' });
    const error = await runGates({ ...state, unfixedRun: CRASHED }, deps(events, { reproducer: { fixed: () => Promise.resolve(fixed) } })).catch((e: unknown) => e);
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
    const gates = await runGates({ ...state, unfixedRun: unfixed }, deps([], { reproducer: { fixed: () => Promise.reject(new Error('must not run')) } }));
    expect(gates.reproduction).toEqual({ verdict: 'not-reproduced', reason: 'The unfixed build did not crash (exited with code 3), so the reproduction proves nothing.', unfixed, fixed: null });
  });
});

describe('runGates: tests and static analysis', () => {
  it('runs the tests on the built work tree and analyses the changed files and lines there', async () => {
    const events: string[] = [];
    const seen: unknown[] = [];
    const d = deps(events);
    const gates = await runGates(state, { ...d, analyzer: { analyse: (t) => (seen.push(t), d.analyzer.analyse(t)) } });
    expect(events).toEqual(['tests in /w/tree with /w/build', 'analyse src/game/session.cpp:30-33']);
    expect(seen).toEqual([{ repoRoot: '/w/tree', changedFiles: ['src/game/session.cpp'], changedRanges: [{ file: 'src/game/session.cpp', startLine: 30, endLine: 33 }], buildDir: '/w/build' }]);
    expect(gates.tests).toEqual({ status: 'passed', runner: 'ctest', total: 3, passed: 3, failed: 0, skipped: 0, failedTests: [], blocking: false, durationMs: 10 });
  });

  it('reports failed tests without blocking unless tests-block is on', async () => {
    const failed: TestRun = { ok: false, total: 3, passed: 1, failed: 2, skipped: 0, failedTests: ['queue_drains', 'session_closes'], durationMs: 12, runner: 'command' };
    const gates = await runGates(state, deps([], {}, failed));
    expect(gates.tests).toMatchObject({ status: 'failed', runner: 'command', failed: 2, blocking: false });
    const events: string[] = [];
    const error = await runGates(state, deps(events, { testsBlock: true }, failed)).catch((e: unknown) => e);
    expect(error).toMatchObject({ stage: 'test', kind: 'tool-failed', message: "2 of 3 test(s) failed with the fix: queue_drains, session_closes; 'tests-block' is on, so no pull request is opened" });
    expect(events).toEqual(['tests in /w/tree with /w/build']);
  });
});
