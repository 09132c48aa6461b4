/**
 * GitHub refuses pull-request and issue bodies over 65,536 characters. Long
 * crash reports are cut at a line boundary, an open code fence is closed, and
 * a note says how much was left out; a required ending (the signature
 * trailer) always survives.
 */
export const GITHUB_BODY_LIMIT = 65_536;

export interface FitOptions {
  /** Default GITHUB_BODY_LIMIT. Counted in UTF-16 units, which never undercounts GitHub's characters. */
  limit?: number;
  /** Text kept whole at the very end, e.g. the signature trailer. */
  suffix?: string;
}

/** `body + suffix` when it fits; else as much of `body` as fits, a note, and the suffix. */
export function fitBody(body: string, options: FitOptions = {}): string {
  const limit = options.limit ?? GITHUB_BODY_LIMIT;
  const suffix = options.suffix ?? '';
  if (body.length + suffix.length <= limit) return body + suffix;
  const note = (omitted: number): string =>
    `\n\n> [!NOTE]\n> ${omitted} characters were cut here to fit GitHub's ${limit}-character limit; the job's report files have the full text.\n`;
  // Room for a newline and the longest fence in the text, to close one left open.
  const longestFence = (body.match(/^ {0,3}(`{3,}|~{3,})/gm) ?? []).reduce((n, f) => Math.max(n, f.trim().length), 0);
  const budget = limit - suffix.length - note(body.length).length - longestFence - 1;
  if (budget < 0) throw new RangeError(`fitBody: the suffix and note do not fit in ${limit} characters`);
  let cut = body.slice(0, budget);
  // Never split a surrogate pair.
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  // Prefer a line boundary when one is near, so no line (or table row) is half there.
  const newline = cut.lastIndexOf('\n');
  if (newline >= 0 && cut.length - newline < 2_000) cut = cut.slice(0, newline);
  const open = openFence(cut);
  return `${cut}${open ? `\n${open}` : ''}${note(body.length - cut.length)}${suffix}`;
}

/** The fence (``` or ~~~, possibly longer) still open at the end of `text`, or null. */
export function openFence(text: string): string | null {
  let open: string | null = null;
  for (const line of text.split('\n')) {
    const m = /^ {0,3}(`{3,}|~{3,})/.exec(line);
    if (!m?.[1]) continue;
    if (open === null) open = m[1];
    else if (m[1][0] === open[0] && m[1].length >= open.length && line.trim() === m[1]) open = null;
  }
  return open;
}
