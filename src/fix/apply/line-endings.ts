export type LineEnding = '\n' | '\r\n';

/** CRLF when most line breaks are CRLF, else LF (also for files without any). */
export function dominantLineEnding(text: string): LineEnding {
  const crlf = text.match(/\r\n/g)?.length ?? 0;
  const all = text.match(/\n/g)?.length ?? 0;
  return crlf > all - crlf ? '\r\n' : '\n';
}

/**
 * The model reads files as lines and writes LF; a Windows-style file has CRLF.
 * Its text is converted to the file's dominant ending before matching, so an
 * edit neither misses nor mixes endings; nothing else (whitespace, case) is
 * ever normalised.
 */
export function withLineEnding(text: string, eol: LineEnding): string {
  return text.replace(/\r?\n/g, eol);
}

/** Occurrences of `needle`, overlapping ones included: "exactly once" must mean one place. */
export function countOccurrences(haystack: string, needle: string): number {
  if (needle === '') return 0;
  let count = 0;
  for (let at = haystack.indexOf(needle); at !== -1; at = haystack.indexOf(needle, at + 1)) count++;
  return count;
}
