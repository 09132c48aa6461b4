import { CrashAutofixError } from '../../base/errors.js';

export interface DiagnosticContext {
  corePath: string;
  executablePath: string;
  /** Build ids already proved the pair matches; gdb's name-based warning is then noise. */
  buildIdsMatch: boolean;
}

/**
 * Turns what gdb prints about unusable input into one clear error. Run on the
 * whole output even when the script produced JSON: a truncated or mismatched
 * core still gives a backtrace, but a wrong one.
 */
export function diagnoseGdbOutput(output: string, ctx: DiagnosticContext): void {
  const { corePath, executablePath } = ctx;
  if (/Python scripting is not supported in this copy of GDB/.test(output)) {
    throw new CrashAutofixError('tool-missing', "This gdb has no Python support; install a gdb built with Python (Debian/Ubuntu 'gdb', not 'gdb-minimal') or set 'gdb-path'");
  }
  if (/is not a core dump: (?:file format not recognized|file truncated)/.test(output)) {
    throw new CrashAutofixError('bad-input', `${corePath} is not an ELF core dump gdb can read; pass a core file written by the crash ('core' or 'core.<pid>')`);
  }
  if (/segment extending past end of file|is truncated: expected core file size/.test(output)) {
    throw new CrashAutofixError('bad-input', `${corePath} is a truncated core dump: gdb says its segments run past the end of the file; copy the complete core (check the disk space and 'ulimit -c' where it was written)`);
  }
  if (/not in executable format/.test(output)) {
    throw new CrashAutofixError('bad-input', `Executable ${executablePath} is not a program gdb can load; pass the Linux binary that wrote the core as 'executable'`);
  }
  if (!ctx.buildIdsMatch && /core file may not match specified executable file/.test(output)) {
    throw new CrashAutofixError('bad-input', `Executable ${executablePath} does not match core ${corePath} (gdb: "core file may not match specified executable file"); pass the exact binary from the build that crashed`);
  }
}

/** The most useful line of gdb's error output, for a failure message. */
export function lastGdbError(stderr: string): string {
  const lines = stderr
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '' && !/^warning: Section `\.reg-xstate/.test(l));
  return lines.at(-1) ?? 'no error output';
}
