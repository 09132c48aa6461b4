import { pathLookup } from '../build/path-lookup.js';
import { runStaticAnalysis } from '../build/static-analysis.js';
import { runTestCommand } from '../build/test-command.js';
import type { GitHubClient } from '../github/github-client.js';
import { openOrUpdatePullRequest } from '../github/open-pull-request.js';
import type { Logger } from '../pipeline/logger.js';
import type { Settings } from '../settings/build-settings.js';
import type { PublishDeps } from '../stages/publish-fix.js';
import type { PipelineAdapters } from './pipeline-adapters.js';
import type { Reproducer } from './reproduction.js';

const AUTHOR = { name: 'crash-autofix', email: 'crash-autofix@users.noreply.github.com' };

/** The reproduction, test, analysis, git and GitHub adapters the publish stage uses, from the settings. */
export function publishDeps(
  settings: Settings,
  adapters: PipelineAdapters,
  github: () => Promise<GitHubClient>,
  log: Logger,
  reproducer: Reproducer | null,
): Omit<PublishDeps, 'ensureTree'> {
  const which = pathLookup(settings.toolEnv.PATH, settings.platform);
  const ctx = settings.github;
  return {
    gates: {
      testsBlock: settings.testsBlock,
      ...(reproducer ? { reproduceFixed: (state) => reproducer.fixed(state.worktree.dir, state.build.buildDir) } : {}),
      runTests: async (state) => {
        if (settings.testCommand !== null) {
          const r = await runTestCommand(adapters.runner, { argv: [...settings.testCommand], cwd: state.worktree.dir, timeoutMs: settings.testTimeoutMs });
          return { ok: r.ok, total: 1, passed: r.ok ? 1 : 0, failed: r.ok ? 0 : 1, skipped: 0, failedTests: r.ok ? [] : ['test-command'], durationMs: r.durationMs, runner: 'command' };
        }
        const ctest = await adapters.ctest();
        const r = await ctest.run({ buildDir: state.build.buildDir, regex: settings.testRegex ?? undefined, config: settings.buildConfig, timeoutMs: settings.testTimeoutMs, parallel: settings.parallel });
        return { ...r, runner: 'ctest' };
      },
      staticAnalysis: (state, changed) =>
        runStaticAnalysis({
          repoRoot: state.worktree.dir,
          changedFiles: state.worktree.files.map((f) => f.path),
          changedRanges: changed,
          buildDir: state.build.buildDir,
          runner: adapters.runner,
          which,
          timeoutMs: settings.testTimeoutMs,
        }),
    },
    git: adapters.git,
    openPullRequest: async (plan) => openOrUpdatePullRequest({ ...plan, github: await github() }),
    repoDir: settings.sourceRoot,
    baseBranch: settings.baseBranch,
    remote: settings.pushRemote,
    pushToken: settings.githubApi?.token ?? null,
    author: AUTHOR,
    labels: settings.labels,
    reviewers: settings.reviewers,
    teamReviewers: settings.teamReviewers,
    assignees: settings.assignees,
    runUrl: ctx?.repository && ctx.runId ? `${ctx.serverUrl}/${ctx.repository}/actions/runs/${ctx.runId}` : null,
    warn: (m) => log.warning(m),
  };
}
