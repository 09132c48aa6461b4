import { isSourceLine } from '../../domain/raw-crash.js';
import type { CdbFrame } from './cdb-analysis.js';
import { isElision, isNoiseLine, isPromptLine, normaliseHex } from './cdb-text.js';

/**
 * Parses the frame lines cdb prints in STACK_TEXT and in every `k`-family
 * listing (k, kn, kb, kv, kp, kP, kc, kf/kpffff, x86 ChildEBP layouts).
 */

// x86 `0041ef3c` or x64 `00000000`004ee2d0` (Markdown sometimes eats the backtick).
const ADDR = String.raw`[0-9a-fA-F]{8}(?:\x60?[0-9a-fA-F]{8})?`;
const INLINE_SP = String.raw`\(Inline(?: Function)?\)`;
const DASHES = String.raw`-{8}(?:\x60-{8})?`;

const NUMBER_RE = /^([0-9a-fA-F]{2,4})\s+(?=\S)/;
const MEMORY_RE = new RegExp(String.raw`^([0-9a-fA-F]{1,7})\s+(?=(?:${ADDR}|${INLINE_SP})\s)`);
const ADDRESSES_RE = new RegExp(String.raw`^(${ADDR}|${INLINE_SP})\s+(${ADDR}|${DASHES})(?:\s+|$)`);
const ARGS_COLON_RE = /^:\s+(?:[^\s:]+\s+)*?:(?:\s+|$)/;
const ARG_RE = new RegExp(String.raw`^(?:${ADDR}|${DASHES})\s+(?=\S)`);
const SOURCE_RE = /^\[([^[\]]+?) @ (\d+)\]$/;

export interface FrameLineOptions {
  /** The listing has no address columns (`kc`): accept a bare Call Site. */
  callSiteOnly?: boolean;
}

/** One frame line, or null when the line is not a frame. `callSite` may be '' for a hard-wrapped line. */
export function parseFrameLine(line: string, options: FrameLineOptions = {}): (CdbFrame & { numbered: boolean }) | null {
  let rest = line.trim();
  if (rest === '' || isNoiseLine(rest) || isElision(rest)) return null;
  let number: number | null = null;
  const num = NUMBER_RE.exec(rest);
  if (num?.[1]) {
    number = parseInt(num[1], 16);
    rest = rest.slice(num[0].length);
  }
  const mem = number !== null ? MEMORY_RE.exec(rest) : null;
  if (mem) rest = rest.slice(mem[0].length);

  let childSp: string | null = null;
  let returnAddress: string | null = null;
  let inline = false;
  const addrs = ADDRESSES_RE.exec(rest);
  if (addrs?.[1] && addrs[2]) {
    inline = addrs[1].startsWith('(');
    childSp = inline ? null : normaliseHex(addrs[1]);
    returnAddress = addrs[2].startsWith('-') ? null : normaliseHex(addrs[2]);
    rest = rest.slice(addrs[0].length);
    const colon = ARGS_COLON_RE.exec(rest);
    if (colon) {
      rest = rest.slice(colon[0].length);
    } else {
      // x86 `kb` / STACK_TEXT: up to four Args-to-Child columns without colons.
      for (let i = 0; i < 4; i++) {
        const arg = ARG_RE.exec(rest);
        if (!arg) break;
        rest = rest.slice(arg[0].length);
      }
    }
  } else if (!(options.callSiteOnly && (number !== null || looksLikeCallSite(rest)))) {
    return null;
  }
  if (rest !== '' && !looksLikeCallSite(rest)) return null;
  return { ...describeCallSite(rest, number ?? 0, inline), childSp, returnAddress, numbered: number !== null };
}

