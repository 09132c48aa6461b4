import { CrashAutofixError, oneLine } from '../../base/errors.js';
import type { ProcessRunner, RunResult } from './process-runner.js';

/**
 * The one version parser and comparison for every tool adapter (cmake, ctest,
 * git, gdb, cdb, bubblewrap): each adapter only says where its banner puts
 * the number and what its minimum is.
 */
export interface ToolVersion {
  major: number;
  minor: number;
  patch: number;
  /** Every dotted part, e.g. [10, 0, 22621, 2428] for cdb. */
  parts: readonly number[];
  /** As printed, e.g. `3.25.1`. */
  text: string;
}

/**
 * Reads the dotted number `major.minor[.patch…]` that `text` starts with;
 * anything after it (`-rc2`, `.windows.1`) is not part of the number.
 */
export function readVersion(text: string): ToolVersion | null {
  const m = /^\d+(?:\.\d+)+/.exec(text);
  if (!m) return null;
  const parts = m[0].split('.').map(Number);
  return { major: parts[0] ?? 0, minor: parts[1] ?? 0, patch: parts[2] ?? 0, parts, text: m[0] };
}

/** `cmake version 3.25.1`, `ctest version 3.31.0-rc2`, `cppcheck 2.10`, `LLVM version 15.0.6`: the first dotted number after the tool's name on its line. */
export function parseToolVersion(output: string, tool: string): ToolVersion | null {
  const escaped = tool.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const m = new RegExp(`${escaped}[^\\n\\d]*?(\\d+(?:\\.\\d+)+)`, 'i').exec(output);
  return m?.[1] === undefined ? null : readVersion(m[1]);
}

/** True when `version` is at least `minimum` ([major, minor, …]; missing parts count as 0). */
export function versionAtLeast(version: ToolVersion, minimum: readonly number[]): boolean {
  for (let i = 0; i < Math.max(version.parts.length, minimum.length); i++) {
    const have = version.parts[i] ?? 0;
    const need = minimum[i] ?? 0;
    if (have !== need) return have > need;
  }
  return true;
}

/** `[3, 16]` as `3.16`, for "needs cmake 3.16 or newer". */
export function formatVersion(parts: readonly number[]): string {
  return parts.join('.');
}

const PROBE_TIMEOUT_MS = 30_000;

/**
 * Runs `<toolPath> --version` and checks the result is at least `min`; throws
 * one `tool-missing` line naming the tool, what was found and `install` (what to do).
 */
export async function probeToolVersion(
  runner: ProcessRunner,
  options: { toolPath: string; name: string; min: readonly number[]; install: string },
): Promise<ToolVersion> {
  const { toolPath, name, install } = options;
  let result: RunResult;
  try {
    result = await runner.run(toolPath, ['--version'], { timeoutMs: PROBE_TIMEOUT_MS, env: { LC_ALL: 'C' } });
  } catch (e) {
    if (e instanceof CrashAutofixError && e.kind === 'tool-missing') {
      throw new CrashAutofixError('tool-missing', `${name} was not found at '${toolPath}'; ${install}`, { cause: e });
    }
    throw e;
  }
  const version = result.exitCode === 0 ? parseToolVersion(result.stdout, name) : null;
  if (!version) {
    const said = oneLine(result.stdout || result.stderr).slice(0, 120) || `exit code ${String(result.exitCode)}`;
    throw new CrashAutofixError('tool-missing', `'${toolPath} --version' did not report a ${name} version (${said}); ${install}`);
  }
  if (!versionAtLeast(version, options.min)) {
    throw new CrashAutofixError('tool-missing', `${name} ${version.text} at '${toolPath}' is too old; crash-autofix needs ${name} ${formatVersion(options.min)} or newer: ${install}`);
  }
  return version;
}
