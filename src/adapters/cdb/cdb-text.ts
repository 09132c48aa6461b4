/**
 * Line-level helpers shared by the cdb parsers: normalising pasted text,
 * recognising prompts, noise lines and the section markers our command script echoes.
 */

/** Prefix/suffix of the `.echo` markers that split our own cdb runs into sections. */
const MARKER_PREFIX = '@@crash-autofix:';
const MARKER_SUFFIX = '@@';

export type CdbSection = 'analyze' | 'stack' | 'modules' | 'extra' | 'end';

export function sectionMarker(section: CdbSection): string {
  return `${MARKER_PREFIX}${section}${MARKER_SUFFIX}`;
}

/** The section a marker line opens, or null for any other line. */
export function markerSection(line: string): CdbSection | null {
  const m = /^\s*@@crash-autofix:(analyze|stack|modules|extra|end)@@\s*$/.exec(line);
  return m ? (m[1] as CdbSection) : null;
}

/**
 * Splits text into lines without CR or trailing blanks and removes the indentation
 * common to all non-blank lines (text pasted inside Markdown lists is indented).
 */
export function normaliseLines(text: string): string[] {
  const lines = text
    .replace(/^\uFEFF/, '')
    .split(/\r\n|\r|\n/)
    .map(trimTrailingBlanks);
  let indent = Infinity;
  for (const line of lines) {
    if (line === '') continue;
    const lead = /^[ \t]*/.exec(line)?.[0].length ?? 0;
    indent = Math.min(indent, lead);
  }
  if (!Number.isFinite(indent) || indent === 0) return lines;
  return lines.map((l) => l.slice(indent));
}

/** Drops trailing spaces, tabs and NBSPs; a regex with `+$` is quadratic on a long run of blanks inside a line. */
function trimTrailingBlanks(line: string): string {
  let end = line.length;
  while (end > 0) {
    const c = line.charCodeAt(end - 1);
    if (c !== 0x20 && c !== 0x09 && c !== 0xa0) break;
    end--;
  }
  return end === line.length ? line : line.slice(0, end);
}

/** `0:000> `, `0:000:x86> `, `0: kd> `, `kd> `. */
export function isPromptLine(line: string): boolean {
  return /^\s*(?:\d+:\d+(?::[a-z0-9]+)?|\d+: ?kd|kd)>(?:\s|$)/i.test(line);
}

export function isKernelPrompt(line: string): boolean {
  return /^\s*(?:\d+: ?)?kd>(?:\s|$)/i.test(line);
}

/** Debugger chatter inside stacks: `WARNING: ...`, `*** ERROR: ...`, `*** Stack trace for last set context`. */
export function isNoiseLine(line: string): boolean {
  return /^\s*(?:WARNING:|\*\*\*|ERROR:)/.test(line);
}

/** A literal `...` line: an elision in pasted output. */
export function isElision(line: string): boolean {
  return /^\s*\.{3,}\s*$/.test(line);
}

/**
 * `00007ff6`6d771101`, `0x00000255`24ddd9a0`, `0000000000000018` -> `0x7ff66d771101`, `0x18`.
 * Returns null for anything that is not a hex number.
 */
export function normaliseHex(value: string): string | null {
  const digits = value.trim().replace(/^0x/i, '').replace(/`/g, '');
  if (!/^[0-9a-f]+$/i.test(digits)) return null;
  const stripped = digits.replace(/^0+/, '').toLowerCase();
  return `0x${stripped === '' ? '0' : stripped}`;
}

/** `00000000c0000005`, `0xC0000005`, `c0000005` -> `c0000005`; null unless it fits in 32 bits. */
export function normaliseCode(value: string): string | null {
  const hex = normaliseHex(value);
  if (hex === null) return null;
  const digits = hex.slice(2);
  if (digits.length > 8) return null;
  return digits.padStart(8, '0');
}
