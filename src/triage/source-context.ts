import type { SourceContext } from '../domain/crash-report.js';
import { MAX_SOURCE_BYTES } from './repo-files.js';

/**
 * Source lines around the culprit and the other in-app frames, read through an
 * injected reader so the logic needs no file system.
 */

export interface ContextFrame {
  file: string | null;
  line: number | null;
  inApp: boolean;
}

export interface SourceContextOptions {
  /** Position of the culprit in `frames`; its context comes first. */
  culpritIndex: number | null;
  /** Reads a repository-relative file; null when it cannot be read. */
  readSource: (repoRelPath: string) => Promise<string | null>;
  /** Lines shown on each side of the frame's line. */
  contextLines: number;
  /** At most this many frames get context. */
  maxFrames?: number;
  maxBytes?: number;
}

export const DEFAULT_CONTEXT_FRAMES = 8;

/** Longer lines are cut, so a minified or generated line cannot swamp a report. */
const MAX_LINE_CHARS = 500;

export async function collectSourceContext(
  frames: readonly ContextFrame[],
  options: SourceContextOptions,
): Promise<SourceContext[]> {
  const maxFrames = options.maxFrames ?? DEFAULT_CONTEXT_FRAMES;
  const maxBytes = options.maxBytes ?? MAX_SOURCE_BYTES;
  const radius = Math.max(0, Math.floor(options.contextLines));
  const order = frameOrder(frames, options.culpritIndex);
  const files = new Map<string, Promise<string[] | null>>();
  const seen = new Set<string>();
  const contexts: SourceContext[] = [];

  for (const index of order) {
    if (contexts.length >= maxFrames) break;
    const frame = frames[index] as ContextFrame;
    if (!frame.inApp || frame.file === null || frame.line === null || frame.line < 1) continue;
    const key = `${frame.file}:${frame.line}`;
    if (seen.has(key)) continue; // recursion and inline frames repeat the same line
    seen.add(key);
    let lines = files.get(frame.file);
    if (!lines) {
      lines = readLines(options.readSource, frame.file, maxBytes);
      files.set(frame.file, lines);
    }
    const text = await lines;
    if (text === null || frame.line > text.length) continue; // unreadable, or the source changed since the build
    const startLine = Math.max(1, frame.line - radius);
    const endLine = Math.min(text.length, frame.line + radius);
    contexts.push({
      frameIndex: index,
      file: frame.file,
      startLine,
      focusLine: frame.line,
      lines: text.slice(startLine - 1, endLine).map(clip),
    });
  }
  return contexts;
}

/** The culprit first, then the other frames from the top of the stack. */
function frameOrder(frames: readonly ContextFrame[], culpritIndex: number | null): number[] {
  const rest = frames.map((_, i) => i).filter((i) => i !== culpritIndex);
  return culpritIndex !== null && culpritIndex >= 0 && culpritIndex < frames.length ? [culpritIndex, ...rest] : rest;
}

async function readLines(
  readSource: SourceContextOptions['readSource'],
  file: string,
  maxBytes: number,
): Promise<string[] | null> {
  let text: string | null;
  try {
    text = await readSource(file);
  } catch {
    return null; // context is a convenience: a file that cannot be read is left out, not fatal
  }
  if (text === null || text.includes('\0') || Buffer.byteLength(text, 'utf8') > maxBytes) return null;
  const lines = text.split(/\r?\n/);
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

function clip(line: string): string {
  return line.length > MAX_LINE_CHARS ? `${line.slice(0, MAX_LINE_CHARS)}…` : line;
}