function looksLikeCallSite(text: string): boolean {
  // `module!fn+0x1`, `module+0x1`, `0x7ffc...`; never `rax=...` or `Key : Value`.
  return /^[^\s=:]+(?:!|\+0x|$|\s|\()/i.test(text) && !/^[^\s!]*=/.test(text);
}

/** Splits a Call Site (possibly with a source annotation) into its parts. */
export function describeCallSite(
  printed: string,
  index: number,
  inline = false,
): Omit<CdbFrame, 'childSp' | 'returnAddress'> {
  let callSite = printed.trim();
  let file: string | null = null;
  let line: number | null = null;
  const src = sourceAnnotation(callSite);
  if (src) {
    file = src.file;
    line = src.line;
    callSite = callSite.slice(0, src.index).trimEnd();
  }
  const frame = { index, callSite, module: null, function: null, offset: null, address: null, file, line, inline };
  if (/^0x[0-9a-f`]+$/i.test(callSite)) return { ...frame, address: normaliseHex(callSite) };
  const bang = callSite.indexOf('!');
  if (bang > 0 && !/\s/.test(callSite.slice(0, bang))) {
    const module = callSite.slice(0, bang);
    const { name, offset } = splitOffset(callSite.slice(bang + 1));
    return { ...frame, module, function: stripParameterList(name), offset };
  }
  const plain = /^([^\s!+]+)(?:\+(0x[0-9a-f]+))?$/i.exec(callSite);
  if (plain?.[1]) return { ...frame, module: plain[1], offset: plain[2]?.toLowerCase() ?? null };
  return { ...frame, function: callSite === '' ? null : callSite };
}

/**
 * The ` [file @ line]` cdb appends to a call site when it knows the source.
 * Matched from the last `[` on: a regex starting with `\s+` would be
 * quadratic on a long run of blanks. Null also for a line number no source
 * file has (0, or past 2^31).
 */
function sourceAnnotation(callSite: string): { file: string; line: number | null; index: number } | null {
  const open = callSite.lastIndexOf('[');
  if (open < 1 || !/\s/.test(callSite.charAt(open - 1))) return null;
  const m = SOURCE_RE.exec(callSite.slice(open));
  if (!m?.[1] || !m[2]) return null;
  const line = Number(m[2]);
  const index = callSite.slice(0, open).trimEnd().length;
  return { file: m[1].trim(), line: isSourceLine(line) ? line : null, index };
}

function splitOffset(symbol: string): { name: string; offset: string | null } {
  const m = /^(.*)\+(0x[0-9a-f]+)$/is.exec(symbol);
  if (m?.[1] !== undefined && m[2]) return { name: m[1], offset: m[2].toLowerCase() };
  return { name: symbol, offset: null };
}

/** `Foo(int a = 0n1)` -> `Foo`, as `kp` adds typed parameters; keeps `operator()`. */
export function stripParameterList(name: string): string {
  if (!name.endsWith(')')) return name;
  let depth = 0;
  for (let i = name.length - 1; i >= 0; i--) {
    const c = name[i];
    if (c === ')') depth++;
    else if (c === '(') {
      depth--;
      if (depth === 0) {
        const head = name.slice(0, i);
        if (head === '' || /operator\s*$/.test(head)) return name;
        return head;
      }
    }
  }
  return name;
}

/**
 * Open parentheses of a call site read piece by piece, ignoring those inside
 * '…' (a `kP` char value such as `'('`). Kept as a running count, as a
 * parameter list may run over thousands of lines.
 */
class ParenBalance {
  private depth = 0;
  private quoted = false;
  /** Change since the last unmatched quote, which counts if no quote closes it. */
  private sinceQuote = 0;

  add(text: string): number {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 0x27) {
        if (this.quoted) this.sinceQuote = 0;
        this.quoted = !this.quoted;
      } else if (c === 0x28 || c === 0x29) {
        const step = c === 0x28 ? 1 : -1;
        if (this.quoted) this.sinceQuote += step;
        else this.depth += step;
      }
    }
    return this.depth + (this.quoted ? this.sinceQuote : 0);
  }
}

export interface FrameBlockOptions extends FrameLineOptions {
  /** Stop at the first blank line once frames were seen (k listings); STACK_TEXT ends at the next field. */
  stopAtBlank?: boolean;
}

/**
 * Frames from consecutive lines, joining `kP` parameter lines and hard-wrapped
 * call sites. Stops at a prompt or at the first line that is not a frame.
 */
export function parseFrameBlock(lines: readonly string[], options: FrameBlockOptions = {}): CdbFrame[] {
  const frames: CdbFrame[] = [];
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i] ?? '';
    if (raw.trim() === '') {
      if (options.stopAtBlank && frames.length > 0) break;
      continue;
    }
    if (isPromptLine(raw)) break;
    if (isNoiseLine(raw) || isElision(raw)) continue;
    const parsed = parseFrameLine(raw, options);
    if (!parsed) {
      if (frames.length > 0) break;
      continue;
    }
    let printed = parsed.callSite;
    // Hard wrap: the call site went to the next line.
    if (printed === '' && i + 1 < lines.length) {
      i++;
      printed = (lines[i] ?? '').trim();
    }
    // `kP` prints one parameter per line until the closing parenthesis.
    // Pieces joined once at the end: growing one string and looking at its end each time is quadratic.
    const balance = new ParenBalance();
    const pieces = [printed];
    let depth = balance.add(printed);
    while (depth > 0 && i + 1 < lines.length) {
      const next = (lines[i + 1] ?? '').trim();
      if (next === '' || isPromptLine(next) || parseFrameLine(next)) break;
      i++;
      if (!(pieces[pieces.length - 1] ?? '').endsWith('(')) pieces.push(' ');
      pieces.push(next);
      depth = balance.add(next);
    }
    printed = pieces.join('');
    if (printed === '') continue;
    const described = printed === parsed.callSite ? parsed : describeCallSite(printed, parsed.index, parsed.inline);
    frames.push({
      index: parsed.numbered ? parsed.index : frames.length,
      callSite: described.callSite,
      module: described.module,
      function: described.function,
      offset: described.offset,
      address: described.address,
      file: described.file,
      line: described.line,
      childSp: parsed.childSp,
      returnAddress: parsed.returnAddress,
      inline: parsed.inline,
    });
  }
  return frames;
}
