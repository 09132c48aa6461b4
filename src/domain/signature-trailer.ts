/**
 * How a pull request or issue says which crash it is about: a git-style
 * trailer line `Crash-Signature: <signature>` at the end of its body. Issues
 * also carry the TRACKING_LABEL so they can be listed without search (search
 * lags behind writes; a quick re-run must still find the issue it just made).
 */
export const TRACKING_LABEL = 'crash-autofix';

const TRAILER_KEY = 'Crash-Signature';

/** The branch a fix for `signature` is pushed to, and so the head of its pull request. */
export function fixBranch(signature: string): string {
  return `crash-autofix/${signature}`;
}

export function signatureTrailer(signature: string): string {
  return `${TRAILER_KEY}: ${signature}`;
}

/** True when `body` has the trailer for exactly this signature on a line of its own. */
export function hasSignatureTrailer(body: string | null | undefined, signature: string): boolean {
  if (!body) return false;
  return body.split(/\r?\n/).some((line) => line.trim() === signatureTrailer(signature));
}

/** `body` without any `Crash-Signature:` lines and without trailing blank space. */
export function stripSignatureTrailers(body: string): string {
  return body
    .split(/\r?\n/)
    .filter((line) => !line.trim().startsWith(`${TRAILER_KEY}:`))
    .join('\n')
    .trimEnd();
}

/** The issue-search query for merged pull requests that name `signature`. */
export function mergedFixQuery(repository: string, signature: string): string {
  return `repo:${repository} is:pr is:merged in:body "${signatureTrailer(signature)}"`;
}
