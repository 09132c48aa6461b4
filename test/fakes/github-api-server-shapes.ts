/**
 * How the GitHub stand-in renders its records in GitHub's JSON shapes (the
 * OpenAPI description's schemas; the server checks every answer against them).
 */
import { BOT_LOGIN, type GitHubState, type LabelRecord, type PullRecord, type IssueRecord } from './github-api-server-state.js';

/** Renders records as GitHub does; `api` is the stand-in's base URL. */
export class GitHubShapes {
  constructor(
    private readonly state: GitHubState,
    private readonly api: string,
  ) {}

  /** The stand-in's API root, for shapes built outside this class. */
  get apiUrl(): string {
    return this.api;
  }

  get web(): string {
    return `${this.api}/web`;
  }

  user(login: string, type: 'User' | 'Bot' = login.endsWith('[bot]') ? 'Bot' : 'User'): Record<string, unknown> {
    const id = [...login].reduce((h, c) => (h * 31 + c.charCodeAt(0)) % 1_000_000, 7);
    const url = `${this.api}/users/${encodeURIComponent(login)}`;
    return {
      login, id, node_id: `U_${id}`, avatar_url: `${this.web}/avatars/${id}`, gravatar_id: '', url, html_url: `${this.web}/${encodeURIComponent(login)}`,
      followers_url: `${url}/followers`, following_url: `${url}/following{/other_user}`, gists_url: `${url}/gists{/gist_id}`,
      starred_url: `${url}/starred{/owner}{/repo}`, subscriptions_url: `${url}/subscriptions`, organizations_url: `${url}/orgs`,
      repos_url: `${url}/repos`, events_url: `${url}/events{/privacy}`, received_events_url: `${url}/received_events`, type, site_admin: false,
    };
  }

  repository(): Record<string, unknown> {
    const { owner, repo } = this.state;
    const url = `${this.api}/repos/${owner}/${repo}`;
    // Every *_url the repository schema requires, as plain links under the repository URL.
    const urls = Object.fromEntries(
      ['archive', 'assignees', 'blobs', 'branches', 'collaborators', 'comments', 'commits', 'compare', 'contents', 'contributors', 'deployments', 'downloads', 'events', 'forks', 'git_commits', 'git_refs', 'git_tags', 'hooks', 'issue_comment', 'issue_events', 'issues', 'keys', 'labels', 'languages', 'merges', 'milestones', 'notifications', 'pulls', 'releases', 'stargazers', 'statuses', 'subscribers', 'subscription', 'tags', 'teams', 'trees'].map((n) => [`${n}_url`, `${url}/${n.replace('_', '/')}`]),
    );
    return {
      ...urls, id: 4242, node_id: 'R_4242', name: repo, full_name: `${owner}/${repo}`, private: true, owner: this.user(owner, 'User'),
      html_url: `${this.web}/${owner}/${repo}`, description: null, fork: false, url, default_branch: 'main', visibility: 'private',
      clone_url: `${this.web}/${owner}/${repo}.git`, git_url: `git://127.0.0.1/${owner}/${repo}.git`, ssh_url: `git@127.0.0.1:${owner}/${repo}.git`,
      svn_url: `${this.web}/${owner}/${repo}`, mirror_url: null, homepage: null, language: 'C++', license: null,
      forks: 0, forks_count: 0, open_issues: 0, open_issues_count: 0, stargazers_count: 0, watchers: 0, watchers_count: 0, size: 1024,
      allow_auto_merge: this.state.allowAutoMerge, network_count: 0, subscribers_count: 1, archived: false, disabled: false, has_issues: true, has_projects: false, has_wiki: false,
      has_pages: false, has_downloads: false, has_discussions: false,
      created_at: '2025-01-01T00:00:00Z', updated_at: '2026-01-01T00:00:00Z', pushed_at: '2026-01-01T00:00:00Z',
    };
  }

  label(record: LabelRecord): Record<string, unknown> {
    const { owner, repo } = this.state;
    return {
      id: record.id, node_id: `LA_${record.id}`, url: `${this.api}/repos/${owner}/${repo}/labels/${encodeURIComponent(record.name)}`,
      name: record.name, description: record.description, color: record.color, default: record.default,
    };
  }

  private labelsOf(names: string[]): Record<string, unknown>[] {
    return names.map((n) => this.state.label(n)).filter((l): l is LabelRecord => l !== undefined).map((l) => this.label(l));
  }

