/**
 * The shared crash database's calls to GitHub through the real Octokit:
 * listing the issues of one label (open and closed) and editing one in a
 * single request. OctokitGitHubClient delegates here.
 */
import type { getOctokit } from '@actions/github';
import type { CrashIssue } from './crash-issue-client.js';
import { toGitHubError, type GitHubError } from './github-error.js';

type Octokit = ReturnType<typeof getOctokit>;

export interface CrashIssuesConnection {
  token: string;
  baseUrl: string;
  owner: string;
  repo: string;
}

const ISSUES_READ = 'issues: read';
const ISSUES_WRITE = 'issues: write';

export class OctokitCrashIssues {
  constructor(
    private readonly octokit: Octokit,
    private readonly connection: CrashIssuesConnection,
    /** Creates the labels the repository lacks, with a colour (OctokitGitHubClient's). */
    private readonly ensureLabels: (labels: readonly string[]) => Promise<void>,
  ) {}

  async listIssuesWithLabel(label: string): Promise<CrashIssue[]> {
    const items = await this.call(`list the '${label}' issues`, ISSUES_READ, () =>
      this.octokit.paginate(this.octokit.rest.issues.listForRepo, { ...this.repo(), state: 'all', labels: label, sort: 'created', direction: 'asc', per_page: 100 }),
    );
    return items
      .filter((i) => !i.pull_request)
      .map((i): CrashIssue => ({
        number: i.number,
        url: i.html_url,
        state: i.state === 'closed' ? 'closed' : 'open',
        title: i.title,
        body: i.body ?? '',
        labels: i.labels.map((l) => (typeof l === 'string' ? l : (l.name ?? ''))).filter(Boolean),
      }))
      .sort((a, b) => a.number - b.number);
  }

  async editIssue(number: number, fields: { title?: string; body?: string; labels?: readonly string[]; state?: 'open' | 'closed' }): Promise<void> {
    const labels = fields.labels === undefined ? undefined : [...new Set(fields.labels)];
    if (labels !== undefined) await this.ensureLabels(labels);
    await this.call(`update issue #${number}`, ISSUES_WRITE, () =>
      this.octokit.rest.issues.update({ ...this.repo(), issue_number: number, title: fields.title, body: fields.body, labels, state: fields.state }),
    );
  }

  private repo(): { owner: string; repo: string } {
    return { owner: this.connection.owner, repo: this.connection.repo };
  }

  private async call<T>(action: string, permission: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      throw this.failure(error, action, permission);
    }
  }

  private failure(error: unknown, action: string, permission: string): GitHubError {
    return toGitHubError(error, { action, permission, token: this.connection.token, baseUrl: this.connection.baseUrl });
  }
}
