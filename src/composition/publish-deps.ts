import type { GitHubClient } from '../adapters/github/github-client.js';
import { openOrUpdatePullRequest } from '../publish/open-pull-request.js';
import type { Logger } from '../pipeline/logger.js';
import type { Settings } from '../settings/build-settings.js';
import type { PublishDeps } from '../stages/publish-fix.js';
import type { PipelineAdapters } from './pipeline-adapters.js';

const AUTHOR = { name: 'crash-autofix', email: 'crash-autofix@users.noreply.github.com' };

/** The git and GitHub adapters the publish stage uses, from the settings. */
export function publishDeps(settings: Settings, adapters: PipelineAdapters, github: () => Promise<GitHubClient>, log: Logger): Omit<PublishDeps, 'ensureTree'> {
  const ctx = settings.github;
  return {
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
    now: adapters.now,
    warn: (m) => log.warning(m),
  };
}
