import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CrashAutofixError, StageError } from '../../../src/base/errors.js';
import { verifyFix, type VerifyDeps } from '../../../src/stages/verify-fix.js';
import { testing } from '../../fakes/sample-states.js';

async function withDiff(): Promise<ReturnType<typeof testing>> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'caf-verify-'));
  const diffFile = path.join(dir, 'fix.diff');
  await writeFile(diffFile, 'diff --git a/src/game/session.cpp b/src/game/session.cpp\n--- a/src/game/session.cpp\n+++ b/src/game/session.cpp\n@@ -30,1 +30,2 @@\n x\n+y\n');
  const base = testing();
  return { ...base, worktree: { ...base.worktree, diffFile } };
}

function deps(events: string[], over: Partial<VerifyDeps['gates']> = {}, ensure?: VerifyDeps['ensureBuiltTree']): VerifyDeps {
  return {
    ensureBuiltTree: ensure ?? (async () => void events.push('ensure')),
    gates: {
      tests: { run: () => (events.push('tests'), Promise.resolve({ ok: true, total: 2, passed: 2, failed: 0, skipped: 0, failedTests: [], durationMs: 5, runner: 'ctest' })) },
      analyzer: { analyse: () => (events.push('analyse'), Promise.resolve({ tool: 'cppcheck', findings: [], timedOut: false })) },
      reproducer: null,
      testsBlock: false,
      isolation: () => Promise.resolve({ sandbox: 'bwrap', detail: 'bubblewrap 0.8.0: own user, PID and network namespaces, no network, home hidden' }),
      ...over,
    },
  };
}

describe('verifyFix', () => {
  it('makes sure the built fix is in the tree, runs the gates and records them with the isolation, publishing nothing', async () => {
    const events: string[] = [];
    const next = await verifyFix(await withDiff(), deps(events));
    expect(events).toEqual(['ensure', 'tests', 'analyse']);
    expect(next.status).toBe('VERIFIED');
    expect(next.publication).toBeNull();
    expect(next.gates).toMatchObject({ tests: { status: 'passed', passed: 2 }, staticAnalysis: { tool: 'cppcheck' }, isolation: { sandbox: 'bwrap' } });
  });

  it('fails with the stage and one line when the fix still crashes, whether or not GitHub is set up', async () => {
    const state = { ...(await withDiff()), unfixedRun: { crashed: true, signal: 'SIGSEGV', exitCode: null, timedOut: false, durationMs: 9, logFile: '/s/repro-unfixed.log' } };
    const fixed = { crashed: true, signal: 'SIGSEGV', exitCode: null, timedOut: false, durationMs: 9, logFile: '/s/repro-fixed.log' };
    const error = await verifyFix(state, deps([], { reproducer: { fixed: () => Promise.resolve(fixed) } })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StageError);
    expect(error).toMatchObject({ stage: 'reproduce', message: 'The fixed build still crashes (SIGSEGV; unfixed: SIGSEGV). The fix does not stop the crash, so no pull request is opened; output: /s/repro-fixed.log' });
  });

  it('reports a tree that cannot be restored as a failure of this stage', async () => {
    const broken = deps([], {}, () => Promise.reject(new CrashAutofixError('tool-failed', 'The fix, restored in the work tree, no longer builds')));
    await expect(verifyFix(await withDiff(), broken)).rejects.toMatchObject({ stage: 'verify', kind: 'tool-failed' });
  });
});
