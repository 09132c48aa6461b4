/**
 * What the GitHub stand-in remembers (pull requests, issues, labels,
 * branches, collaborators, and the approval gate's records) and how it
 * renders them in GitHub's JSON shapes. Issues and pull requests share one
 * number sequence, as on GitHub.
 */
import { DeploymentBook } from './github-api-server-deployments.js';
import type { CommentRecord, EnvironmentRecord, ReviewRecord, RoleName, RunRecord } from './github-api-server-review-state.js';

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
  /** The head commit; a test moves it to stand for a push. */
  headSha: string;
  mergeCommitSha: string | null;
  autoMerge: { method: 'merge' | 'squash' | 'rebase'; enabledBy: string } | null;
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

/** The head commit of every pull request until a test moves it. */
export const INITIAL_HEAD_SHA = 'a'.repeat(40);

export class GitHubState {
  readonly pulls: PullRecord[] = [];
  readonly issues: IssueRecord[] = [];
  /** repository_dispatch events received, in order. */
  readonly dispatches: { eventType: string; payload: Record<string, unknown> }[] = [];
  readonly environments: EnvironmentRecord[] = [];
  readonly runs: RunRecord[] = [];
  readonly comments: CommentRecord[] = [];
  readonly reviews: ReviewRecord[] = [];
  /** Deployments and their statuses (github-api-server-deployments.ts). */
  readonly deploymentBook = new DeploymentBook();
  /** Members of the teams that may review deployments, by slug. */
  readonly teamMembers = new Map<string, Set<string>>();
  /** Whether the repository allows auto-merge (off by default, as on GitHub). */
  allowAutoMerge = false;
  /**
   * The commit a branch points at, for a pull request's head. The stand-in does
   * not hold the git repository; a test that pushes to a real one reads it there.
   */
  headOf: ((branch: string) => string) | null = null;
  /** Required status checks that have not passed: merges answer 405 while any is listed. */
  requiredChecks: string[] = [];
  /** When true, reading an environment answers 403, as for a token without access to environments. */
  environmentsForbidden = false;
  private readonly roles = new Map<string, RoleName>();
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

  takeId(): number {
    return this.nextId++;
  }

  /** A user's role; collaborators default to write. Undefined: GitHub does not know the user. */
  roleOf(login: string): RoleName | undefined {
    return this.roles.get(login.toLowerCase()) ?? (this.collaborators.has(login) ? 'write' : undefined);
  }

  setRole(login: string, role: RoleName): this {
    this.roles.set(login.toLowerCase(), role);
    return this;
  }

  environment(name: string): EnvironmentRecord | undefined {
    return this.environments.find((e) => e.name.toLowerCase() === name.toLowerCase());
  }

  addEnvironment(name: string, reviewers: EnvironmentRecord['reviewers'] = []): EnvironmentRecord {
    const record = { id: this.takeId(), name, reviewers, createdAt: this.now() };
    this.environments.push(record);
    return record;
  }

  run(id: number): RunRecord | undefined {
    return this.runs.find((r) => r.id === id);
  }

  /**
   * A workflow run whose jobs name these environments. As on GitHub, a job
   * that names a missing environment creates it unprotected, and only jobs
   * whose environment has required reviewers wait for a click.
   */
  addRun(id: number, environments: string[]): RunRecord {
    const named = environments.map((name) => this.environment(name) ?? this.addEnvironment(name));
    const waitingFor = named.filter((e) => e.reviewers.length > 0).map((e) => e.name);
    const record: RunRecord = { id, waitingFor, decisions: [], startedAt: this.now() };
    this.runs.push(record);
    return record;
  }

  /** Whether `login` is one of the environment's required reviewers, directly or through a team. */
  canReview(environment: EnvironmentRecord, login: string): boolean {
    return environment.reviewers.some((r) => (r.type === 'User' ? r.name.toLowerCase() === login.toLowerCase() : (this.teamMembers.get(r.name)?.has(login) ?? false)));
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
      headSha: INITIAL_HEAD_SHA,
      mergeCommitSha: 'b'.repeat(40),
      autoMerge: null,
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
