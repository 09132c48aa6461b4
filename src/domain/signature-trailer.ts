/**
 * How a pull request or issue says which crash it is about: a git-style
 * trailer line `Crash-Signature: <signature>` at the end of its body. Issues
 * also carry the TRACKING_LABEL so they can be listed without search (search
 * lags behind writes; a quick re-run must still find the issue it just made).
 */
export const TRACKING_LABEL = 'crash-autofix';

const TRAILER_KEY = 'Crash-Signature';
/** The job behind a pull request, so `revise` finds its record (the state folder, or the job's artifact). */
const JOB_TRAILER_KEY = 'Crash-Autofix-Job';
/** The prefix of every fix branch this tool pushes. */
export const FIX_BRANCH_PREFIX = 'crash-autofix/';

/** The branch a fix for `signature` is pushed to, and so the head of its pull request. */
export function fixBranch(signature: string): string {
  return `${FIX_BRANCH_PREFIX}${signature}`;
}

export function signatureTrailer(signature: string): string {
  return `${TRAILER_KEY}: ${signature}`;
}

/** True when `body` has the trailer for exactly this signature on a line of its own. */
export function hasSignatureTrailer(body: string | null | undefined, signature: string): boolean {
  if (!body) return false;
  return body.split(/\r?\n/).some((line) => line.trim() === signatureTrailer(signature));
}

export function jobTrailer(jobId: string): string {
  return `${JOB_TRAILER_KEY}: ${jobId}`;
}

/** The trailers a fix's pull request ends with: its job (when known), then its signature. */
export function pullRequestTrailers(signature: string, jobId: string | null): string {
  return jobId === null ? signatureTrailer(signature) : `${jobTrailer(jobId)}\n${signatureTrailer(signature)}`;
}

/** The value of the last `key: value` trailer line in `body`, or null. */
function trailerValue(body: string, key: string): string | null {
  const values = body
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line.startsWith(`${key}: `))
    .map((line) => line.slice(key.length + 2).trim());
  return values.at(-1) || null;
}

/** The signature a body's `Crash-Signature` trailer names, or null. */
export function signatureOfBody(body: string): string | null {
  return trailerValue(body, TRAILER_KEY);
}

/** The job id a body's `Crash-Autofix-Job` trailer names (16 hex digits), or null. */
export function jobIdOfBody(body: string): string | null {
  const id = trailerValue(body, JOB_TRAILER_KEY);
  return id !== null && /^[0-9a-f]{16}$/.test(id) ? id : null;
}

/** `body` without any `Crash-Signature:` or `Crash-Autofix-Job:` lines and without trailing blank space. */
export function stripSignatureTrailers(body: string): string {
  return body
    .split(/\r?\n/)
    .filter((line) => !line.trim().startsWith(`${TRAILER_KEY}:`) && !line.trim().startsWith(`${JOB_TRAILER_KEY}:`))
    .join('\n')
    .trimEnd();
}

/** The issue-search query for merged pull requests that name `signature`. */
export function mergedFixQuery(repository: string, signature: string): string {
  return `repo:${repository} is:pr is:merged in:body "${signatureTrailer(signature)}"`;
}
