import path from 'node:path';
import { countBySeverity, type CompilerDiagnostic, type DiagnosticSeverity } from './compiler-diagnostics.js';

/**
 * Compact text of the build's diagnostics for the fix engine's revise loop:
 * a count line, then one line per diagnostic (errors first) with its notes
 * indented below, cut at `maxBytes` (UTF-8) with a line saying how many were left out.
 */
export function formatForModel(diagnostics: readonly CompilerDiagnostic[], maxBytes: number): string {
  const { errors, warnings } = countBySeverity(diagnostics);
  const ordered = [...diagnostics.filter((d) => d.severity === 'error'), ...diagnostics.filter((d) => d.severity === 'warning')];
  const head = `${errors} error(s), ${warnings} warning(s)`;
  const out: string[] = [head];
  let used = Buffer.byteLength(head);
  for (let i = 0; i < ordered.length; i++) {
    const d = ordered[i];
    if (!d) continue;
    const block = [formatOne(d), ...d.notes.map((n) => `  note: ${location(n.file, n.line, n.column)}${n.message}`)].join('\n');
    const rest = ordered.length - i;
    // Reserve room for the "left out" line so the result never exceeds the budget.
    const tail = `\n… ${rest} more left out`;
    const size = Buffer.byteLength(block) + 1;
    if (used + size + (rest > 1 ? Buffer.byteLength(tail) : 0) > maxBytes) {
      if (used + Buffer.byteLength(tail) <= maxBytes) out.push(tail.slice(1));
      break;
    }
    out.push(block);
    used += size;
  }
  const text = out.join('\n');
  return Buffer.byteLength(text) <= maxBytes ? text : Buffer.from(text).subarray(0, Math.max(0, maxBytes)).toString('utf8').replace(/\uFFFD$/, '');
}

function formatOne(d: CompilerDiagnostic): string {
  const code = d.code ? ` [${d.code}]` : '';
  return `${location(d.file, d.line, d.column)}${d.severity}${code}: ${d.message}`;
}

function location(file: string | null, line: number | null, column: number | null): string {
  if (!file) return '';
  return `${file}${line ? `:${line}` : ''}${line && column ? `:${column}` : ''}: `;
}

export interface BuildAnnotation {
  severity: DiagnosticSeverity;
  /** Repository-relative with `/`; absent when the diagnostic has no file or its file is outside the repository. */
  file?: string;
  line?: number;
  column?: number;
  title: string;
  message: string;
}

/**
 * GitHub annotations for the diagnostics. Relative paths are taken as relative
 * to `repoRoot` (where a custom build command runs); a file outside the
 * repository (a system header, the build folder elsewhere) keeps its
 * message but loses its location, since GitHub can only point into the repository.
 */
export function toAnnotations(diagnostics: readonly CompilerDiagnostic[], repoRoot: string): BuildAnnotation[] {
  return diagnostics.map((d) => {
    const title = d.code ? `${d.severity} ${d.code}` : `Build ${d.severity}`;
    const notes = d.notes.map((n) => `\nnote: ${location(n.file, n.line, n.column)}${n.message}`).join('');
    const annotation: BuildAnnotation = { severity: d.severity, title, message: `${d.message}${notes}` };
    const file = d.file ? repoRelative(d.file, repoRoot) : null;
    if (file) {
      annotation.file = file;
      if (d.line) annotation.line = d.line;
      if (d.line && d.column) annotation.column = d.column;
    } else if (d.file) {
      annotation.message = `${location(d.file, d.line, d.column)}${annotation.message}`;
    }
    return annotation;
  });
}

/** Where annotations go: the run's log (in Actions, `core.warning`/`core.error` with the location). */
export interface AnnotationSink {
  warning(message: string, location?: { file?: string; line?: number; title?: string }): void;
  error(message: string, location?: { file?: string; line?: number; title?: string }): void;
}

/** Writes an annotation to the log at its severity; GitHub takes a location without a column. */
export function annotate(sink: AnnotationSink, a: BuildAnnotation): void {
  const where = a.file ? { file: a.file, line: a.line, title: a.title } : { title: a.title };
  if (a.severity === 'error') sink.error(a.message, where);
  else sink.warning(a.message, where);
}

/** `file` relative to `repoRoot` with `/`, or null when it lies outside. Windows paths are compared case-insensitively. */
export function repoRelative(file: string, repoRoot: string): string | null {
  const windows = /^[A-Za-z]:[\\/]/.test(repoRoot) || /^[A-Za-z]:[\\/]/.test(file) || repoRoot.startsWith('\\\\');
  const p = windows ? path.win32 : path.posix;
  const absolute = p.resolve(repoRoot, file);
  let rel = p.relative(p.resolve(repoRoot), absolute);
  if (windows && /^[A-Za-z]:/.test(rel)) return null; // another drive
  rel = rel.split(p.sep).join('/');
  if (rel === '' || rel === '..' || rel.startsWith('../') || p.isAbsolute(rel)) return null;
  return rel;
}
