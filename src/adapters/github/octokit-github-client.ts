import { getOctokit } from '@actions/github';
import { CrashAutofixError } from '../../base/errors.js';
import type { EnvironmentProtection, EnvironmentReview, MergeMethod, PullRequestReview, PullRequestStatus, RepositoryPermission } from '../../domain/approval.js';
import type { ApprovalClient } from './approval-client.js';
import type { DispatchClient, GitHubClient, IssueRef, NewIssue, NewPullRequest, PullRequestRef } from './github-client.js';
import { GitHubError, toGitHubError } from './github-error.js';
import { labelColor } from './label-color.js';
import { OctokitDeployments } from './octokit-deployments.js';
import { OctokitApproval } from './octokit-approval.js';
import type { CrashIssue, CrashIssueClient } from './crash-issue-client.js';
import { OctokitCrashIssues } from './octokit-crash-issues.js';
import { hasSignatureTrailer, mergedFixQuery, TRACKING_LABEL } from '../../domain/signature-trailer.js';

type Octokit = ReturnType<typeof getOctokit>;

export interface GitHubConnection {
  token: string;
  /** The REST API root: https://api.github.com, or GITHUB_API_URL on GitHub Enterprise Server. */
  baseUrl: string;
  owner: string;
  repo: string;
}

interface PullLike {
  number: number;
  html_url: string;
  state: string;
  draft?: boolean | null;
  merged?: boolean | null;
  merged_at?: string | null;
  head: { ref: string };
}

interface IssueLike {
  number: number;
  html_url: string;
  state: string;
}

const PR_READ = 'pull-requests: read';
const PR_WRITE = 'pull-requests: write';
const ISSUES_READ = 'issues: read';
const ISSUES_WRITE = 'issues: write';
/** A repository_dispatch needs Contents: write (fine-grained) or repo (classic). */
const CONTENTS_WRITE = 'contents: write';

/** GitHub through the real Octokit from @actions/github. */
export class OctokitGitHubClient implements GitHubClient, DispatchClient, ApprovalClient, CrashIssueClient {
  readonly repository: string;
  /** The approval gate's and review loop's calls (octokit-approval.ts). */
  private readonly approval: OctokitApproval;
  /** GitHub Deployments for the deploy and stress commands (octokit-deployments.ts). */
  readonly deployments: OctokitDeployments;
  /** The shared crash database's calls (octokit-crash-issues.ts). */
  private readonly crashIssues: OctokitCrashIssues;

  private constructor(
    private readonly octokit: Octokit,
    private readonly connection: GitHubConnection,
  ) {
    this.repository = `${connection.owner}/${connection.repo}`;
    this.approval = new OctokitApproval(octokit, connection);
    this.deployments = new OctokitDeployments(octokit, connection);
    this.crashIssues = new OctokitCrashIssues(octokit, connection, (labels) => this.ensureLabels(labels));
  }

  /** Checks the token and that the repository is visible with one GET /repos/{owner}/{repo}. */
  static async create(connection: GitHubConnection): Promise<OctokitGitHubClient> {
    if (!connection.token.trim()) {
      throw new CrashAutofixError('config', "No GitHub token: set 'github-token' (the workflow's GITHUB_TOKEN works) to open pull requests and issues");
    }
    if (!connection.owner || !connection.repo) {
      throw new CrashAutofixError('config', `The repository must be given as owner/name, got "${connection.owner}/${connection.repo}"`);
    }
    const octokit = getOctokit(connection.token, { baseUrl: connection.baseUrl.replace(/\/+$/, '') });
    const client = new OctokitGitHubClient(octokit, connection);
    try {
      await octokit.rest.repos.get({ owner: connection.owner, repo: connection.repo });
    } catch (error) {
      const failure = client.failure(error, `read the repository ${client.repository}`, 'contents: read');
      if (failure.status === 404) {
        throw new GitHubError('config', `Repository ${client.repository} not found at ${connection.baseUrl}, or the token cannot see it; check the repository name and that the token has 'contents: read'`, 404, false, { cause: error });
      }
      if (failure.status === 401) {
        throw new GitHubError('config', `GitHub rejected the token (401 Bad credentials) for ${client.repository}; check that the token is set, valid and not expired`, 401, false, { cause: error });
      }
      throw failure;
    }
    return client;
  }

