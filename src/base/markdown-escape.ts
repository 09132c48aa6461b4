/**
 * Escaping for GitHub-flavoured Markdown. Function names, paths and thread
 * names come from the dump and may hold `|`, `<`, backticks, `@mentions` or
 * newlines; rendered through these helpers they stay literal text.
 */

/** Text for a raw HTML context such as `<summary>`. */
export function escapeHtml(text: string): string {
  return oneLine(text)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;')
    .replace(/@/g, '@\u200b'); // no @mention: GitHub also reads mentions in HTML text
}

/**
 * Inline code: Markdown, HTML and mentions are not interpreted inside a code
 * span. In a table cell `|` must still be escaped, which elsewhere would show.
 */
export function codeSpan(text: string, inTable = false): string {
  const line = oneLine(text);
  const body = inTable ? line.replace(/\|/g, '\\|') : line;
  if (body === '') return '';
  const longest = Math.max(0, ...(body.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = body.startsWith('`') || body.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${body}${pad}${fence}`;
}

/** Plain text in Markdown (headings, paragraphs, cells) with every special character escaped. */
export function escapeText(text: string): string {
  return oneLine(text)
    .replace(/[\\`*_{}[\]()#+\-.!|~>]/g, '\\$&')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/@/g, '@\u200b');
}

/** A fenced code block that the content cannot close early. */
export function codeBlock(language: string, lines: readonly string[]): string {
  const longest = Math.max(0, ...lines.flatMap((l) => (l.match(/`{3,}/g) ?? []).map((run) => run.length)));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return [`${fence}${language}`, ...lines, fence].join('\n');
}

export function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function oneLine(text: string): string {
  // eslint-disable-next-line no-control-regex -- control characters from a dump must not reach the page
  return text.replace(/[\r\n\t\u0000-\u001f\u007f]+/g, ' ').trim();
}
