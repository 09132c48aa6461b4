/**
 * GitHub's JSON shapes for the approval gate and the review loop:
 * environments, pending deployments, deployment decisions, issue comments,
 * reviews and their line comments, a collaborator's permission.
 */
import type { GitHubShapes } from './github-api-server-shapes.js';
import type { GitHubState } from './github-api-server-state.js';
import { legacyPermission, type CommentRecord, type DeploymentDecision, type EnvironmentRecord, type ReviewCommentRecord, type ReviewRecord, type RoleName } from './github-api-server-review-state.js';

type Shape = Record<string, unknown>;

export class ReviewShapes {
  constructor(
    private readonly shapes: GitHubShapes,
    private readonly state: GitHubState,
  ) {}

  private get repoApi(): string {
    return `${this.shapes.apiUrl}/repos/${this.state.owner}/${this.state.repo}`;
  }

  private get repoWeb(): string {
    return `${this.shapes.web}/${this.state.owner}/${this.state.repo}`;
  }

  /** The short form runs and approvals carry. */
  environmentRef(env: EnvironmentRecord): Shape {
    return {
      id: env.id, node_id: `EN_${env.id}`, name: env.name, url: `${this.repoApi}/environments/${encodeURIComponent(env.name)}`,
      html_url: `${this.repoWeb}/deployments/activity_log?environments_filter=${encodeURIComponent(env.name)}`,
    };
  }

  private reviewer(r: EnvironmentRecord['reviewers'][number]): Shape {
    return { type: r.type, reviewer: r.type === 'User' ? this.shapes.user(r.name) : this.shapes.team(r.name) };
  }

  environment(env: EnvironmentRecord): Shape {
    // GitHub lists a required_reviewers rule only when the environment has reviewers.
    const rules = env.reviewers.length ? [{ id: env.id * 10 + 1, node_id: `GA_${env.id}`, prevent_self_review: false, type: 'required_reviewers', reviewers: env.reviewers.map((r) => this.reviewer(r)) }] : [];
    return { ...this.environmentRef(env), created_at: env.createdAt, updated_at: env.createdAt, protection_rules: rules, deployment_branch_policy: null };
  }

  pendingDeployment(env: EnvironmentRecord, startedAt: string, viewer: string): Shape {
    return {
      environment: this.environmentRef(env), wait_timer: 0, wait_timer_started_at: startedAt,
      current_user_can_approve: this.state.canReview(env, viewer), reviewers: env.reviewers.map((r) => this.reviewer(r)),
    };
  }

  deployment(env: EnvironmentRecord, runId: number, creator: string, at: string): Shape {
    const id = env.id * 1000 + runId;
    const url = `${this.repoApi}/deployments/${id}`;
    return {
      url, id, node_id: `DE_${id}`, sha: 'c'.repeat(40), ref: 'main', task: 'deploy', payload: {}, original_environment: env.name, environment: env.name,
      description: null, creator: this.shapes.user(creator), created_at: at, updated_at: at, statuses_url: `${url}/statuses`, repository_url: this.repoApi,
      transient_environment: false, production_environment: false,
    };
  }

  approval(decision: DeploymentDecision): Shape {
    const environments = decision.environments.map((name) => this.state.environment(name)).filter((e): e is EnvironmentRecord => e !== undefined);
    return {
      environments: environments.map((e) => ({ ...this.environmentRef(e), created_at: e.createdAt, updated_at: e.createdAt })),
      state: decision.state, user: this.shapes.user(decision.user), comment: decision.comment,
    };
  }

  comment(c: CommentRecord): Shape {
    const issueUrl = `${this.repoApi}/issues/${c.issueNumber}`;
    const isPull = this.state.pull(c.issueNumber) !== undefined;
    return {
      id: c.id, node_id: `IC_${c.id}`, url: `${this.repoApi}/issues/comments/${c.id}`, body: c.body,
      html_url: `${this.repoWeb}/${isPull ? 'pull' : 'issues'}/${c.issueNumber}#issuecomment-${c.id}`, user: this.shapes.user(c.author),
      created_at: c.createdAt, updated_at: c.createdAt, issue_url: issueUrl, author_association: this.association(c.author),
    };
  }

  review(r: ReviewRecord): Shape {
    const html = `${this.repoWeb}/pull/${r.pullNumber}#pullrequestreview-${r.id}`;
    const pullUrl = `${this.repoApi}/pulls/${r.pullNumber}`;
    return {
      id: r.id, node_id: `PRR_${r.id}`, user: this.shapes.user(r.user), body: r.body, state: r.state, html_url: html, pull_request_url: pullUrl,
      _links: { html: { href: html }, pull_request: { href: pullUrl } }, ...(r.submittedAt ? { submitted_at: r.submittedAt } : {}),
      commit_id: r.commitId, author_association: this.association(r.user),
    };
  }

  reviewComment(r: ReviewRecord, c: ReviewCommentRecord): Shape {
    const url = `${this.repoApi}/pulls/comments/${c.id}`;
    const html = `${this.repoWeb}/pull/${r.pullNumber}#discussion_r${c.id}`;
    const pullUrl = `${this.repoApi}/pulls/${r.pullNumber}`;
    const at = r.submittedAt ?? this.state.now();
    return {
      url, pull_request_review_id: r.id, id: c.id, node_id: `PRRC_${c.id}`, diff_hunk: '@@ -1,3 +1,3 @@', path: c.path, position: c.position ?? 1,
      original_position: c.position ?? 1, commit_id: r.commitId, original_commit_id: r.commitId, user: this.shapes.user(r.user), body: c.body,
      created_at: at, updated_at: at, html_url: html, pull_request_url: pullUrl, author_association: this.association(r.user),
      _links: { self: { href: url }, html: { href: html }, pull_request: { href: pullUrl } },
      side: c.side, start_side: null, start_line: null, original_start_line: null, subject_type: 'line',
      ...(c.line === null ? {} : { line: c.line, original_line: c.line }),
    };
  }

  permission(login: string, role: RoleName): Shape {
    const permission = legacyPermission(role);
    const permissions = { admin: permission === 'admin', maintain: role === 'maintain' || permission === 'admin', push: permission === 'write' || permission === 'admin', triage: permission !== 'none', pull: permission !== 'none' };
    return { permission, role_name: role, user: { ...this.shapes.user(login), permissions, role_name: role } };
  }

  private association(login: string): string {
    if (login.toLowerCase() === this.state.owner.toLowerCase()) return 'OWNER';
    return this.state.roleOf(login) && this.state.roleOf(login) !== 'none' ? 'COLLABORATOR' : 'NONE';
  }
}
