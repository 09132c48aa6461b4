/**
 * Reads compiler, linker and CMake messages out of a build log: GCC/Clang
 * (`x.cpp:12:5: error: …`), MSVC (`x.cpp(12,5): error C2065: …`, `LINK : fatal
 * error LNK1104: …`), GNU ld (`undefined reference to …`) and CMake
 * (`CMake Error at CMakeLists.txt:12 (add_executable):`). Pure: text in, values out.
 */
export type DiagnosticSeverity = 'error' | 'warning';

export interface DiagnosticNote {
  file: string | null;
  line: number | null;
  column: number | null;
  message: string;
}

export interface CompilerDiagnostic {
  severity: DiagnosticSeverity;
  /** As printed by the tool (absolute, or relative to the folder it ran in); null for linker or tool messages. */
  file: string | null;
  line: number | null;
  column: number | null;
  /** `C2065`, `LNK1104`, `-Wunused-variable`, a clang-tidy check name, or null. */
  code: string | null;
  message: string;
  notes: DiagnosticNote[];
}

export interface ParseDiagnosticsOptions {
  /** At most this many diagnostics are kept (errors first); default 200. */
  max?: number;
  /** At most this many notes per diagnostic; default 8. */
  maxNotes?: number;
}

// Colour codes, when a build forces colour (CLICOLOR_FORCE, -fdiagnostics-color=always).
const ANSI = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*[A-Za-z]`, 'g');
/** MSBuild appends the project: `… [C:\src\app.vcxproj]`. */
const MSBUILD_PROJECT = /\s+\[[^\]]+\.(?:vcxproj|vcproj|csproj|proj)\]$/i;
const GCC = /^(?<file>.+?):(?<line>\d+):(?:(?<col>\d+):)?\s+(?<sev>fatal error|error|warning|note):\s+(?<msg>.*)$/;
const MSVC = /^(?<file>.+?)\((?<line>\d+)(?:,(?<col>\d+))?(?:,\d+,\d+)?\)\s*:\s+(?<sev>fatal error|error|warning|note)(?:\s+(?<code>[A-Z]+\d+))?\s*:\s*(?<msg>.*)$/;
const MSVC_LINK = /^(?<file>LINK|[^:]+?\.(?:obj|lib|exe|dll))\s*:\s+(?<sev>fatal error|error|warning)\s+(?<code>LNK\d+)\s*:\s*(?<msg>.*)$/i;
const TOOL = /^(?:\S*[\\/])?(?:collect2|ld|ld\.lld|ld\.gold|lld-link|clang\+\+|clang|g\+\+|gcc|c\+\+|cc1plus|cc1)(?:\.exe)?:\s+(?<sev>fatal error|error|warning):\s+(?<msg>.*)$/;
const LD_PREFIX = /^(?:\S*[\\/])?(?:ld|ld\.gold|ld\.bfd)(?:\.exe)?:\s+/;
const UNDEFINED_REF = /^(?:(?<file>[^:\s][^:]*?):(?:(?<line>\d+)|\([^)]*\)):\s+)?(?<msg>undefined reference to .*)$/;
const CMAKE_AT = /^CMake (?<sev>Error|Warning)(?: \(dev\))? (?:at|in) (?<file>.+?)(?::(?<line>\d+))?(?: \([^)]*\))?:\s*$/;
const CMAKE_PLAIN = /^CMake (?<sev>Error|Warning)(?: \(dev\))?:\s*(?<msg>.*)$/;
const TRAILING_CODE = /\s+\[(?<code>-W[\w=+-]+|[\w.-]+(?:,[\w.-]+)*)\]$/;

/** Every error and warning in `text`, notes attached to the diagnostic they follow, deduplicated. */
export function parseDiagnostics(text: string, options: ParseDiagnosticsOptions = {}): CompilerDiagnostic[] {
  const max = options.max ?? 200;
  const maxNotes = options.maxNotes ?? 8;
  const found: CompilerDiagnostic[] = [];
  const seen = new Map<string, CompilerDiagnostic>();
  let last: CompilerDiagnostic | null = null;
  const lines = text.replace(ANSI, '').split(/\r?\n/);

  const add = (d: CompilerDiagnostic): void => {
    const key = [d.severity, d.file, d.line, d.column, d.message].join('\0');
    const earlier = seen.get(key);
    // A header compiled by several units reports the same problem each time.
    last = earlier ?? d;
    if (earlier) return;
    seen.set(key, d);
    found.push(d);
  };

  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i] ?? '';
    const line = raw.trim().replace(MSBUILD_PROJECT, '');
    if (line === '') continue;

    const cmake = CMAKE_AT.exec(line) ?? CMAKE_PLAIN.exec(line);
    if (cmake?.groups) {
      const g = cmake.groups;
      const body: string[] = g.msg ? [g.msg] : [];
      // The message is the indented block that follows; a call stack adds nothing a fix needs.
      let inStack = false;
      while (i + 1 < lines.length) {
        const next = (lines[i + 1] ?? '').replace(ANSI, '');
        if (next.trim() !== '' && !/^\s/.test(next)) break;
        i++;
        const t = next.trim();
        if (t.startsWith('Call Stack')) inStack = true;
        if (t !== '' && !inStack && body.length < 20) body.push(t);
      }
      add(diag(g.sev === 'Error' ? 'error' : 'warning', g.file ?? null, g.line, undefined, null, body.join(' ') || `CMake ${g.sev ?? 'Error'}`));
      continue;
    }

    const m = GCC.exec(line) ?? MSVC.exec(line);
    if (m?.groups) {
      const g = m.groups;
      const sev = g.sev ?? 'error';
      const message = g.msg ?? '';
      if (sev === 'note') {
        const target = last as CompilerDiagnostic | null;
        if (target && target.notes.length < maxNotes) {
          target.notes.push({ file: g.file ?? null, line: toInt(g.line), column: toInt(g.col), message: message.trim() });
        }
        continue;
      }
      const { text: msg, code } = splitCode(message, g.code);
      add(diag(sev === 'warning' ? 'warning' : 'error', g.file ?? null, g.line, g.col, code, msg));
      continue;
    }

    const link = MSVC_LINK.exec(line);
    if (link?.groups) {
      const g = link.groups;
      const file = g.file && g.file.toUpperCase() !== 'LINK' ? g.file : null;
      add(diag(g.sev === 'warning' ? 'warning' : 'error', file, undefined, undefined, g.code ?? null, g.msg ?? ''));
      continue;
    }

    const undefinedRef = UNDEFINED_REF.exec(line.replace(LD_PREFIX, ''));
    if (undefinedRef?.groups) {
      const g = undefinedRef.groups;
      add(diag('error', g.file ?? null, g.line, undefined, null, g.msg ?? ''));
      continue;
    }

    const tool = TOOL.exec(line);
    if (tool?.groups) {
      add(diag(tool.groups.sev === 'warning' ? 'warning' : 'error', null, undefined, undefined, null, tool.groups.msg ?? ''));
    }
  }
  const errors = found.filter((d) => d.severity === 'error');
  const warnings = found.filter((d) => d.severity === 'warning');
  return [...errors, ...warnings].slice(0, Math.max(0, max));
}

function diag(severity: DiagnosticSeverity, file: string | null, line: string | undefined, col: string | undefined, code: string | null, message: string): CompilerDiagnostic {
  return { severity, file: file?.trim() || null, line: toInt(line), column: toInt(col), code, message: message.trim(), notes: [] };
}

/** GCC ends warnings with `[-Wname]`, clang-tidy with `[check-name]`. */
function splitCode(message: string, explicit: string | undefined): { text: string; code: string | null } {
  if (explicit) return { text: message, code: explicit };
  const m = TRAILING_CODE.exec(message);
  if (!m?.groups?.code) return { text: message, code: null };
  return { text: message.slice(0, m.index), code: m.groups.code };
}

function toInt(value: string | undefined): number | null {
  if (value === undefined) return null;
  const n = Number(value);
  return Number.isInteger(n) && n > 0 ? n : null;
}

export function countBySeverity(diagnostics: readonly CompilerDiagnostic[]): { errors: number; warnings: number } {
  let errors = 0;
  for (const d of diagnostics) if (d.severity === 'error') errors++;
  return { errors, warnings: diagnostics.length - errors };
}
