import { isSourceLine } from '../../domain/raw-crash.js';
import type { CdbAnalysis, CdbFormat, CdbFrame, CdbStopHeader } from './cdb-analysis.js';
import { fieldIndex, fieldText, parseKeyValues, parseStopHeader, scanFields, type AnalyzeField } from './analyze-fields.js';
import { isKernelPrompt, isPromptLine, markerSection, normaliseCode, normaliseHex, normaliseLines, type CdbSection } from './cdb-text.js';
import { exceptionName, hasFaultAddressParameter } from '../../domain/exceptions/windows-exceptions.js';
import { parseEventBanner, parseExceptionRecord, parseMarkedThread, threadIdFromField, type ExceptionRecord } from './exception-record.js';
import { parseModuleList } from './cdb-module-list.js';
import { findStackListing } from './stack-listing.js';
import { parseFrameBlock } from './stack-frames.js';

const BANNER_RE = /^\*\s+(Exception|Bugcheck) Analysis\s+\*$/;

/**
 * Parses cdb / WinDbg text: `!analyze -v` in the old and new layouts, kernel
 * bugchecks, `k`-family listings, `.ecxr` and `lm` output. Works on our own
 * marker-separated runs and on text pasted from anywhere. Pure: no I/O.
 */
export function parseCdbOutput(text: string): CdbAnalysis {
  const lines = normaliseLines(text);
  const sections = splitSections(lines);
  const region = sections?.get('analyze') ?? analysisRegion(lines);
  const fields = fieldIndex(scanFields(region.lines));
  const keyValues = parseKeyValues(region.lines);
  const format = detectFormat(lines, region.banner, fields);
  const record = parseExceptionRecord(region.lines) ?? parseExceptionRecord(lines);
  const banner = parseEventBanner(lines);
  const marked = parseMarkedThread(sections?.get('stack')?.lines ?? lines);

  const exceptionCode =
    record?.code ??
    codeFromField(fields.get('EXCEPTION_CODE_STR')) ??
    codeFromField(fields.get('EXCEPTION_CODE')) ??
    banner?.code ??
    null;
  const header = parseStopHeader(region.lines);
  const bugcheck = format === 'kernel' ? kernelBugcheck(header, fields) : null;
  const verifierStop = format !== 'kernel' && header?.name.startsWith('APPLICATION_VERIFIER') ? header : null;
  const { frames, stackSource } = chooseFrames(fields.get('STACK_TEXT'), sections?.get('stack')?.lines ?? null, lines);

  return {
    format,
    exceptionCode,
    exceptionName: exceptionCode ? exceptionName(exceptionCode, record?.codeText ?? banner?.description) : (bugcheck?.name ?? null),
    exceptionAddress: faultAddress(exceptionCode, record, fields),
    instructionAddress: record?.address ?? null,
    instructionSymbol: record?.addressSymbol ?? null,
    description:
      record?.attempt ??
      record?.subcode ??
      (verifierStop ? `${verifierStop.name}: ${verifierStop.summary ?? ''}`.trim() : null) ??
      record?.codeText ??
      errorCodeText(fields.get('ERROR_CODE')) ??
      banner?.description ??
      bugcheck?.summary ??
      null,
    failureBucketId: fieldText(fields.get('FAILURE_BUCKET_ID')) ?? keyValues['Failure.Bucket'] ?? null,
    symbolName: fieldText(fields.get('SYMBOL_NAME')),
    moduleName: fieldText(fields.get('MODULE_NAME')),
    imageName: fieldText(fields.get('IMAGE_NAME')),
    faultingSource: faultingSource(fields),
    processName: fieldText(fields.get('PROCESS_NAME')),
    processId: banner?.processId ?? marked?.processId ?? null,
    threadId: threadIdFromField(fieldText(fields.get('FAULTING_THREAD'))) ?? banner?.threadId ?? marked?.threadId ?? null,
    bugcheck,
    verifierStop,
    frames,
    stackSource,
    modules: parseModuleList(sections?.get('modules')?.lines ?? lines),
    keyValues,
    fields: Object.fromEntries([...fields].map(([name, f]) => [name, f.value])),
  };
}

interface Region {
  lines: string[];
  banner: 'Exception' | 'Bugcheck' | null;
}

/** Lines of our `.echo`-marked sections, or null for text without markers. */
function splitSections(lines: readonly string[]): Map<CdbSection, Region> | null {
  const map = new Map<CdbSection, Region>();
  let current: Region | null = null;
  for (const line of lines) {
    const section = markerSection(line);
    if (section) {
      current = { lines: [], banner: null };
      map.set(section, current);
    } else if (current) {
      current.lines.push(line);
    }
  }
  if (map.size === 0) return null;
  const analyze = map.get('analyze');
  if (analyze) analyze.banner = bannerKind(analyze.lines);
  return map;
}

/** From the analysis banner (or the start of headerless text) to the next prompt. */
function analysisRegion(lines: readonly string[]): Region {
  const at = lines.findIndex((l) => BANNER_RE.test(l.trim()));
  if (at < 0) return { lines: [...lines], banner: null };
  let end = at + 1;
  while (end < lines.length && !isPromptLine(lines[end] ?? '')) end++;
  return { lines: lines.slice(at, end), banner: bannerKind(lines.slice(at, at + 1)) };
}