  pull(pr: PullRecord): Record<string, unknown> {
    const { owner, repo } = this.state;
    const url = `${this.api}/repos/${owner}/${repo}/pulls/${pr.number}`;
    const html = `${this.web}/${owner}/${repo}/pull/${pr.number}`;
    const branch = (ref: string, sha: string): Record<string, unknown> => ({ label: `${owner}:${ref}`, ref, sha, user: this.user(owner, 'User'), repo: this.repository() });
    return {
      url, id: 90_000 + pr.number, node_id: `PR_${pr.number}`, html_url: html, diff_url: `${html}.diff`, patch_url: `${html}.patch`,
      issue_url: `${this.api}/repos/${owner}/${repo}/issues/${pr.number}`, commits_url: `${url}/commits`, review_comments_url: `${url}/comments`,
      review_comment_url: `${this.api}/repos/${owner}/${repo}/pulls/comments{/number}`, comments_url: `${this.api}/repos/${owner}/${repo}/issues/${pr.number}/comments`,
      statuses_url: `${this.api}/repos/${owner}/${repo}/statuses/${pr.headSha}`, number: pr.number, state: pr.state, locked: false,
      title: pr.title, user: this.user(BOT_LOGIN), body: pr.body, labels: this.labelsOf(pr.labels), milestone: null, active_lock_reason: null,
      created_at: pr.createdAt, updated_at: pr.updatedAt, closed_at: pr.state === 'closed' ? pr.updatedAt : null, merged_at: pr.mergedAt,
      merge_commit_sha: pr.mergeCommitSha, assignee: pr.assignees[0] ? this.user(pr.assignees[0]) : null,
      assignees: pr.assignees.map((a) => this.user(a)), requested_reviewers: pr.requestedReviewers.map((r) => this.user(r)),
      requested_teams: pr.requestedTeams.map((t) => this.team(t)), head: branch(pr.head, pr.headSha), base: branch(pr.base, 'c'.repeat(40)),
      _links: {
        self: { href: url }, html: { href: html }, issue: { href: `${this.api}/repos/${owner}/${repo}/issues/${pr.number}` },
        comments: { href: `${this.api}/repos/${owner}/${repo}/issues/${pr.number}/comments` }, review_comments: { href: `${url}/comments` },
        review_comment: { href: `${this.api}/repos/${owner}/${repo}/pulls/comments{/number}` }, commits: { href: `${url}/commits` },
        statuses: { href: `${this.api}/repos/${owner}/${repo}/statuses/${pr.headSha}` },
      },
      author_association: 'CONTRIBUTOR', auto_merge: this.autoMerge(pr), draft: pr.draft,
      merged: pr.merged, mergeable: pr.state === 'open' ? true : null, rebaseable: null, mergeable_state: mergeableState(this.state, pr),
      merged_by: pr.merged ? this.user(owner, 'User') : null, comments: 0, review_comments: 0, maintainer_can_modify: false,
      commits: 1, additions: 3, deletions: 1, changed_files: 1,
    };
  }

  private autoMerge(pr: PullRecord): Record<string, unknown> | null {
    if (!pr.autoMerge) return null;
    return { enabled_by: this.user(pr.autoMerge.enabledBy), merge_method: pr.autoMerge.method, commit_title: `${pr.title} (#${pr.number})`, commit_message: '' };
  }

  /** List and search answers carry a pull request without the merge details `pulls.get` adds. */
  pullSummary(pr: PullRecord): Record<string, unknown> {
    const { merged: _m, mergeable: _a, rebaseable: _r, mergeable_state: _s, merged_by: _b, comments: _c, review_comments: _rc, maintainer_can_modify: _mm, commits: _cm, additions: _ad, deletions: _d, changed_files: _cf, ...rest } = this.pull(pr);
    return rest;
  }

  team(slug: string): Record<string, unknown> {
    const url = `${this.api}/orgs/${this.state.owner}/teams/${slug}`;
    return { id: slug.length * 101, node_id: `T_${slug}`, url, html_url: `${this.web}/orgs/${this.state.owner}/teams/${slug}`, name: slug, slug, description: null, privacy: 'closed', notification_setting: 'notifications_enabled', permission: 'pull', type: 'organization', members_url: `${url}/members{/member}`, repositories_url: `${url}/repos`, parent: null };
  }

  /** An issue, or a pull request seen through the issues API. */
  issue(record: IssueRecord | PullRecord): Record<string, unknown> {
    const { owner, repo } = this.state;
    const isPull = 'head' in record;
    const url = `${this.api}/repos/${owner}/${repo}/issues/${record.number}`;
    return {
      id: 70_000 + record.number, node_id: `I_${record.number}`, url, repository_url: `${this.api}/repos/${owner}/${repo}`,
      labels_url: `${url}/labels{/name}`, comments_url: `${url}/comments`, events_url: `${url}/events`,
      html_url: `${this.web}/${owner}/${repo}/${isPull ? 'pull' : 'issues'}/${record.number}`, number: record.number, state: record.state,
      state_reason: record.state === 'closed' ? 'completed' : null, title: record.title, body: record.body, user: this.user(BOT_LOGIN),
      labels: this.labelsOf(record.labels), assignee: record.assignees[0] ? this.user(record.assignees[0]) : null,
      assignees: record.assignees.map((a) => this.user(a)), milestone: null, locked: false, active_lock_reason: null, comments: 0,
      closed_at: record.state === 'closed' ? record.updatedAt : null, created_at: record.createdAt, updated_at: record.updatedAt,
      author_association: 'CONTRIBUTOR',
      ...(isPull
        ? { draft: record.draft, pull_request: { url: `${this.api}/repos/${owner}/${repo}/pulls/${record.number}`, html_url: `${this.web}/${owner}/${repo}/pull/${record.number}`, diff_url: null, patch_url: null, merged_at: record.mergedAt } }
        : {}),
    };
  }
}

/** What GitHub's `mergeable_state` says: a draft, a merge blocked by required checks, or clean. */
function mergeableState(state: GitHubState, pr: PullRecord): string {
  if (pr.state !== 'open') return 'unknown';
  if (pr.draft) return 'draft';
  return state.requiredChecks.length ? 'blocked' : 'clean';
}
