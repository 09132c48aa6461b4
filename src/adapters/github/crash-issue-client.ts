import type { IssueRef, NewIssue } from './github-client.js';

/** An issue of the shared crash database, as listed: its body holds the record. */
export interface CrashIssue {
  number: number;
  url: string;
  state: 'open' | 'closed';
  title: string;
  body: string;
  labels: string[];
}

/** The calls the GitHub crash database makes (OctokitGitHubClient implements them). */
export interface CrashIssueClient {
  /** `owner/repo`. */
  readonly repository: string;
  /** Every issue (open or closed, never a pull request) carrying `label`, oldest first. */
  listIssuesWithLabel(label: string): Promise<CrashIssue[]>;
  createIssue(issue: NewIssue): Promise<IssueRef>;
  /** Edits in one request; `labels` replaces the issue's labels (creating missing ones with a colour). */
  editIssue(number: number, fields: { title?: string; body?: string; labels?: readonly string[]; state?: 'open' | 'closed' }): Promise<void>;
}
