/**
 * Masks secret-looking values in strings that come from a crash dump (command
 * lines, argument values, exception text) before they reach the model or a
 * log. Deliberately aggressive on values, never on names: `password=` stays so
 * the reader still sees that a password was passed.
 */
const MASK = '***';

const SECRET_NAME = String.raw`[\w.-]*(?:password|passwd|passphrase|pwd|secret|token|api[_-]?key|apikey|access[_-]?key|private[_-]?key|client[_-]?secret|credentials?|auth(?:orization)?|session[_-]?id|cookie)(?:[_.-][\w.-]*)?\b`;
/** Quoted, or up to a separator; a closing bracket ends it so that `f(password=x)` keeps its `)`. */
const VALUE = String.raw`(?:"[^"]*"|'[^']*'|[^\s,;&"'<>()\[\]{}]+)`;

/** `password=x`, `"token": "x"`, `api_key: x`. */
const ASSIGNMENT = new RegExp(String.raw`(["']?\b${SECRET_NAME}["']?\s*[=:]\s*)${VALUE}`, 'gi');
/** `--password x`, `-token x`. */
const FLAG = new RegExp(String.raw`((?:^|\s)--?${SECRET_NAME}\s+)${VALUE}`, 'gi');
/** A long opaque value right after `=` or `:`. */
const ASSIGNED_BLOB = /([=:]\s*["']?)([A-Za-z0-9+/_-]{24,}={0,2})/g;
/** `scheme://user:password@host`. */
const URL_CREDENTIALS = /(\b[a-z][a-z0-9+.-]*:\/\/[^\s:/@]+:)[^\s@/]+@/gi;

export function redactCrashStrings(text: string, options: { commandLine?: boolean } = {}): string {
  let out = text
    .replace(URL_CREDENTIALS, `$1${MASK}@`)
    .replace(ASSIGNMENT, `$1${MASK}`)
    .replace(FLAG, `$1${MASK}`)
    .replace(ASSIGNED_BLOB, (whole, prefix: string, value: string) => (looksLikeSecretBlob(value) ? `${prefix}${MASK}` : whole));
  // Every bare argument of a command line is a value; elsewhere bare words may be mangled names.
  if (options.commandLine) out = out.replace(/[^\s"'=:]{24,}/g, (token) => (looksLikeSecretBlob(token) ? MASK : token));
  return out;
}

/** Hex of 32+ digits, or base64-like text mixing letters and digits without path separators. */
export function looksLikeSecretBlob(value: string): boolean {
  const bare = value.replace(/=+$/, '');
  if (/^(?:0x)?[0-9a-fA-F]{32,}$/.test(bare)) return true;
  if (bare.length < 24 || !/^[A-Za-z0-9+/_-]+$/.test(bare)) return false;
  if (bare.includes('/') && !/[+=]/.test(value)) return false; // a path, not standard base64
  return /[0-9]/.test(bare) && /[A-Za-z]/.test(bare) && (/[A-Z]/.test(bare) || /[0-9a-f]{24,}/.test(bare));
}
