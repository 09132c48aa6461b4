/**
 * A GateClient in memory for stage and composition tests: one repository,
 * its pull requests, comments, labels and a run's environment reviews. The
 * integration tests use the real Octokit against the GitHub stand-in instead.
 */
import type { EnvironmentProtection, EnvironmentReview, MergeMethod, PullRequestReview, PullRequestStatus, RepositoryPermission } from '../../src/domain/approval.js';
import type { GateClient } from '../../src/composition/gate-routes.js';

export class FakeGateClient implements GateClient {
  readonly repository = 'acme/server';
  readonly calls: string[] = [];
  readonly comments = new Map<number, string[]>();
  readonly labels = new Map<number, string[]>();
  readonly pulls = new Map<number, PullRequestStatus>();
  reviews: EnvironmentReview[] = [];
  environments = new Map<string, EnvironmentProtection>([['crash-fix-approval', { name: 'crash-fix-approval', requiredReviewers: [{ type: 'User', name: 'lead' }], readable: true }]]);
  /** Pull-request reviews by id, for `revise`. */
  readonly pullReviews = new Map<number, PullRequestReview>();
  /** Repository permissions by user; anyone else has `read`. */
  readonly permissions = new Map<string, RepositoryPermission>();
  /** Makes the next merge fail with this error. */
  mergeError: Error | null = null;

  openPull(number: number, headSha: string, fields: Partial<PullRequestStatus> = {}): this {
    this.pulls.set(number, { number, url: `https://github.com/acme/server/pull/${number}`, state: 'open', draft: true, merged: false, mergeCommitSha: null, headRef: 'crash-autofix/x', headSha, baseRef: 'main', body: '', autoMerge: false, ...fields });
    return this;
  }

  private pull(number: number): PullRequestStatus {
    const pr = this.pulls.get(number);
    if (!pr) throw new Error(`no pull request #${number}`);
    return pr;
  }

  runApprovals(runId: number): Promise<EnvironmentReview[]> {
    this.calls.push(`runApprovals ${runId}`);
    return Promise.resolve(this.reviews);
  }
  environment(name: string): Promise<EnvironmentProtection | null> {
    this.calls.push(`environment ${name}`);
    return Promise.resolve(this.environments.get(name) ?? null);
  }
  getPullRequest(number: number): Promise<PullRequestStatus> {
    return Promise.resolve({ ...this.pull(number) });
  }
  markReadyForReview(number: number): Promise<void> {
    this.calls.push(`ready #${number}`);
    this.pull(number).draft = false;
    return Promise.resolve();
  }
  mergePullRequest(number: number, options: { method: MergeMethod; sha: string }): Promise<{ sha: string }> {
    this.calls.push(`merge #${number} ${options.method} ${options.sha.slice(0, 7)}`);
    if (this.mergeError) {
      const e = this.mergeError;
      this.mergeError = null;
      return Promise.reject(e);
    }
    const pr = this.pull(number);
    Object.assign(pr, { merged: true, state: 'closed', mergeCommitSha: 'm'.repeat(40) });
    return Promise.resolve({ sha: 'm'.repeat(40) });
  }
  enableAutoMerge(number: number, method: MergeMethod): Promise<void> {
    this.calls.push(`auto-merge #${number} ${method}`);
    this.pull(number).autoMerge = true;
    return Promise.resolve();
  }
  closePullRequest(number: number): Promise<void> {
    this.calls.push(`close #${number}`);
    this.pull(number).state = 'closed';
    return Promise.resolve();
  }
  addComment(number: number, body: string): Promise<{ url: string }> {
    this.calls.push(`comment #${number}`);
    this.comments.set(number, [...(this.comments.get(number) ?? []), body]);
    return Promise.resolve({ url: `https://github.com/acme/server/pull/${number}#issuecomment-1` });
  }
  listComments(number: number): Promise<Array<{ id: number; author: string; body: string }>> {
    return Promise.resolve((this.comments.get(number) ?? []).map((body, i) => ({ id: i + 1, author: 'github-actions[bot]', body })));
  }
  getReview(number: number, reviewId: number): Promise<PullRequestReview> {
    this.calls.push(`review #${number} ${reviewId}`);
    const review = this.pullReviews.get(reviewId);
    return review ? Promise.resolve(structuredClone(review)) : Promise.reject(new Error(`no review ${reviewId} on #${number}`));
  }
  permissionOf(user: string): Promise<RepositoryPermission> {
    this.calls.push(`permission ${user}`);
    return Promise.resolve(this.permissions.get(user) ?? 'read');
  }
  addLabels(number: number, labels: readonly string[]): Promise<void> {
    this.calls.push(`label #${number} ${labels.join(',')}`);
    this.labels.set(number, [...(this.labels.get(number) ?? []), ...labels]);
    return Promise.resolve();
  }
}