  async findOpenPullRequest(headBranch: string): Promise<PullRequestRef | null> {
    const pulls = await this.call(`look for an open pull request from ${headBranch}`, PR_READ, () =>
      // GitHub filters by head only in the `owner:branch` form.
      this.octokit.rest.pulls.list({ ...this.repo(), state: 'open', head: `${this.connection.owner}:${headBranch}`, per_page: 100 }),
    );
    const found = pulls.data.find((p) => p.head.ref === headBranch);
    return found ? toPullRef(found) : null;
  }

  async findClosedPullRequest(headBranch: string): Promise<PullRequestRef | null> {
    const pulls = await this.call(`look for a closed pull request from ${headBranch}`, PR_READ, () =>
      this.octokit.rest.pulls.list({ ...this.repo(), state: 'closed', head: `${this.connection.owner}:${headBranch}`, per_page: 100 }),
    );
    // Merged ones are closed too; those are found by their trailer (findMergedFixForSignature).
    const closed = pulls.data.filter((p) => p.head.ref === headBranch && !p.merged_at).sort((a, b) => b.number - a.number);
    return closed[0] ? toPullRef(closed[0]) : null;
  }

  async findMergedFixForSignature(signature: string): Promise<PullRequestRef | null> {
    const search = await this.call(`search for merged fixes of ${signature}`, PR_READ, () =>
      this.octokit.rest.search.issuesAndPullRequests({ q: mergedFixQuery(this.repository, signature), sort: 'updated', order: 'desc', per_page: 100 }),
    );
    // Search matches words loosely; only an exact trailer line counts.
    const hits = search.data.items
      .filter((i) => i.pull_request?.merged_at && hasSignatureTrailer(i.body, signature))
      .sort((a, b) => Date.parse(b.pull_request?.merged_at ?? '') - Date.parse(a.pull_request?.merged_at ?? ''));
    const latest = hits[0];
    if (!latest) return null;
    const pr = await this.call(`read pull request #${latest.number}`, PR_READ, () => this.octokit.rest.pulls.get({ ...this.repo(), pull_number: latest.number }));
    return toPullRef(pr.data);
  }

  async createDraftPullRequest(pr: NewPullRequest): Promise<PullRequestRef> {
    const created = await this.call(`create the draft pull request from ${pr.head} into ${pr.base}`, PR_WRITE, () =>
      this.octokit.rest.pulls.create({ ...this.repo(), head: pr.head, base: pr.base, title: pr.title, body: pr.body, draft: true, maintainer_can_modify: false }),
    );
    return toPullRef(created.data);
  }

  async updatePullRequest(number: number, fields: { title: string; body: string }): Promise<PullRequestRef> {
    const updated = await this.call(`update pull request #${number}`, PR_WRITE, () =>
      this.octokit.rest.pulls.update({ ...this.repo(), pull_number: number, title: fields.title, body: fields.body }),
    );
    return toPullRef(updated.data);
  }

  async addLabels(number: number, labels: readonly string[]): Promise<void> {
    const unique = [...new Set(labels.map((l) => l.trim()).filter(Boolean))];
    if (unique.length === 0) return;
    await this.ensureLabels(unique);
    await this.call(`label #${number}`, ISSUES_WRITE, () => this.octokit.rest.issues.addLabels({ ...this.repo(), issue_number: number, labels: unique }));
  }

  async requestReviewers(number: number, users: readonly string[], teams: readonly string[]): Promise<void> {
    if (users.length === 0 && teams.length === 0) return;
    await this.call(`request reviews on #${number}`, PR_WRITE, () =>
      this.octokit.rest.pulls.requestReviewers({ ...this.repo(), pull_number: number, reviewers: [...users], team_reviewers: [...teams] }),
    );
  }

  async addAssignees(number: number, users: readonly string[]): Promise<string[]> {
    if (users.length === 0) return [];
    const issue = await this.call(`assign #${number}`, ISSUES_WRITE, () => this.octokit.rest.issues.addAssignees({ ...this.repo(), issue_number: number, assignees: [...users] }));
    return (issue.data.assignees ?? []).map((a) => a.login);
  }

  async createIssue(issue: NewIssue): Promise<IssueRef> {
    const labels = [...new Set(issue.labels)];
    await this.ensureLabels(labels);
    const created = await this.call('create the issue', ISSUES_WRITE, () => this.octokit.rest.issues.create({ ...this.repo(), title: issue.title, body: issue.body, labels }));
    return toIssueRef(created.data);
  }

