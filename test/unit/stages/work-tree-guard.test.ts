import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Worktree } from '../../../src/domain/job-state.js';
import type { EnsureGit } from '../../../src/fix/apply/ensure-worktree.js';
import { workTreeGuard, type WorkTreeGuardDeps } from '../../../src/stages/work-tree-guard.js';
import type { BuildResult } from '../../../src/toolchain/build-result.js';

const DIFF = 'diff --git a/src/a.cpp b/src/a.cpp\n--- a/src/a.cpp\n+++ b/src/a.cpp\n@@ -1 +1 @@\n-old\n+new\n';
const BASE = 'b'.repeat(40);
const BRANCH = 'crash-autofix/access-violation-0123456789ab';
const BUILT: BuildResult = { ok: true, durationMs: 10, diagnostics: [], exitCode: 0, timedOut: false, outputTail: '' };

/**
 * Git as ensureWorktree sees it: either the tree is registered and holds this
 * job's fix, or it is gone (another job's run removed it) and must be added again.
 */
function fakeGit(events: string[], holdsFix: boolean): EnsureGit {
  const log = (what: string) => async (...args: unknown[]): Promise<void> => void events.push([`git ${what}`, ...args.map(String)].join(' '));
  return {
    listWorktrees: async () => (holdsFix ? [treeDir] : []),
    worktreeBranches: async () => [],
    currentBranch: async () => BRANCH,
    diff: async () => DIFF,
    headCommit: async () => BASE,
    addWorktree: log('add'),
    removeWorktree: log('remove'),
    resetWorktree: log('reset'),
    applyPatch: log('apply'),
    moveBranchKeepingFiles: log('move'),
  };
}

let dir: string;
let treeDir: string;
let worktree: Worktree;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'caf-guard-'));
  treeDir = path.join(dir, 'tree');
  await mkdir(treeDir);
  await writeFile(path.join(treeDir, '.git'), `gitdir: ${dir}/repo/.git/worktrees/tree\n`);
  await writeFile(path.join(dir, 'fix.diff'), DIFF);
  worktree = { dir: treeDir, branch: BRANCH, baseCommit: BASE, diffFile: path.join(dir, 'fix.diff'), diffSha256: null, files: [{ path: 'src/a.cpp', core: false, build: false, created: false }] };
});
afterAll(() => rm(dir, { recursive: true, force: true }));

function deps(events: string[], holdsFix: boolean, result: BuildResult = BUILT): WorkTreeGuardDeps {
  return {
    lock: async () => void events.push('lock'),
    git: async () => fakeGit(events, holdsFix),
    builder: { build: async (tree, logFile) => (events.push(`build ${tree} > ${logFile}`), { result, buildDir: '/w/build' }) },
    jobDir: '/s',
    info: (m) => events.push(`info ${m}`),
  };
}

describe('workTreeGuard', () => {
  it('locks the workspace before it looks at the tree, and leaves a tree that holds the fix alone', async () => {
    const events: string[] = [];
    expect(await workTreeGuard(deps(events, true)).ensure(worktree)).toBe('intact');
    expect(events).toEqual(['lock']);
  });

  it('puts the fix back in a tree another job took, and says so', async () => {
    const events: string[] = [];
    expect(await workTreeGuard(deps(events, false)).ensure(worktree)).toBe('restored');
    expect(events).toEqual(['lock', `git add ${treeDir} ${BRANCH} ${BASE}`, `git apply ${treeDir} ${DIFF}`, `info Another job used the work tree since this one built its fix; restored the fix in ${treeDir}`]);
  });

  it('builds nothing when the built fix is still in place', async () => {
    const events: string[] = [];
    await workTreeGuard(deps(events, true)).ensureBuilt(worktree);
    expect(events.filter((e) => e.startsWith('build'))).toEqual([]);
  });

  it('rebuilds a restored tree, logging to build-restored.log in the job folder', async () => {
    const events: string[] = [];
    await workTreeGuard(deps(events, false)).ensureBuilt(worktree);
    expect(events.at(-1)).toBe(`build ${treeDir} > ${path.join('/s', 'build-restored.log')}`);
  });

  it('fails in one line when the restored fix no longer builds', async () => {
    const broken: BuildResult = { ...BUILT, ok: false, exitCode: 2, diagnostics: [{ severity: 'error', file: 'src/a.cpp', line: 1, column: 1, code: null, message: "'Queue' has no member 'drain'", notes: [] }] };
    await expect(workTreeGuard(deps([], false, broken)).ensureBuilt(worktree)).rejects.toMatchObject({
      kind: 'tool-failed',
      message: "The fix, restored in the work tree, no longer builds (src/a.cpp:1: 'Queue' has no member 'drain'); run the job again with --fresh",
    });
  });
});
