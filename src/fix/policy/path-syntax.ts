/**
 * Lexical rules for a path the model names: one canonical, portable,
 * repository-relative spelling or a refusal. Nothing is silently normalised:
 * a path that would mean something else on another file system is refused.
 */
export type SyntaxCheck = { ok: true; path: string; segments: string[] } | { ok: false; reason: string };

const MAX_PATH = 400;
const MAX_SEGMENT = 255;
/** Characters Windows forbids in names (`:` also opens NTFS alternate data streams). */
const WINDOWS_FORBIDDEN = /[<>:"|?*]/;
/** Control, format (zero-width, bidi), private-use, surrogate, unassigned, line/paragraph separators. */
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Co}\p{Cs}\p{Cn}\p{Zl}\p{Zp}]/u;
const RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³]|conin\$|conout\$|clock\$)$/i;

export function checkPathSyntax(raw: string): SyntaxCheck {
  const refuse = (why: string): SyntaxCheck => ({ ok: false, reason: `${JSON.stringify(raw.slice(0, 200))} ${why}` });
  if (raw.length === 0) return refuse('is empty; give a repository-relative path such as src/main.cpp');
  if (raw.length > MAX_PATH) return refuse(`is longer than ${MAX_PATH} characters`);
  if (INVISIBLE.test(raw)) return refuse('contains control, zero-width or bidirectional characters; use the plain repository-relative path');
  if (raw.normalize('NFKC') !== raw) return refuse('contains characters that change under Unicode NFKC normalisation (e.g. full-width letters); use the plain spelling');
  if (raw.includes('\\')) return refuse("contains a backslash; separate folders with '/'");
  if (/^[A-Za-z]:/.test(raw)) return refuse('is a Windows drive path; give a path relative to the repository root');
  if (raw.startsWith('/')) return refuse('is absolute; give a path relative to the repository root');
  const segments = raw.split('/');
  for (const segment of segments) {
    if (segment === '') return refuse("has an empty folder name ('//' or a leading or trailing '/')");
    if (segment === '.') return refuse("has a '.' segment; give the path without './'");
    if (segment === '..') return refuse("has a '..' segment; paths must stay inside the repository");
    if (segment.length > MAX_SEGMENT) return refuse(`has a name longer than ${MAX_SEGMENT} characters`);
    if (/[. ]$/.test(segment) || segment.startsWith(' ')) return refuse('has a name that starts with a space or ends with a dot or space (Windows would alias it)');
    if (WINDOWS_FORBIDDEN.test(segment)) return refuse('contains one of < > : " | ? * which are not portable file-name characters');
    if (RESERVED.test((segment.split('.')[0] ?? '').trimEnd())) return refuse('uses a Windows reserved device name (CON, NUL, AUX, COM1, ...)');
    if (/~\d/.test(segment)) return refuse("looks like a Windows 8.3 short name ('~' followed by a digit), which can alias another name");
    if (segment.toLowerCase() === '.git') return refuse('is inside .git, which is never readable or writable');
  }
  return { ok: true, path: raw, segments };
}

/** Case-folded, NFKC form used to compare against protected and core globs. */
export function comparisonForm(path: string): string {
  return path.normalize('NFKC').toLowerCase();
}
