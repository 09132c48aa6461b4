import { CrashAutofixError, oneLine } from '../errors.js';
import type { ProcessRunner, RunResult } from '../exec/process-runner.js';

export interface ToolVersion {
  major: number;
  minor: number;
  patch: number;
  /** As printed, e.g. `3.25.1`. */
  text: string;
}

/** `cmake version 3.25.1`, `ctest version 3.31.0-rc2`, `cppcheck 2.10`, `LLVM version 15.0.6`: the first dotted number after the tool's name. */
export function parseToolVersion(output: string, tool: string): ToolVersion | null {
  const escaped = tool.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const m = new RegExp(`${escaped}[^\\n\\d]*?(\\d+)\\.(\\d+)(?:\\.(\\d+))?`, 'i').exec(output);
  if (!m) return null;
  return { major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3] ?? 0), text: m[0].slice(m[0].search(/\d/)) };
}

export function versionAtLeast(version: ToolVersion, major: number, minor: number): boolean {
  return version.major > major || (version.major === major && version.minor >= minor);
}

const PROBE_TIMEOUT_MS = 30_000;

/**
 * Runs `<toolPath> --version` and checks the result is at least `min`; throws
 * one `tool-missing` line naming the tool, what was found and `install` (what to do).
 */
export async function probeToolVersion(
  runner: ProcessRunner,
  options: { toolPath: string; name: string; min: [number, number]; install: string },
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
  const [major, minor] = options.min;
  if (!versionAtLeast(version, major, minor)) {
    throw new CrashAutofixError('tool-missing', `${name} ${version.text} at '${toolPath}' is too old; crash-autofix needs ${name} ${major}.${minor} or newer: ${install}`);
  }
  return version;
}
