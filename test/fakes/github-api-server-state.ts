/**
 * What the GitHub stand-in remembers (pull requests, issues, labels,
 * branches, collaborators) and how it renders them in GitHub's JSON shapes.
 * Issues and pull requests share one number sequence, as on GitHub.
 */
export interface PullRecord {
  number: number;
  head: string;
  base: string;
  title: string;
  body: string | null;
  draft: boolean;
  state: 'open' | 'closed';
  merged: boolean;
  mergedAt: string | null;
  labels: string[];
  requestedReviewers: string[];
  requestedTeams: string[];
  assignees: string[];
  createdAt: string;
  updatedAt: string;
}

export interface IssueRecord {
  number: number;
  title: string;
  body: string | null;
  state: 'open' | 'closed';
  labels: string[];
  assignees: string[];
  createdAt: string;
  updatedAt: string;
}

export interface LabelRecord {
  id: number;
  name: string;
  color: string;
  description: string | null;
  default: boolean;
}

/** The login the stand-in says the token belongs to; it authors everything created. */
export const BOT_LOGIN = 'github-actions[bot]';

export class GitHubState {
  readonly pulls: PullRecord[] = [];
  readonly issues: IssueRecord[] = [];
  /** repository_dispatch events received, in order. */
  readonly dispatches: { eventType: string; payload: Record<string, unknown> }[] = [];
  private readonly labelsByName = new Map<string, LabelRecord>();
  private nextNumber = 1;
  private nextId = 1000;
  private clock = Date.parse('2026-01-05T10:00:00Z');

  constructor(
    readonly owner: string,
    readonly repo: string,
    readonly branches: Set<string>,
    readonly collaborators: Set<string>,
    readonly teams: Set<string>,
  ) {}

  now(): string {
    this.clock += 1000;
    return new Date(this.clock).toISOString();
  }

  takeNumber(): number {
    return this.nextNumber++;
  }

  labels(): LabelRecord[] {
    return [...this.labelsByName.values()];
  }

  label(name: string): LabelRecord | undefined {
    return this.labelsByName.get(name.toLowerCase());
  }

  /** GitHub creates labels it does not know when they are added to an issue, in grey. */
  addLabel(name: string, color = 'ededed', description: string | null = null): LabelRecord {
    const existing = this.label(name);
    if (existing) return existing;
    const record = { id: this.nextId++, name, color, description, default: false };
    this.labelsByName.set(name.toLowerCase(), record);
    return record;
  }

  pull(number: number): PullRecord | undefined {
    return this.pulls.find((p) => p.number === number);
  }

  issue(number: number): IssueRecord | undefined {
    return this.issues.find((i) => i.number === number);
  }

  /** A pull request that was opened and merged before the test starts. */
  seedMergedPullRequest(fields: { head: string; title: string; body: string; base?: string; labels?: string[] }): PullRecord {
    const at = this.now();
    const pr: PullRecord = {
      number: this.takeNumber(),
      head: fields.head,
      base: fields.base ?? 'main',
      title: fields.title,
      body: fields.body,
      draft: false,
      state: 'closed',
      merged: true,
      mergedAt: at,
      labels: (fields.labels ?? []).map((l) => this.addLabel(l).name),
      requestedReviewers: [],
      requestedTeams: [],
      assignees: [],
      createdAt: at,
      updatedAt: at,
    };
    this.pulls.push(pr);
    return pr;
  }
}

/** Renders records as GitHub does; `api` is the stand-in's base URL. */
export class GitHubShapes {
  constructor(
    private readonly state: GitHubState,
    private readonly api: string,
  ) {}

  private get web(): string {
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
      network_count: 0, subscribers_count: 1, archived: false, disabled: false, has_issues: true, has_projects: false, has_wiki: false,
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
    const branch = (ref: string): Record<string, unknown> => ({ label: `${owner}:${ref}`, ref, sha: 'a'.repeat(40), user: this.user(owner, 'User'), repo: this.repository() });
    return {
      url, id: 90_000 + pr.number, node_id: `PR_${pr.number}`, html_url: html, diff_url: `${html}.diff`, patch_url: `${html}.patch`,
      issue_url: `${this.api}/repos/${owner}/${repo}/issues/${pr.number}`, commits_url: `${url}/commits`, review_comments_url: `${url}/comments`,
      review_comment_url: `${this.api}/repos/${owner}/${repo}/pulls/comments{/number}`, comments_url: `${this.api}/repos/${owner}/${repo}/issues/${pr.number}/comments`,
      statuses_url: `${this.api}/repos/${owner}/${repo}/statuses/${'a'.repeat(40)}`, number: pr.number, state: pr.state, locked: false,
      title: pr.title, user: this.user(BOT_LOGIN), body: pr.body, labels: this.labelsOf(pr.labels), milestone: null, active_lock_reason: null,
      created_at: pr.createdAt, updated_at: pr.updatedAt, closed_at: pr.state === 'closed' ? pr.updatedAt : null, merged_at: pr.mergedAt,
      merge_commit_sha: pr.merged ? 'b'.repeat(40) : null, assignee: pr.assignees[0] ? this.user(pr.assignees[0]) : null,
      assignees: pr.assignees.map((a) => this.user(a)), requested_reviewers: pr.requestedReviewers.map((r) => this.user(r)),
      requested_teams: pr.requestedTeams.map((t) => this.team(t)), head: branch(pr.head), base: branch(pr.base),
      _links: {
        self: { href: url }, html: { href: html }, issue: { href: `${this.api}/repos/${owner}/${repo}/issues/${pr.number}` },
        comments: { href: `${this.api}/repos/${owner}/${repo}/issues/${pr.number}/comments` }, review_comments: { href: `${url}/comments` },
        review_comment: { href: `${this.api}/repos/${owner}/${repo}/pulls/comments{/number}` }, commits: { href: `${url}/commits` },
        statuses: { href: `${this.api}/repos/${owner}/${repo}/statuses/${'a'.repeat(40)}` },
      },
      author_association: 'CONTRIBUTOR', auto_merge: null, draft: pr.draft,
      merged: pr.merged, mergeable: pr.state === 'open' ? true : null, rebaseable: null, mergeable_state: pr.state === 'open' ? 'clean' : 'unknown',
      merged_by: pr.merged ? this.user(owner, 'User') : null, comments: 0, review_comments: 0, maintainer_can_modify: false,
      commits: 1, additions: 3, deletions: 1, changed_files: 1,
    };
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
