import type { CdbFrame } from './cdb-analysis.js';
import { isPromptLine } from './cdb-text.js';
import { parseFrameBlock } from './stack-frames.js';

/** Column headers of `k`-family listings. */
const HEADERS: readonly { re: RegExp; callSiteOnly: boolean }[] = [
  { re: /^\s*#\s+(?:Memory\s+)?(?:Child-SP|ChildEBP)\b/, callSiteOnly: false },
  { re: /^\s*(?:Memory\s+)?(?:Child-SP|ChildEBP)\s+RetAddr\b/, callSiteOnly: false },
  { re: /^\s*(?:#\s*)?Call Site\s*$/, callSiteOnly: true },
];

/** `# 19  Id: ee0.770 ...`: the thread of the last event in a `~*k` listing. */
const EVENT_THREAD_RE = /^\s*#\s*\d+\s+Id:\s/;

/**
 * The frames of the `k` listing that best stands for the faulting thread: the one
 * under the `#`-marked thread of a `~*k` dump, else the first listing with frames.
 * Null when the text has no listing.
 */
export function findStackListing(lines: readonly string[]): CdbFrame[] | null {
  let first: CdbFrame[] | null = null;
  for (let i = 0; i < lines.length; i++) {
    const header = headerOf(lines[i] ?? '');
    if (!header) continue;
    // Frames follow the header directly; the listing ends at a blank line, a prompt or the next
    // listing's header, so that every line is read once however many headers the text has.
    let end = i + 1;
    while (end < lines.length && (lines[end] ?? '').trim() !== '' && !isPromptLine(lines[end] ?? '') && !isHeader(lines[end] ?? '')) end++;
    const frames = parseFrameBlock(lines.slice(i + 1, end), { callSiteOnly: header.callSiteOnly, stopAtBlank: true });
    const marked = [lines[i - 1], lines[i - 2]].some((l) => l !== undefined && EVENT_THREAD_RE.test(l));
    if (marked && frames.length > 0) return frames;
    if (first === null || first.length === 0) first = frames;
  }
  return first;
}

function headerOf(line: string): (typeof HEADERS)[number] | undefined {
  return HEADERS.find((h) => h.re.test(line));
}

function isHeader(line: string): boolean {
  return headerOf(line) !== undefined;
}
