import path from 'node:path';
import { CrashAutofixError } from '../base/errors.js';
import type { Worktree } from '../domain/job-state.js';
import { ensureWorktree, type EnsureGit } from '../fix/apply/ensure-worktree.js';
import { buildFailure } from '../toolchain/build-result.js';
import type { FixBuilder } from '../toolchain/fix-builder.js';

export interface WorkTreeGuardDeps {
  /** Locks the workspace for this job (waiting while another job holds it); later calls return at once. */
  lock: () => Promise<unknown>;
  git: () => Promise<EnsureGit>;
  builder: Pick<FixBuilder, 'build'>;
  /** The job folder: a rebuild logs to `build-restored.log` there. */
  jobDir: string;
  info: (message: string) => void;
}

/** What the stages after APPLYING_FIX ask before they touch the work tree. */
export interface WorkTreeGuard {
  /** The tree holds this job's fix (its files): reset and the recorded diff applied again when another job used it. */
  ensure: (worktree: Worktree) => Promise<'intact' | 'restored'>;
  /** Also built: a restored tree is rebuilt, since the build folder then holds another job's build. */
  ensureBuilt: (worktree: Worktree) => Promise<void>;
}

/**
 * The workspace is shared by the jobs of a runner, and a resumed job may
 * find another job's fix in it. Each stage that builds, tests or commits
 * locks it first and puts this job's fix back when needed.
 */
export function workTreeGuard(deps: WorkTreeGuardDeps): WorkTreeGuard {
  const ensure = async (worktree: Worktree): Promise<'intact' | 'restored'> => {
    await deps.lock();
    const outcome = await ensureWorktree(await deps.git(), worktree);
    if (outcome === 'restored') deps.info(`Another job used the work tree since this one built its fix; restored the fix in ${worktree.dir}`);
    return outcome;
  };
  return {
    ensure,
    ensureBuilt: async (worktree) => {
      if ((await ensure(worktree)) === 'intact') return;
      const { result } = await deps.builder.build(worktree.dir, path.join(deps.jobDir, 'build-restored.log'));
      if (!result.ok) throw new CrashAutofixError('tool-failed', `The fix, restored in the work tree, no longer builds (${buildFailure(result)}); run the job again with --fresh`);
    },
  };
}
