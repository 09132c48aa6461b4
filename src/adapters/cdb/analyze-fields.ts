import type { CdbStopHeader } from './cdb-analysis.js';
import { isPromptLine, normaliseHex } from './cdb-text.js';

/**
 * The `FIELD:  value` lines of `!analyze -v`, with the lines that follow each
 * field up to the next one (FAULTING_IP, EXCEPTION_RECORD, STACK_TEXT blocks).
 */
export interface AnalyzeField {
  name: string;
  /** Text after the colon on the field's own line, trimmed. */
  value: string;
  /** Following lines up to the next field or prompt. */
  block: string[];
}

// Upper-case keys at (almost) the start of a line: `SYMBOL_NAME:  x`, `FAULTING_IP: `.
const FIELD_RE = /^\s{0,8}([A-Z][A-Z0-9_]{2,}):(?:\s+(.*))?$/;
const FOLLOWUP_RE = /^\s*Followup:\s+\S/;

export function scanFields(lines: readonly string[]): AnalyzeField[] {
  const fields: AnalyzeField[] = [];
  let current: AnalyzeField | null = null;
  for (const line of lines) {
    if (isPromptLine(line)) {
      current = null;
      continue;
    }
    const m = FIELD_RE.exec(line);
    if (m?.[1] && m[1] !== 'WARNING' && m[1] !== 'ERROR') {
      current = { name: m[1], value: (m[2] ?? '').trim(), block: [] };
      fields.push(current);
      continue;
    }
    if (FOLLOWUP_RE.test(line)) {
      current = null;
      continue;
    }
    current?.block.push(line);
  }
  return fields;
}

/** First occurrence of each field. */
export function fieldIndex(fields: readonly AnalyzeField[]): Map<string, AnalyzeField> {
  const map = new Map<string, AnalyzeField>();
  for (const f of fields) if (!map.has(f.name)) map.set(f.name, f);
  return map;
}

/** A field's same-line value, or its first non-blank block line when the value wrapped. */
export function fieldText(field: AnalyzeField | undefined): string | null {
  if (!field) return null;
  if (field.value !== '') return field.value;
  const first = field.block.find((l) => l.trim() !== '');
  return first?.trim() ?? null;
}

/** `Key  : Failure.Bucket` / `Value: X` pairs of KEY_VALUES_STRING. */
export function parseKeyValues(lines: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < lines.length; i++) {
    const key = /^\s*Key\s*:\s*(\S.*)$/.exec(lines[i] ?? '');
    const value = /^\s*Value\s*:\s*(.*)$/.exec(lines[i + 1] ?? '');
    if (key?.[1] && value) {
      if (!(key[1] in out)) out[key[1].trim()] = (value[1] ?? '').trim();
      i++;
    }
  }
  return out;
}

/**
 * The `DRIVER_IRQL_NOT_LESS_OR_EQUAL (d1)` + `Arguments:` header printed before
 * the fields for a bugcheck or an Application Verifier stop. Argument text may
 * wrap onto indented continuation lines.
 */
export function parseStopHeader(lines: readonly string[]): CdbStopHeader | null {
  for (let i = 0; i < lines.length; i++) {
    const head = /^\s*([A-Z][A-Z0-9_]{3,}) \(([0-9a-fA-F]{1,8})\)$/.exec(lines[i] ?? '');
    if (!head?.[1] || !head[2]) continue;
    const summary: string[] = [];
    let argumentsAt = -1;
    for (let j = i + 1; j < Math.min(lines.length, i + 40); j++) {
      const line = lines[j] ?? '';
      if (/^\s*Arguments:\s*$/.test(line)) {
        argumentsAt = j;
        break;
      }
      if (line.trim() === '' || FIELD_RE.test(line)) break;
      summary.push(line.trim());
    }
    if (argumentsAt < 0) continue;
    const args: string[] = [];
    for (let j = argumentsAt + 1; j < lines.length; j++) {
      const line = lines[j] ?? '';
      const arg = /^\s*Arg\d+:\s*([0-9a-fA-F`]+)/.exec(line);
      if (arg?.[1]) args.push(normaliseHex(arg[1]) ?? arg[1]);
      // Indented lines continue a wrapped argument description.
      else if (line.trim() === '' || !/^\s/.test(line)) break;
    }
    const code = normaliseHex(head[2]) ?? head[2];
    return { name: head[1], code, summary: firstSentence(summary.join(' ')), args };
  }
  return null;
}

function firstSentence(text: string): string | null {
  const m = /^(.+?\.)(?:\s|$)/.exec(text);
  const sentence = (m?.[1] ?? text).trim();
  return sentence === '' ? null : sentence;
}
