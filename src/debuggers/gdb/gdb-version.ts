/** gdb 8 is the oldest with the Python frame API the analysis script relies on. */
export const MIN_GDB_MAJOR = 8;

export interface GdbVersion {
  major: number;
  minor: number;
  /** As printed, e.g. `13.1`. */
  text: string;
}

/**
 * Reads the first line of `gdb --version`: `GNU gdb (Debian 13.1-3) 13.1`,
 * `GNU gdb (GDB) Red Hat Enterprise Linux 8.2-19.el8`. The last dotted number on
 * the line is the version; vendor strings in parentheses come before it.
 */
export function parseGdbVersion(output: string): GdbVersion | null {
  const first = output.split(/\r?\n/).find((l) => l.trim() !== '') ?? '';
  if (!/\bgdb\b/i.test(first)) return null;
  const matches = [...first.matchAll(/(?<![\w.])(\d+)\.(\d+)(?:\.(\d+))?(?![\d])/g)];
  const last = matches.at(-1);
  if (!last) return null;
  return { major: Number(last[1]), minor: Number(last[2]), text: last[0] };
}
