import { normaliseCode, normaliseHex } from './cdb-text.js';

/** What the `.exr` record (inside EXCEPTION_RECORD or standalone) says. */
export interface ExceptionRecord {
  code: string;
  /** Debugger wording in parentheses after the code: `Access violation`. */
  codeText: string | null;
  /** ExceptionAddress, `0x..`. */
  address: string | null;
  /** `(AccessV!main+0x0000000000000101)` after ExceptionAddress. */
  addressSymbol: string | null;
  parameters: string[];
  /** `Attempt to write to address 0000000000000000`. */
  attempt: string | null;
  /** Data address of the `Attempt to ...` line, `0x..`. */
  attemptAddress: string | null;
  /** `Subcode: 0x2 FAST_FAIL_STACK_COOKIE_CHECK_FAILURE`. */
  subcode: string | null;
}

/** EXCEPTION_MAXIMUM_PARAMETERS */
const MAX_PARAMETERS = 15;
const CODE_RE = /^\s*ExceptionCode:\s*([0-9a-fA-F]{8})\b(?:\s+\((.*)\))?/;
const ATTEMPT_RE = /^\s*(Attempt to (?:read from|write to|execute non-executable) address\s+([0-9a-fA-F`]+))/;

/** The first exception record in the text, or null. */
export function parseExceptionRecord(lines: readonly string[]): ExceptionRecord | null {
  const at = lines.findIndex((l) => CODE_RE.test(l));
  if (at < 0) return null;
  const m = CODE_RE.exec(lines[at] ?? '');
  const code = m?.[1] ? normaliseCode(m[1]) : null;
  if (!code) return null;
  const record: ExceptionRecord = {
    code,
    codeText: m?.[2]?.trim() || null,
    address: null,
    addressSymbol: null,
    parameters: [],
    attempt: null,
    attemptAddress: null,
    subcode: null,
  };
  for (let i = Math.max(0, at - 3); i < at; i++) {
    const addr = /^\s*ExceptionAddress:\s*([0-9a-fA-F`]+)(?:\s+\((.+)\))?/.exec(lines[i] ?? '');
    if (addr?.[1]) {
      record.address = normaliseHex(addr[1]);
      record.addressSymbol = addr[2]?.trim() ?? null;
    }
  }
  for (let i = at + 1; i < lines.length && i < at + 24; i++) {
    const line = lines[i] ?? '';
    if (line.trim() === '' || /^\s*[A-Z][A-Z0-9_]{2,}:/.test(line)) break;
    const param = /^\s*Parameter\[(\d{1,2})\]:\s*([0-9a-fA-F`]+)/.exec(line);
    if (param?.[1] && param[2] && Number(param[1]) < MAX_PARAMETERS) {
      record.parameters[Number(param[1])] = normaliseHex(param[2]) ?? param[2];
      continue;
    }
    const attempt = ATTEMPT_RE.exec(line);
    if (attempt?.[1] && attempt[2]) {
      record.attempt = attempt[1].replace(/\s+/g, ' ');
      record.attemptAddress = normaliseHex(attempt[2]);
      continue;
    }
    const sub = /^\s*(Subcode:\s*\S.*)$/.exec(line);
    if (sub?.[1]) record.subcode = sub[1].trim();
  }
  return record;
}

/** The event line cdb prints when it opens a dump or stops: `(1538.1144): Access violation - code c0000005 (...)`. */
export interface EventBanner {
  /** Null when the text shows a number no process id can be. */
  processId: number | null;
  threadId: string;
  description: string;
  code: string;
}

export function parseEventBanner(lines: readonly string[]): EventBanner | null {
  for (const line of lines) {
    const m = /^\s*\(([0-9a-fA-F]+)\.([0-9a-fA-F]+)\):\s+/.exec(line);
    if (!m?.[1] || !m[2]) continue;
    // ` - code c0000005` found from its `-`: a lazy `(.+?)\s+-` would be quadratic on a run of blanks.
    const rest = line.slice(m[0].length);
    const tail = /-\s+code\s+([0-9a-fA-F]{8})\b/g;
    for (let t = tail.exec(rest); t; t = tail.exec(rest)) {
      const description = rest.slice(0, t.index);
      const code = t[1] ? normaliseCode(t[1]) : null;
      if (!/\s/.test(description.charAt(description.length - 1)) || description.trim() === '' || !code) continue;
      return { processId: processIdOf(m[1]), threadId: shortHex(m[2]), description: description.trim(), code };
    }
  }
  return null;
}

/** Windows process ids are 32-bit. */
function processIdOf(hex: string): number | null {
  const digits = hex.replace(/^0+/, '');
  return digits.length <= 8 ? parseInt(digits || '0', 16) : null;
}

/** `# 19  Id: ee0.770 Suspend: 0 ...` (`#` = thread of the last event, `.` = current thread). */
export function parseMarkedThread(lines: readonly string[]): { processId: number | null; threadId: string } | null {
  let current: { processId: number | null; threadId: string } | null = null;
  for (const line of lines) {
    const m = /^\s*([.#])\s*\d+\s+Id:\s+([0-9a-fA-F]+)\.([0-9a-fA-F]+)\s/.exec(line);
    if (!m?.[1] || !m[2] || !m[3]) continue;
    const found = { processId: processIdOf(m[2]), threadId: shortHex(m[3]) };
    if (m[1] === '#') return found;
    current ??= found;
  }
  return current;
}

/** `0000548c` -> `548c`; null for the pseudo thread `ffffffff` and non-hex values. */
export function threadIdFromField(value: string | null): string | null {
  if (!value) return null;
  const m = /^([0-9a-fA-F]+)\b/.exec(value.trim());
  if (!m?.[1]) return null;
  const id = shortHex(m[1]);
  return id === 'ffffffff' ? null : id;
}

function shortHex(hex: string): string {
  return normaliseHex(hex)?.slice(2) ?? hex.toLowerCase();
}