  async updateIssue(number: number, fields: { title: string; body: string }): Promise<IssueRef> {
    const updated = await this.call(`update issue #${number}`, ISSUES_WRITE, () =>
      this.octokit.rest.issues.update({ ...this.repo(), issue_number: number, title: fields.title, body: fields.body }),
    );
    return toIssueRef(updated.data);
  }

  async createRepositoryDispatch(eventType: string, payload: Record<string, unknown>): Promise<void> {
    await this.call(`send the ${eventType} event`, CONTENTS_WRITE, () => this.octokit.rest.repos.createDispatchEvent({ ...this.repo(), event_type: eventType, client_payload: payload }));
  }

  async findOpenIssueForSignature(signature: string): Promise<IssueRef | null> {
    const issues = await this.call(`list open '${TRACKING_LABEL}' issues`, ISSUES_READ, () =>
      this.octokit.paginate(this.octokit.rest.issues.listForRepo, { ...this.repo(), state: 'open', labels: TRACKING_LABEL, per_page: 100 }),
    );
    const found = issues.find((i) => !i.pull_request && hasSignatureTrailer(i.body, signature));
    return found ? toIssueRef(found) : null;
  }

  runApprovals(runId: number): Promise<EnvironmentReview[]> { return this.approval.runApprovals(runId); }
  environment(name: string): Promise<EnvironmentProtection | null> { return this.approval.environment(name); }
  getPullRequest(number: number): Promise<PullRequestStatus> { return this.approval.getPullRequest(number); }
  markReadyForReview(number: number): Promise<void> { return this.approval.markReadyForReview(number); }
  mergePullRequest(number: number, options: { method: MergeMethod; sha: string; title?: string }): Promise<{ sha: string }> { return this.approval.mergePullRequest(number, options); }
  enableAutoMerge(number: number, method: MergeMethod): Promise<void> { return this.approval.enableAutoMerge(number, method); }
  closePullRequest(number: number): Promise<void> { return this.approval.closePullRequest(number); }
  addComment(number: number, body: string): Promise<{ url: string }> { return this.approval.addComment(number, body); }
  listComments(number: number): Promise<Array<{ id: number; author: string; body: string }>> { return this.approval.listComments(number); }
  getReview(number: number, reviewId: number): Promise<PullRequestReview> { return this.approval.getReview(number, reviewId); }
  permissionOf(user: string): Promise<RepositoryPermission> { return this.approval.permissionOf(user); }
  listIssuesWithLabel(label: string): Promise<CrashIssue[]> { return this.crashIssues.listIssuesWithLabel(label); }
  editIssue(number: number, fields: Parameters<CrashIssueClient['editIssue']>[1]): Promise<void> { return this.crashIssues.editIssue(number, fields); }

  /** Labels GitHub would otherwise create grey get a colour; an `already_exists` race is fine. */
  private async ensureLabels(labels: readonly string[]): Promise<void> {
    for (const name of labels) {
      try {
        await this.octokit.rest.issues.getLabel({ ...this.repo(), name });
        continue;
      } catch (error) {
        const failure = this.failure(error, `read the label '${name}'`, ISSUES_WRITE);
        if (failure.status !== 404) throw failure;
      }
      try {
        await this.octokit.rest.issues.createLabel({ ...this.repo(), name, color: labelColor(name), description: 'Added by crash-autofix' });
      } catch (error) {
        const failure = this.failure(error, `create the label '${name}'`, ISSUES_WRITE);
        if (failure.status !== 422 || !failure.message.includes('already_exists')) throw failure;
      }
    }
  }

  private repo(): { owner: string; repo: string } {
    return { owner: this.connection.owner, repo: this.connection.repo };
  }

  private failure(error: unknown, action: string, permission: string): GitHubError {
    return toGitHubError(error, { action, permission, token: this.connection.token, baseUrl: this.connection.baseUrl });
  }

  private async call<T>(action: string, permission: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      throw this.failure(error, action, permission);
    }
  }
}

function toPullRef(pr: PullLike): PullRequestRef {
  return {
    number: pr.number,
    url: pr.html_url,
    state: pr.state === 'closed' ? 'closed' : 'open',
    draft: pr.draft ?? false,
    merged: pr.merged ?? Boolean(pr.merged_at),
    headBranch: pr.head.ref,
  };
}

function toIssueRef(issue: IssueLike): IssueRef {
  return { number: issue.number, url: issue.html_url, state: issue.state === 'closed' ? 'closed' : 'open' };
}
