import path from 'node:path';
import { asStageError } from '../errors.js';
import type { AppliedFix, ApplyFixInput } from '../fix/apply/apply-fix.js';
import type { GitClient } from '../git/git-client.js';
import type { StateOf } from '../pipeline/state.js';

export interface ApplyFixDeps {
  git: () => Promise<Pick<GitClient, 'headCommit'> & ApplyFixInput['git']>;
  apply: (input: ApplyFixInput) => Promise<AppliedFix>;
  repoDir: string;
  workDir: string;
  jobId: string;
  policy: ApplyFixInput['policy'];
  writeJobFile: (name: string, content: string) => Promise<string>;
}

const STAGE = 'apply';

/** APPLYING_FIX → COMPILING: applies the edits in a work tree on branch `crash-autofix/<signature>`. */
export async function applyFixStage(state: StateOf<'APPLYING_FIX'>, deps: ApplyFixDeps): Promise<StateOf<'COMPILING'>> {
  let applied: AppliedFix;
  try {
    const git = await deps.git();
    applied = await deps.apply({
      git,
      repoDir: deps.repoDir,
      worktreeDir: path.join(deps.workDir, deps.jobId),
      branch: `crash-autofix/${state.report.signature}`,
      baseCommit: await git.headCommit(),
      edits: state.analysis.proposal.fix.edits,
      policy: deps.policy,
    });
  } catch (e) {
    throw asStageError(STAGE, e);
  }
  const diffFile = await deps.writeJobFile('fix.diff', applied.diff);
  const { status: _from, ...rest } = state;
  return {
    ...rest,
    status: 'COMPILING',
    worktree: { dir: applied.worktreeDir, branch: applied.branch, baseCommit: applied.baseCommit, diffFile, files: applied.files },
  };
}
