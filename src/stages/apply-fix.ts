import { createHash } from 'node:crypto';
import { asStageError, describeError } from '../base/errors.js';
import type { AppliedFix, ApplyFixInput } from '../fix/apply/apply-edits.js';
import type { GitClient } from '../adapters/git/git-client.js';
import type { ReproRun, StateOf } from '../domain/job-state.js';

export interface ApplyFixDeps {
  git: () => Promise<Pick<GitClient, 'headCommit'> & ApplyFixInput['git']>;
  apply: (input: ApplyFixInput) => Promise<AppliedFix>;
  repoDir: string;
  /** The reusable work tree's folder; asking for it locks the workspace for this job. */
  worktreeDir: () => Promise<string>;
  policy: ApplyFixInput['policy'];
  writeJobFile: (name: string, content: string) => Promise<string>;
  /** With `repro-command`: builds the base commit and runs the reproduction on it. */
  reproduceUnfixed?: (worktreeDir: string) => Promise<ReproRun>;
  /** Deletes the local branches earlier jobs left, keeping this job's; returns their names. */
  pruneBranches?: (keep: string) => Promise<string[]>;
  info: (message: string) => void;
}

const STAGE = 'apply';

/**
 * APPLYING_FIX → COMPILING: resets the work tree to the checkout's commit on
 * branch `crash-autofix/<signature>` and applies the edits. With a
 * reproduction command, the unfixed build is made and run first (once per
 * job: a revised fix reuses it).
 */
export async function applyFixStage(state: StateOf<'APPLYING_FIX'>, deps: ApplyFixDeps): Promise<StateOf<'COMPILING'>> {
  let applied: AppliedFix;
  let unfixedRun = state.unfixedRun;
  const reproduce = unfixedRun === undefined ? deps.reproduceUnfixed : undefined;
  try {
    const git = await deps.git();
    applied = await deps.apply({
      git,
      repoDir: deps.repoDir,
      worktreeDir: await deps.worktreeDir(),
      branch: `crash-autofix/${state.report.signature}`,
      baseCommit: await git.headCommit(),
      edits: state.analysis.proposal.fix.edits,
      policy: deps.policy,
      ...(reproduce
        ? {
            beforeEdits: async (dir: string) => {
              deps.info('Building the unfixed base commit to reproduce the crash on it');
              try {
                unfixedRun = await reproduce(dir);
              } catch (e) {
                throw asStageError('reproduce', e);
              }
              deps.info(`Unfixed build: ${unfixedRun.crashed ? `crashed (${unfixedRun.signal ?? 'crash'})` : unfixedRun.timedOut ? 'ran until the time limit' : `exited with code ${String(unfixedRun.exitCode)}`}`);
            },
          }
        : {}),
    });
  } catch (e) {
    throw asStageError(STAGE, e);
  }
  // Hygiene, not the job: a branch that cannot be deleted is reported and left.
  const pruned = await deps.pruneBranches?.(applied.branch).catch((e: unknown) => {
    deps.info(`Old crash-autofix branches were not cleaned up: ${describeError(e)}`);
    return [];
  });
  if (pruned && pruned.length > 0) deps.info(`Deleted ${pruned.length} local branch(es) left by earlier jobs: ${pruned.join(', ')}`);
  const diffFile = await deps.writeJobFile('fix.diff', applied.diff);
  const { status: _from, ...rest } = state;
  return {
    ...rest,
    ...(unfixedRun ? { unfixedRun } : {}),
    status: 'COMPILING',
    worktree: { dir: applied.worktreeDir, branch: applied.branch, baseCommit: applied.baseCommit, diffFile, diffSha256: createHash('sha256').update(applied.diff).digest('hex'), files: applied.files },
  };
}
