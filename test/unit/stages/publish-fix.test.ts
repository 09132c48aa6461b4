import { describe, expect, it } from 'vitest';
import { CrashAutofixError } from '../../../src/base/errors.js';
import type { PullRequestOutcome } from '../../../src/publish/open-pull-request.js';
import type { StateOf } from '../../../src/domain/job-state.js';
import { publishFix, type PublishDeps } from '../../../src/stages/publish-fix.js';
import { verified } from '../../fakes/sample-states.js';

const COMMIT = 'c'.repeat(40);
const PR: PullRequestOutcome = { pr: { number: 12, url: 'https://github.com/acme/server/pull/12', state: 'open', draft: true, merged: false, headBranch: 'crash-autofix/access-violation-0123456789ab' }, action: 'created', regressionOf: null, warnings: [] };

interface Fake {
  deps: PublishDeps;
  calls: string[];
  checkpoints: StateOf<'VERIFIED'>[];
}

function fake(changed: string[] = ['src/game/session.cpp'], over: Partial<PublishDeps> = {}): Fake {
  const calls: string[] = [];
  const checkpoints: StateOf<'VERIFIED'>[] = [];
  const deps: PublishDeps = {
    ensureTree: async () => void calls.push('ensure'),
    git: async () => ({
      currentBranch: async () => 'main',
      commitFiles: async (_dir, files) => (calls.push(`commit ${files.join(',')}`), COMMIT),
      changedPaths: async () => (calls.push('check'), changed),
      moveBranchKeepingFiles: async () => void calls.push('uncommit'),
      pushBranch: async (_dir, remote, branch) => (calls.push(`push ${remote} ${branch}`), { remoteRef: `refs/heads/${branch}`, pushedCommit: COMMIT }),
    }),
    openPullRequest: async (plan) => (calls.push(`pr ${plan.headBranch} → ${plan.baseBranch}`), PR),
    repoDir: '/repo',
    baseBranch: null,
    remote: 'origin',
    pushToken: 'ghs_x',
    author: { name: 'crash-autofix', email: 'bot@example.com' },
    labels: [],
    reviewers: [],
    teamReviewers: [],
    assignees: [],
    runUrl: null,
    now: () => new Date('2026-12-04T10:00:00Z'),
    warn: (m) => void calls.push(`warn ${m}`),
    ...over,
  };
  return { deps, calls, checkpoints };
}

const keep = (f: Fake) => async (s: StateOf<'VERIFIED'>): Promise<void> => void f.checkpoints.push(s);

describe('publishFix', () => {
  it('commits exactly the edited files, checks the commit, pushes, checkpoints, then opens the draft pull request', async () => {
    const f = fake();
    const next = await publishFix(verified(), f.deps, keep(f));
    expect(f.calls).toEqual(['ensure', 'commit src/game/session.cpp', 'check', 'push origin crash-autofix/access-violation-0123456789ab', 'pr crash-autofix/access-violation-0123456789ab → main']);
    expect(f.checkpoints.map((s) => s.publication)).toEqual([{ commit: COMMIT, pushedAt: '2026-12-04T10:00:00.000Z' }]);
    expect(next).toMatchObject({ status: 'PR_CREATED', publication: { commit: COMMIT }, pr: { number: 12, commit: COMMIT, action: 'created' } });
  });

  it('refuses the push when the commit holds a file no edit touched, and undoes the commit', async () => {
    const f = fake(['core', 'src/game/session.cpp']);
    const error = await publishFix(verified(), f.deps, keep(f)).catch((e: unknown) => e);
    expect(error).toMatchObject({
      stage: 'publish',
      kind: 'policy',
      message: 'Push refused: the fix commit does not match the accepted edits (files no edit touched: core); nothing was pushed. Run the job again with --fresh',
    });
    expect(f.calls).toEqual(['ensure', 'commit src/game/session.cpp', 'check', 'uncommit']);
    expect(f.checkpoints).toEqual([]);
  });

  it('after a failed pull request call, a re-run from the checkpoint only opens the pull request', async () => {
    let attempts = 0;
    const failing = fake(undefined, {
      openPullRequest: async () => {
        attempts++;
        throw new CrashAutofixError('network', 'GitHub did not answer');
      },
    });
    await expect(publishFix(verified(), failing.deps, keep(failing))).rejects.toMatchObject({ kind: 'network', retryable: true });
    expect(attempts).toBe(1);
    const resumed = failing.checkpoints[0];
    if (!resumed) throw new Error('expected a checkpoint');
    const f = fake();
    const next = await publishFix(resumed, f.deps, keep(f));
    expect(f.calls).toEqual(['pr crash-autofix/access-violation-0123456789ab → main']);
    expect(next.pr.commit).toBe(COMMIT);
  });

  it('needs a base branch on a detached checkout', async () => {
    const f = fake(undefined, { git: async () => ({ ...(await fake().deps.git()), currentBranch: async () => null }) });
    await expect(publishFix(verified(), f.deps, keep(f))).rejects.toMatchObject({ kind: 'config', message: expect.stringContaining("set 'base-branch'") as unknown });
  });
});
