import { existsSync } from 'node:fs';
import { ExecGitClient } from '../adapters/git/exec-git-client.js';
import type { ProcessRunner } from '../adapters/exec/process-runner.js';
import type { ApprovalClient } from '../adapters/github/approval-client.js';
import type { DeploymentClient } from '../adapters/github/deployment-client.js';
import type { JobRecord } from '../domain/job-state.js';
import type { Route } from '../pipeline/route.js';
import type { Settings } from '../settings/build-settings.js';
import { parseHealthTarget } from '../release/health-target.js';
import type { ReleaseIo } from '../release/release-io.js';
import type { StressWatch } from '../release/stress-run.js';
import { deployToTest } from '../stages/deploy-to-test.js';
import { promote } from '../stages/promote.js';
import { startDeployment } from '../stages/start-deployment.js';
import { stressTest } from '../stages/stress-test.js';

export interface ReleaseContext {
  io: ReleaseIo;
  github: (Pick<ApprovalClient, 'getPullRequest' | 'addComment' | 'listComments'> & { deployments: DeploymentClient }) | null;
  runner: ProcessRunner;
  /** The job's folder in the state folder: the release is packed into `release/` there. */
  jobDir: string;
  record: JobRecord;
}

function plans(settings: Settings, ctx: ReleaseContext) {
  const health = settings.healthCheck === null ? null : parseHealthTarget(settings.healthCheck, 'health-check');
  return {
    io: ctx.io,
    comments: ctx.github,
    rollback: { command: settings.rollbackCommand, timeoutMs: settings.deployTimeoutMs },
    plan: { deployCommand: settings.deployCommand ?? [], healthCheck: health, healthTimeoutMs: settings.healthTimeoutMs, deployTimeoutMs: settings.deployTimeoutMs },
    health,
  };
}

/** The fix's work tree HEAD, or null when the folder is not on this runner. */
function headOf(runner: ProcessRunner): (dir: string) => Promise<string | null> {
  return async (dir) => {
    if (!existsSync(dir)) return null;
    const git = await ExecGitClient.create({ runner, repoDir: dir });
    return git.headCommit(dir);
  };
}

/** `deploy`: to the test server (APPROVED, DEPLOYING), or with deploy-target production, promotion (PROMOTING). */
export function deployRoute(settings: Settings, ctx: ReleaseContext): Route<'deploy'> {
  const p = plans(settings, ctx);
  const deployments = ctx.github?.deployments ?? null;
  if (settings.deployTarget === 'production') {
    const notYet = { rest: `Job ${ctx.record.jobId} has not passed its stress run on the test server yet: run 'deploy' (deploy-target test) and 'stress' first` };
    return {
      APPROVED: notYet,
      DEPLOYING: notYet,
      PROMOTING: {
        name: `Promote to ${settings.productionEnvironment}`,
        run: (s, checkpoint) => promote(s, { ...p, environment: settings.productionEnvironment, jobId: ctx.record.jobId, deployments }, checkpoint),
      },
    };
  }
  return {
    APPROVED: {
      name: 'Pack the verified build and open the test deployment',
      run: (s) =>
        startDeployment(s, {
          releaseDir: `${ctx.jobDir}/release`,
          releaseFiles: settings.releaseFiles,
          environment: settings.testEnvironment,
          jobId: ctx.record.jobId,
          github: ctx.github,
          deployments,
          headOf: headOf(ctx.runner),
          now: () => ctx.io.now(),
        }),
    },
    DEPLOYING: { name: `Deploy to ${settings.testEnvironment} and check health`, run: (s, checkpoint) => deployToTest(s, p, checkpoint) },
    PROMOTING: { rest: `Job ${ctx.record.jobId} passed its stress run; promotion is 'deploy' with deploy-target production (the production job)` },
  };
}

/** `stress`: the stress run on the test server. */
export function stressRoute(settings: Settings, ctx: ReleaseContext, watch: StressWatch): Route<'stress'> {
  const p = plans(settings, ctx);
  const metric = settings.stressMetricCommand !== null && settings.stressMetricMax !== null ? { command: settings.stressMetricCommand, max: settings.stressMetricMax } : null;
  return {
    STRESS_TESTING: {
      name: `Stress the fix on ${settings.testEnvironment} for ${Math.round(settings.stressDurationMs / 1000)} s`,
      run: (s, checkpoint) =>
        stressTest(s, { ...p, watch, plan: { load: settings.stressCommand, durationMs: settings.stressDurationMs, intervalMs: settings.stressIntervalMs, failureLimit: settings.stressFailureLimit, health: p.health, metric } }, checkpoint),
    },
  };
}

