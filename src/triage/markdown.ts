import type { CrashReport, Frame, SourceContext, Thread } from '../domain/crash-report.js';
import { normalizeFunctionName } from './function-name.js';
import { codeBlock, codeSpan, escapeHtml, escapeText, truncate } from '../base/markdown-escape.js';

/**
 * The report as Markdown for job summaries, pull requests and issues. Every
 * string from the dump goes through markdown-escape; the output depends only
 * on the report, so re-renders are byte-identical.
 */

export interface MarkdownOptions {
  /** Frames shown for the crashing thread. */
  maxFrames?: number;
  /** Other threads shown. */
  maxThreads?: number;
  /** Frames shown per other thread. */
  maxThreadFrames?: number;
}

const MAX_FUNCTION_CHARS = 160;
const MAX_PATH_CHARS = 120;

export function renderReportMarkdown(report: CrashReport, options: MarkdownOptions = {}): string {
  const maxFrames = options.maxFrames ?? 40;
  const maxThreads = options.maxThreads ?? 20;
  const maxThreadFrames = options.maxThreadFrames ?? 8;
  const out: string[] = [];

  out.push(`## ${heading(report)}`, '', ...factsTable(report), '');
  out.push(...culpritSection(report), '');

  const crashed = `Crashing stack (thread ${escapeHtml(report.crashingThread.id)}, ${plural(report.frames.length, 'frame')})`;
  out.push('<details>', `<summary>${crashed}</summary>`, '');
  out.push(...stackTable(report.frames, maxFrames, report.culprit?.frameIndex ?? null), '', '</details>', '');

  const others = report.threads.filter((t) => !t.crashed);
  if (others.length > 0) {
    out.push('<details>', `<summary>Other threads (${others.length})</summary>`, '');
    for (const thread of others.slice(0, maxThreads)) out.push(...threadSection(thread, maxThreadFrames), '');
    if (others.length > maxThreads) out.push(`… ${plural(others.length - maxThreads, 'more thread')} not shown.`, '');
    out.push('</details>', '');
  }
  return `${out.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd()}\n`;
}

function heading(report: CrashReport): string {
  const kind = escapeText(report.signatureBasis.kind);
  const culprit = report.culprit;
  if (!culprit) return `Crash: ${kind}`;
  const name = normalizeFunctionName(culprit.function) || culprit.function;
  return `Crash: ${kind} in ${codeSpan(truncate(name, MAX_FUNCTION_CHARS))}`;
}

function factsTable(report: CrashReport): string[] {
  const { exception } = report;
  const rows: [string, string][] = [];
  const at = exception.address === null ? '' : ` at ${codeSpan(exception.address, true)}`;
  rows.push(['Exception', `${codeSpan(exception.code, true)} ${escapeText(exception.name)}${at}`]);
  if (exception.description) rows.push(['Description', escapeText(exception.description)]);
  rows.push(['Signature', codeSpan(report.signature, true)]);
  if (report.signatureBasis.frames.length > 0) {
    rows.push(['Signature frames', report.signatureBasis.frames.map((f) => codeSpan(truncate(f, MAX_FUNCTION_CHARS), true)).join(' → ')]);
  }
  const thread = report.crashingThread;
  rows.push(['Crashing thread', `${codeSpan(thread.id, true)}${thread.name ? ` ${codeSpan(thread.name, true)}` : ''}`]);
  if (report.process.name !== null || report.process.pid !== null) {
    const name = report.process.name === null ? '' : codeSpan(report.process.name, true);
    rows.push(['Process', [name, report.process.pid === null ? '' : `pid ${report.process.pid}`].filter(Boolean).join(' ')]);
  }
  const version = report.debugger.version === null ? '' : ` ${escapeText(report.debugger.version)}`;
  rows.push(['Debugger', `${report.debugger.name}${version}`]);
  const bucket = report.analysis?.failureBucketId;
  if (bucket) rows.push(['Bucket', codeSpan(bucket, true)]);
  return ['| | |', '|---|---|', ...rows.map(([k, v]) => `| ${k} | ${v} |`)];
}

