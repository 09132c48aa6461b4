import type { ApprovalClient } from '../adapters/github/approval-client.js';
import type { DeploymentClient } from '../adapters/github/deployment-client.js';
import { CrashAutofixError, StageError, asStageError } from '../base/errors.js';
import type { StateOf } from '../domain/job-state.js';
import type { Deployment, Release, Target } from '../domain/release.js';
import { packRelease, verifyRelease } from '../release/pack-release.js';

export interface StartDeploymentDeps {
  /** Where the release is packed: the job folder, so it travels with the record. */
  releaseDir: string;
  releaseFiles: readonly string[];
  environment: string;
  jobId: string;
  /** Null without GitHub: the merge commit must then be in the record. */
  github: Pick<ApprovalClient, 'getPullRequest'> | null;
  deployments: DeploymentClient | null;
  /** The commit checked out in the fix's work tree, or null when the folder is gone. */
  headOf: (dir: string) => Promise<string | null>;
  now: () => Date;
}

const STAGE = 'deploy';

/**
 * APPROVED → DEPLOYING: packs the build that passed the gates (the fix's
 * build folder, whose work tree must still be at the fix commit), records its
 * checksum, and finds or creates the test environment's GitHub Deployment
 * for the merge commit. A re-run finds the same deployment: never two.
 */
export async function startDeployment(state: StateOf<'APPROVED'>, deps: StartDeploymentDeps): Promise<StateOf<'DEPLOYING'>> {
  try {
    const commit = await mergeCommit(state, deps.github);
    const fixCommit = state.publication?.commit ?? state.pr.commit;
    const head = await deps.headOf(state.worktree.dir);
    if (head === null) {
      throw new CrashAutofixError('config', `The fix's build (${state.build.buildDir}) is not on this runner: run 'deploy' (deploy-target test) on the runner that built the fix (the fix job's labels), so the deployed build is the one that passed the gates`);
    }
    if (head !== fixCommit) {
      throw new CrashAutofixError('policy', `The fix's work tree ${state.worktree.dir} is at ${head.slice(0, 12)}, not at the verified fix commit ${fixCommit.slice(0, 12)}: its build is not the one that passed the gates. Run the fix job again, then approve and deploy`);
    }
    const packed = await packRelease(state.build.buildDir, deps.releaseFiles, deps.releaseDir);
    await verifyRelease(packed.dir, packed.sha256);
    const at = deps.now().toISOString();
    const release: Release = { dir: packed.dir, sha256: packed.sha256, files: packed.files.length, bytes: packed.bytes, buildIds: packed.buildIds, commit, fixCommit, packedAt: at };
    const test = await openDeployment('test', deps.environment, release, { jobId: deps.jobId, signature: state.report.signature, pr: state.pr.number, deployments: deps.deployments, now: deps.now });
    const { status: _from, ...rest } = state;
    return { ...rest, status: 'DEPLOYING', release, test };
  } catch (e) {
    throw asStageError(STAGE, e);
  }
}

/** The merge commit: recorded at the merge, or (auto-merge) read once GitHub has merged. */
async function mergeCommit(state: StateOf<'APPROVED'>, github: Pick<ApprovalClient, 'getPullRequest'> | null): Promise<string> {
  if (state.merge.commit !== null) return state.merge.commit;
  if (github === null) throw new CrashAutofixError('config', `Pull request #${state.pr.number} was set to auto-merge and its merge commit is not known here; deploy needs GitHub (a token and the repository) to read it`);
  const pr = await github.getPullRequest(state.pr.number);
  if (!pr.merged || pr.mergeCommitSha === null) {
    throw new StageError(STAGE, 'bad-input', `Pull request #${state.pr.number} is set to auto-merge and has not merged yet (its required checks run); re-run deploy once it has`, true);
  }
  return pr.mergeCommitSha;
}

/** Finds this job's deployment to the environment, or creates it: a re-run after a kill never makes a second. */
export async function openDeployment(
  target: Target,
  environment: string,
  release: Release,
  ctx: { jobId: string; signature: string; pr: number; deployments: DeploymentClient | null; now: () => Date },
): Promise<Deployment> {
  const createdAt = ctx.now().toISOString();
  const base = { target, environment, createdAt, deployStartedAt: null, deployedAt: null, healthyAt: null };
  if (ctx.deployments === null) return { ...base, id: null, url: null };
  const found = await ctx.deployments.findDeployment(environment, release.commit, ctx.jobId);
  const ref =
    found ??
    (await ctx.deployments.createDeployment({
      ref: release.commit,
      environment,
      description: `crash-autofix: fix of ${ctx.signature} (#${ctx.pr}), release ${release.sha256.slice(0, 12)}`,
      jobId: ctx.jobId,
      payload: { signature: ctx.signature, release: release.sha256, pr: String(ctx.pr) },
      production: target === 'production',
    }));
  return { ...base, id: ref.id, url: ref.url };
}
