/**
 * "Have we seen this crash, and where did it go?" — asked in one place.
 *
 * - By content fingerprint: the same dump file is the same job (its id is the
 *   fingerprint's first 16 hex digits), so a re-run resumes it.
 * - By crash signature: a different dump of the same bug. The answer gathers
 *   the other jobs in this state folder and, when GitHub is configured, the
 *   pull requests for the signature; `decideSeen` says whether the new job
 *   goes on or ends as a DUPLICATE pointing at where the crash went.
 *
 * The SeenCrashes port is implemented in composition/seen-crashes.ts from the
 * job store (pipeline/job-sightings.ts) and GitHub (publish/github-sightings.ts).
 */
import type { ActiveState, DuplicateOf, JobRecord } from './job-state.js';

/** A pull request as GitHub reports it. */
export interface PullRequestRef {
  number: number;
  /** The web page (html_url). */
  url: string;
  state: 'open' | 'closed';
  draft: boolean;
  merged: boolean;
  headBranch: string;
}

export interface IssueRef {
  number: number;
  /** The web page (html_url). */
  url: string;
  state: 'open' | 'closed';
}

/** Another job in this state folder whose report has the same signature. */
export interface JobSighting {
  jobId: string;
  /** Where it stands; for a FAILED job, the state it failed from. */
  status: ActiveState['status'];
  failed: boolean;
  pr: { number: number; url: string } | null;
}

/** What GitHub holds for a signature. */
export interface GitHubSightings {
  /** The open pull request (draft or not) from the signature's fix branch. */
  openPullRequest: PullRequestRef | null;
  /** The newest pull request from that branch that was closed without being merged. */
  closedPullRequest: PullRequestRef | null;
  /** The newest merged pull request whose body carries the signature trailer. */
  mergedFix: PullRequestRef | null;
}

export interface Sightings {
  signature: string;
  /** Other jobs with this signature, newest first (the asking job left out). */
  jobs: JobSighting[];
  /** Null when GitHub is not configured: only this machine's jobs are known. */
  github: GitHubSightings | null;
}

export interface SeenCrashes {
  /** The job this exact input already has, or null (a damaged record throws one clear line). */
  byFingerprint(fingerprint: string): Promise<JobRecord | null>;
  /** Everything known about a signature; `exceptJob` (the asking job) is left out of `jobs`. */
  bySignature(signature: string, exceptJob: string | null): Promise<Sightings>;
}

/** The job id of an input: the first 16 hex digits of its content fingerprint. */
export function jobIdOf(fingerprint: string): string {
  return fingerprint.slice(0, 16);
}

export type SeenVerdict =
  /** Analyse this dump; `note` is a line for the log when the crash was seen before. */
  | { kind: 'go-on'; note: string | null }
  | { kind: 'duplicate'; duplicateOf: DuplicateOf; reason: string };

/**
 * Whether a job about to be analysed goes on or is a duplicate:
 * - an open pull request for the signature: duplicate; it is neither analysed
 *   again nor allowed to open a second pull request;
 * - a pull request closed without merging, newer than any merged fix: a person
 *   turned that fix down, so duplicate too (numbers grow with time, so the
 *   comparison says which came last);
 * - a merged fix and nothing newer: a regression; go on, and the new pull
 *   request says so (publish/open-pull-request.ts);
 * - without GitHub: another job here that verified a fix (or opened its pull
 *   request) makes this a duplicate of that job;
 * - anything else (a low-confidence issue, a job still under way or failed): go on.
 * `fresh` (--fresh) always goes on: an open pull request is then updated.
 */
export function decideSeen(seen: Sightings, options: { fresh: boolean }): SeenVerdict {
  const stop = stopFor(seen);
  if (stop === null) return { kind: 'go-on', note: goOnNote(seen) };
  if (options.fresh) return { kind: 'go-on', note: `${whereItWent(seen.signature, stop)}; analysing this dump anyway (--fresh)` };
  return { kind: 'duplicate', duplicateOf: stop, reason: duplicateReason(seen.signature, stop) };
}

/** Which pull request publishing updates (never a merged or closed one) and which merged fix it names as regressed. */
export function pullRequestTarget(github: Pick<GitHubSightings, 'openPullRequest' | 'mergedFix'>): { update: PullRequestRef | null; regressionOf: PullRequestRef | null } {
  const open = github.openPullRequest;
  return { update: open && open.state === 'open' && !open.merged ? open : null, regressionOf: github.mergedFix };
}

function stopFor({ jobs, github }: Sightings): DuplicateOf | null {
  const jobWith = (pr: PullRequestRef): string | null => jobs.find((j) => j.pr?.number === pr.number)?.jobId ?? null;
  if (github !== null) {
    const { openPullRequest: open, closedPullRequest: closed, mergedFix } = github;
    if (open) return { why: 'open-pull-request', jobId: jobWith(open), pr: { number: open.number, url: open.url } };
    if (closed && (mergedFix === null || closed.number > mergedFix.number)) return { why: 'closed-pull-request', jobId: jobWith(closed), pr: { number: closed.number, url: closed.url } };
    return null;
  }
  // Without GitHub to ask, the job records say it: a rejected fix counts as a pull request closed unmerged.
  const rejected = jobs.find((j) => j.status === 'REJECTED');
  if (rejected) return { why: 'closed-pull-request', jobId: rejected.jobId, pr: rejected.pr };
  const fixed = jobs.find((j) => ['VERIFIED', 'PR_CREATED', 'AWAITING_APPROVAL', 'APPROVED'].includes(j.status));
  return fixed ? { why: 'fixed-here', jobId: fixed.jobId, pr: fixed.pr } : null;
}

function whereItWent(signature: string, of: DuplicateOf): string {
  const by = of.jobId ? `, opened by job ${of.jobId}` : '';
  const pr = of.pr ? `#${of.pr.number} (${of.pr.url})` : '';
  switch (of.why) {
    case 'open-pull-request':
      return `Crash signature ${signature} already has the open pull request ${pr}${by}`;
    case 'closed-pull-request':
      return `Crash signature ${signature} had the pull request ${pr}${by}, which was closed without merging`;
    case 'fixed-here':
      return `Crash signature ${signature} was already fixed by job ${of.jobId ?? '?'}${of.pr ? `, pull request ${pr}` : ''}`;
  }
}

/** The one line a DUPLICATE job ends with (status line, summary, CLI). */
function duplicateReason(signature: string, of: DuplicateOf): string {
  const where = whereItWent(signature, of);
  switch (of.why) {
    case 'open-pull-request':
      return `${where}; this dump was not analysed again and no second pull request was opened. Run with --fresh to analyse it anyway and update #${of.pr?.number ?? ''}`;
    case 'closed-pull-request':
      return `${where}; crash-autofix does not open another for a fix a person turned down. Run with --fresh to analyse this dump anyway and open a new pull request`;
    case 'fixed-here':
      return `${where}; this dump was not analysed again. Run with --fresh to analyse it anyway`;
  }
}

function goOnNote({ signature, jobs, github }: Sightings): string | null {
  if (github?.mergedFix) return `Crash signature ${signature} was fixed before by #${github.mergedFix.number} (${github.mergedFix.url}), which was merged: this crash is a regression`;
  const earlier = jobs[0];
  if (earlier) return `Crash signature ${signature} was seen before by job ${earlier.jobId} (${earlier.failed ? `FAILED from ${earlier.status}` : earlier.status}); analysing this dump too`;
  return null;
}