function culpritSection(report: CrashReport): string[] {
  const { culprit } = report;
  if (!culprit) return ['**Culprit:** no frame of the program could be identified.'];
  const where = culprit.file === null ? '' : ` at ${codeSpan(location(culprit.file, culprit.line))}`;
  const lines = [`**Culprit:** ${codeSpan(truncate(culprit.function, MAX_FUNCTION_CHARS))}${where} (frame ${culprit.frameIndex})`];
  const [first, ...rest] = orderContexts(report.sourceContext, culprit.frameIndex);
  if (first && first.frameIndex === culprit.frameIndex) lines.push('', excerpt(first));
  else if (first) rest.unshift(first);
  if (rest.length > 0) {
    lines.push('', '<details>', `<summary>More source context (${rest.length})</summary>`, '');
    for (const context of rest) {
      const fn = report.frames[context.frameIndex]?.function ?? null;
      const label = fn === null ? '' : ` ${codeSpan(truncate(fn, MAX_FUNCTION_CHARS))}`;
      lines.push(`Frame ${context.frameIndex}${label} at ${codeSpan(location(context.file, context.focusLine))}`, '', excerpt(context), '');
    }
    lines.push('</details>');
  }
  return lines;
}

function orderContexts(contexts: readonly SourceContext[], culpritIndex: number): SourceContext[] {
  const culprit = contexts.filter((c) => c.frameIndex === culpritIndex);
  return [...culprit, ...contexts.filter((c) => c.frameIndex !== culpritIndex)];
}

/** The excerpt with line numbers; the crashing line is marked with `>`. */
function excerpt(context: SourceContext): string {
  const last = context.startLine + context.lines.length - 1;
  const width = String(last).length;
  const lines = context.lines.map((text, i) => {
    const n = context.startLine + i;
    const mark = n === context.focusLine ? '>' : ' ';
    return `${mark} ${String(n).padStart(width)} | ${text}`;
  });
  return codeBlock('cpp', lines);
}

function stackTable(frames: readonly Frame[], max: number, culpritIndex: number | null): string[] {
  if (frames.length === 0) return ['No frames.'];
  const rows = ['| # | Function | Source | Module |', '|---:|---|---|---|'];
  for (const frame of frames.slice(0, max)) {
    const index = frame.index === culpritIndex ? `**▶ ${frame.index}**` : String(frame.index);
    rows.push(`| ${index} | ${functionCell(frame)} | ${sourceCell(frame)} | ${frame.module === null ? '' : codeSpan(frame.module, true)} |`);
  }
  if (frames.length > max) rows.push('', `… ${plural(frames.length - max, 'more frame')} not shown.`);
  return rows;
}

function functionCell(frame: Frame): string {
  const name = frame.function === null ? codeSpan(frame.address ?? '??', true) : codeSpan(truncate(frame.function, MAX_FUNCTION_CHARS), true);
  const styled = frame.inApp ? `**${name}**` : name;
  return frame.inline ? `${styled} *(inline)*` : styled;
}

function sourceCell(frame: Frame): string {
  if (frame.file === null) return '';
  const file = frame.file.length > MAX_PATH_CHARS ? `…${frame.file.slice(-(MAX_PATH_CHARS - 1))}` : frame.file;
  return codeSpan(location(file, frame.line), true);
}

function threadSection(thread: Thread, maxFrames: number): string[] {
  const name = thread.name ? ` ${codeSpan(thread.name)}` : '';
  return [`**Thread ${codeSpan(thread.id)}**${name}, ${plural(thread.frames.length, 'frame')}`, '', ...stackTable(thread.frames, maxFrames, null)];
}

function location(file: string, line: number | null): string {
  return line === null ? file : `${file}:${line}`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