function bannerKind(lines: readonly string[]): Region['banner'] {
  for (const l of lines) {
    const m = BANNER_RE.exec(l.trim());
    if (m?.[1] === 'Exception' || m?.[1] === 'Bugcheck') return m[1];
  }
  return null;
}

function detectFormat(lines: readonly string[], banner: Region['banner'], fields: Map<string, AnalyzeField>): CdbFormat {
  if (banner === 'Bugcheck' || fields.has('BUGCHECK_CODE') || lines.some(isKernelPrompt)) return 'kernel';
  if (fields.has('FAULTING_IP') || fields.has('DEFAULT_BUCKET_ID')) return 'old';
  const analysisFields = ['KEY_VALUES_STRING', 'FAILURE_BUCKET_ID', 'STACK_TEXT', 'EXCEPTION_RECORD', 'SYMBOL_NAME'];
  if (banner === 'Exception' || analysisFields.some((f) => fields.has(f))) return 'new';
  return 'stack-only';
}

/** `EXCEPTION_CODE_STR:  c0000005` or `EXCEPTION_CODE: (NTSTATUS) 0xc0000005 - ...`. */
function codeFromField(field: AnalyzeField | undefined): string | null {
  const text = fieldText(field);
  if (!text) return null;
  const m = /^(?:\([A-Z]+\)\s+)?(?:0x)?([0-9a-fA-F]{8})\b/.exec(text);
  return m?.[1] ? normaliseCode(m[1]) : null;
}

/** `(NTSTATUS) 0xc0000374 - A heap has been corrupted.`; not printf templates or blanked localised text. */
function errorCodeText(field: AnalyzeField | undefined): string | null {
  const text = /\s-\s+(.*)$/.exec(fieldText(field) ?? '')?.[1]?.replace(/\s+/g, ' ').trim();
  if (!text || text.includes('%') || text.startsWith('<') || !/[a-z]{3}/i.test(text)) return null;
  return text;
}

function faultAddress(code: string | null, record: ExceptionRecord | null, fields: Map<string, AnalyzeField>): string | null {
  const param = record?.parameters[1];
  if (code && hasFaultAddressParameter(code) && param) return param;
  if (record?.attemptAddress) return record.attemptAddress;
  for (const name of ['READ_ADDRESS', 'WRITE_ADDRESS', 'EXECUTE_ADDRESS']) {
    const field = fields.get(name);
    if (!field) continue;
    const texts = [field.value];
    for (const l of field.block) {
      if (l.trim() === '') break;
      texts.push(l);
    }
    // `ffff8001acdc6010 Paged pool`, or `unable to get nt!X` with the address on the next line.
    const token = texts
      .join(' ')
      .split(/\s+/)
      .find((t) => /^[0-9a-fA-F`]+$/.test(t) && /\d/.test(t));
    if (token) return normaliseHex(token);
  }
  return null;
}

function faultingSource(fields: Map<string, AnalyzeField>): { file: string; line: number } | null {
  const file = fieldText(fields.get('FAULTING_SOURCE_FILE'));
  const line = Number(fieldText(fields.get('FAULTING_SOURCE_LINE_NUMBER')));
  return file && isSourceLine(line) ? { file, line } : null;
}

function kernelBugcheck(header: CdbStopHeader | null, fields: Map<string, AnalyzeField>): CdbStopHeader | null {
  const fieldCode = fieldText(fields.get('BUGCHECK_CODE'));
  const code = fieldCode ? normaliseHex(fieldCode.split(/\s+/)[0] ?? '') : null;
  if (header) return { ...header, code: code ?? header.code };
  if (!code) return null;
  const args = ['BUGCHECK_P1', 'BUGCHECK_P2', 'BUGCHECK_P3', 'BUGCHECK_P4']
    .map((name) => normaliseHex(fieldText(fields.get(name)) ?? ''))
    .filter((v): v is string => v !== null);
  return { name: fieldText(fields.get('BUGCHECK_STR')) ?? `BUGCHECK_${code.slice(2).toUpperCase()}`, code, summary: null, args };
}

/**
 * Our own runs (marked) prefer the `kn` listing after `.ecxr`, which carries
 * source lines and inline frames; pasted text prefers STACK_TEXT and falls back
 * to a `k` listing when there is none (or it is empty).
 */
function chooseFrames(
  stackText: AnalyzeField | undefined,
  markedStack: string[] | null,
  lines: readonly string[],
): { frames: CdbFrame[]; stackSource: CdbAnalysis['stackSource'] } {
  if (markedStack) {
    const listing = findStackListing(markedStack);
    if (listing && listing.length > 0) return { frames: listing, stackSource: 'listing' };
  }
  const fromText = stackText ? parseFrameBlock(stackText.block) : null;
  if (fromText && fromText.length > 0) return { frames: fromText, stackSource: 'stack-text' };
  const listing = findStackListing(lines);
  if (listing && listing.length > 0) return { frames: listing, stackSource: 'listing' };
  return { frames: [], stackSource: stackText ? 'stack-text' : null };
}
