import type { CdbModule } from './cdb-analysis.js';
import { isPromptLine, normaliseHex } from './cdb-text.js';

const HEADER_RE = /^\s*start\s+end\s+module name\s*$/;
const ADDR = String.raw`[0-9a-fA-F]{8}(?:\x60?[0-9a-fA-F]{8})?`;
// `00007ff6`67f10000 00007ff6`67f36000   AccessV  C (private pdb symbols)  C:\sym\AccessV.pdb`
const LINE_RE = new RegExp(String.raw`^\s*(${ADDR})\s+(${ADDR})\s+(\S+)(?:\s+(.*))?$`);

/**
 * Modules from every `lm` listing in the text (`start end module name` header),
 * up to the `Unloaded modules:` part, a blank line or the next prompt.
 */
export function parseModuleList(lines: readonly string[]): CdbModule[] {
  const modules: CdbModule[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < lines.length; i++) {
    if (!HEADER_RE.test(lines[i] ?? '')) continue;
    for (i++; i < lines.length; i++) {
      const line = lines[i] ?? '';
      if (line.trim() === '' || isPromptLine(line) || /^\s*Unloaded modules:/.test(line)) break;
      const m = LINE_RE.exec(line);
      if (!m?.[1] || !m[2] || !m[3]) continue;
      const start = normaliseHex(m[1]);
      const end = normaliseHex(m[2]);
      if (!start || !end || seen.has(`${m[3]}@${start}`)) continue;
      seen.add(`${m[3]}@${start}`);
      modules.push({ name: m[3], start, end, ...splitStatus(m[4] ?? '') });
    }
  }
  return modules;
}

/** `C (private pdb symbols)  C:\sym\a.pdb` -> status + path; flags such as `C`, `T`, `M` are dropped. */
function splitStatus(rest: string): { symbolStatus: string | null; path: string | null } {
  let text = rest.trim().replace(/^[A-Z]{1,3}\s+(?=\()/, '');
  let symbolStatus: string | null = null;
  if (text.startsWith('(')) {
    let depth = 0;
    let close = -1;
    for (let i = 0; i < text.length; i++) {
      if (text[i] === '(') depth++;
      else if (text[i] === ')' && --depth === 0) {
        close = i;
        break;
      }
    }
    if (close > 0) {
      symbolStatus = text.slice(1, close).trim();
      text = text.slice(close + 1).trim();
    }
  }
  return { symbolStatus, path: text === '' ? null : text };
}
