import { readVersion, type ToolVersion } from '../exec/tool-version.js';

/** gdb 8 is the oldest with the Python frame API the analysis script relies on. */
export const MIN_GDB_VERSION = [8] as const;

export type GdbVersion = ToolVersion;

/**
 * Reads the first line of `gdb --version`: `GNU gdb (Debian 13.1-3) 13.1`,
 * `GNU gdb (GDB) Red Hat Enterprise Linux 8.2-19.el8`. The last dotted number on
 * the line is the version; vendor strings in parentheses come before it.
 */
export function parseGdbVersion(output: string): GdbVersion | null {
  const first = output.split(/\r?\n/).find((l) => l.trim() !== '') ?? '';
  if (!/\bgdb\b/i.test(first)) return null;
  const last = [...first.matchAll(/(?<![\w.])\d+\.\d+(?:\.\d+)?(?!\d)/g)].at(-1);
  return last ? readVersion(last[0]) : null;
}
