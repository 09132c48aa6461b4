/**
 * The report's Markdown as a terminal shows it: the backslash escapes and
 * HTML entities that keep dump and model text literal on GitHub are undone
 * outside code, so `access\-violation` reads `access-violation`. Code spans
 * and fenced blocks are left alone but for the `\|` a table cell needs.
 * The Markdown files and pull requests keep their escapes.
 */
export function markdownForTerminal(markdown: string): string {
  let fence: string | null = null;
  return markdown
    .split('\n')
    .map((line) => {
      const marker = /^\s*(`{3,}|~{3,})/.exec(line)?.[1];
      if (fence !== null) {
        if (marker !== undefined && marker[0] === fence[0] && marker.length >= fence.length && line.trim() === marker) fence = null;
        return line;
      }
      if (marker !== undefined) {
        fence = marker;
        return line;
      }
      return unescapeLine(line);
    })
    .join('\n');
}

const ENTITIES: Readonly<Record<string, string>> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };

function unescapeLine(line: string): string {
  let out = '';
  let i = 0;
  while (i < line.length) {
    const c = line[i] as string;
    if (c === '\\' && i + 1 < line.length && /[!-/:-@[-`{-~]/.test(line[i + 1] as string)) {
      out += line[i + 1];
      i += 2;
      continue;
    }
    if (c === '`') {
      const run = /^`+/.exec(line.slice(i))?.[0] ?? '`';
      const close = findClosingRun(line, i + run.length, run.length);
      if (close >= 0) {
        out += run + line.slice(i + run.length, close).replace(/\\\|/g, '|') + run;
        i = close + run.length;
        continue;
      }
      out += run;
      i += run.length;
      continue;
    }
    if (c === '&') {
      const entity = Object.keys(ENTITIES).find((e) => line.startsWith(e, i));
      if (entity !== undefined) {
        out += ENTITIES[entity];
        i += entity.length;
        continue;
      }
    }
    // The zero-width space after `@` only stops GitHub's mentions.
    out += c === '\u200b' && line[i - 1] === '@' ? '' : c;
    i++;
  }
  return out;
}

/** The start of the next run of exactly `length` backticks at or after `from`, or -1. */
function findClosingRun(line: string, from: number, length: number): number {
  const re = /`+/g;
  re.lastIndex = from;
  for (let m = re.exec(line); m !== null; m = re.exec(line)) if (m[0].length === length) return m.index;
  return -1;
}
