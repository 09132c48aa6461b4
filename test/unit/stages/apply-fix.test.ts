import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CrashAutofixError, StageError } from '../../../src/base/errors.js';
import type { AppliedFix, ApplyFixInput } from '../../../src/fix/apply/apply-edits.js';
import { fixPolicy } from '../../../src/fix/policy/fix-policy.js';
import type { ReproRun } from '../../../src/domain/job-state.js';
import { applyFixStage, type ApplyFixDeps } from '../../../src/stages/apply-fix.js';
import { applyingFix } from '../../fakes/sample-states.js';

const CRASHED: ReproRun = { crashed: true, signal: 'SIGSEGV', exitCode: null, timedOut: false, durationMs: 40, logFile: '/s/repro-unfixed.log' };

/** Fake git and apply that record what happened, in order. */
function deps(events: string[], over: Partial<ApplyFixDeps> = {}): ApplyFixDeps {
  const git = { headCommit: () => Promise.resolve('b'.repeat(40)) } as unknown as Awaited<ReturnType<ApplyFixDeps['git']>>;
  return {
    git: () => Promise.resolve(git),
    apply: async (input: ApplyFixInput): Promise<AppliedFix> => {
      events.push(`reset ${input.worktreeDir} to ${input.baseCommit.slice(0, 4)} on ${input.branch}`);
      await input.beforeEdits?.(input.worktreeDir);
      events.push('edit');
      return { worktreeDir: input.worktreeDir, branch: input.branch, baseCommit: input.baseCommit, diff: '+fix\n', files: [{ path: 'src/game/session.cpp', core: false, build: false, created: false }] };
    },
    repoDir: '/repo',
    worktreeDir: () => Promise.resolve('/w/tree'),
    policy: fixPolicy({ allowedPaths: ['**'] }),
    writeJobFile: (name) => Promise.resolve(`/s/${name}`),
    info: (m) => events.push(`info: ${m}`),
    ...over,
  };
}

describe('applyFixStage', () => {
  it('builds and runs the unfixed reproduction at the base commit before editing, and records it', async () => {
    const events: string[] = [];
    const next = await applyFixStage(applyingFix(), deps(events, { reproduceUnfixed: (dir) => (events.push(`reproduce in ${dir}`), Promise.resolve(CRASHED)) }));
    expect(events).toEqual([
      'reset /w/tree to bbbb on crash-autofix/access-violation-0123456789ab',
      'info: Building the unfixed base commit to reproduce the crash on it',
      'reproduce in /w/tree',
      'info: Unfixed build: crashed (SIGSEGV)',
      'edit',
    ]);
    expect(next).toMatchObject({ status: 'COMPILING', unfixedRun: CRASHED, worktree: { dir: '/w/tree', diffFile: '/s/fix.diff', diffSha256: createHash('sha256').update('+fix\n').digest('hex') } });
  });

  it('reuses the unfixed run for a revised fix instead of building the base commit again', async () => {
    const events: string[] = [];
    const state = { ...applyingFix(), unfixedRun: CRASHED };
    const next = await applyFixStage(state, deps(events, { reproduceUnfixed: () => Promise.reject(new Error('must not run')) }));
    expect(events).toEqual(['reset /w/tree to bbbb on crash-autofix/access-violation-0123456789ab', 'edit']);
    expect(next.unfixedRun).toBe(CRASHED);
  });

  it('deletes the branches earlier jobs left once the fix is applied, keeping its own, and only reports a cleanup failure', async () => {
    const events: string[] = [];
    await applyFixStage(applyingFix(), deps(events, { pruneBranches: (keep) => (events.push(`prune keeping ${keep}`), Promise.resolve(['crash-autofix/old-1', 'crash-autofix/old-2'])) }));
    expect(events.slice(-2)).toEqual(['prune keeping crash-autofix/access-violation-0123456789ab', 'info: Deleted 2 local branch(es) left by earlier jobs: crash-autofix/old-1, crash-autofix/old-2']);
    const failing: string[] = [];
    const next = await applyFixStage(applyingFix(), deps(failing, { pruneBranches: () => Promise.reject(new CrashAutofixError('tool-failed', 'git branch -D exited with code 1: locked')) }));
    expect(next.status).toBe('COMPILING');
    expect(failing.at(-1)).toBe('info: Old crash-autofix branches were not cleaned up: git branch -D exited with code 1: locked');
  });

  it('has no unfixed run without a reproduction command', async () => {
    const next = await applyFixStage(applyingFix(), deps([]));
    expect('unfixedRun' in next).toBe(false);
  });

  it("fails in stage 'reproduce' when the base commit does not build", async () => {
    const broken = new CrashAutofixError('tool-failed', 'The base commit does not build (src/a.cpp:3: expected ;)');
    const error = await applyFixStage(applyingFix(), deps([], { reproduceUnfixed: () => Promise.reject(broken) })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StageError);
    expect(error).toMatchObject({ stage: 'reproduce', kind: 'tool-failed', retryable: false, message: broken.message });
  });
});
