import { CrashAutofixError, oneLine } from '../../base/errors.js';
import type { ProcessRunner, RunResult } from '../exec/process-runner.js';
import { toolIdentity, type ProbeCache } from '../exec/probe-cache.js';
import { formatVersion, versionAtLeast } from '../exec/tool-version.js';
import type { RawCrash } from '../../domain/raw-crash.js';
import { diagnoseGdbOutput, lastGdbError } from './gdb-diagnostics.js';
import { checkGdbInputs } from './gdb-inputs.js';
import { extractScriptResult, parseCoreBanner, toRawCrash } from './gdb-output.js';
import { gdbPythonCommand, type ScriptLimits } from './gdb-script.js';
import { MIN_GDB_VERSION, parseGdbVersion, type GdbVersion } from './gdb-version.js';

export interface GdbAnalyzeInput {
  corePath: string;
  executablePath: string;
  /** Folders with the crashed machine's shared libraries (`set solib-search-path`). */
  solibSearchPath?: readonly string[];
  /** Folders searched for sources whose debug info names them relative to the compile dir. */
  sourceDirs?: readonly string[];
  timeoutMs: number;
}

export interface GdbClient {
  analyze(input: GdbAnalyzeInput): Promise<RawCrash>;
}

export interface ExecGdbClientOptions {
  /** gdb to run; `gdb` on PATH when absent. */
  gdbPath?: string;
  runner: ProcessRunner;
  limits?: Partial<ScriptLimits>;
  /** Skips the version probe for a gdb binary that already passed it. */
  probeCache?: { cache: ProbeCache; pathEnv: string | undefined; platform: NodeJS.Platform };
}

/** Enough for any real stack; a stack overflow's recursion is cut, not walked (tens of thousands of frames). */
export const DEFAULT_LIMITS: ScriptLimits = { maxFrames: 256, maxThreads: 128 };
const PROBE_TIMEOUT_MS = 30_000;
const PYTHON_OK = 'crash-autofix-python-ok';
/** English messages, whatever the machine's locale, so diagnostics can match them. */
const GDB_ENV = { LC_ALL: 'C', LANG: 'C' };

/** Runs gdb in batch mode with an embedded Python script that reports the crash as JSON. */
export class ExecGdbClient implements GdbClient {
  private constructor(
    private readonly gdbPath: string,
    private readonly runner: ProcessRunner,
    readonly version: GdbVersion,
    private readonly limits: ScriptLimits,
  ) {}

  static async create(options: ExecGdbClientOptions): Promise<ExecGdbClient> {
    const gdbPath = options.gdbPath ?? 'gdb';
    const install = "install gdb 8 or newer with Python (apt-get install gdb) or set 'gdb-path'";
    const run = async (args: string[]): Promise<RunResult> => {
      try {
        return await options.runner.run(gdbPath, args, { timeoutMs: PROBE_TIMEOUT_MS, env: GDB_ENV });
      } catch (e) {
        if (e instanceof CrashAutofixError && e.kind === 'tool-missing') {
          throw new CrashAutofixError('tool-missing', `gdb was not found at '${gdbPath}'; ${install}`, { cause: e });
        }
        throw e;
      }
    };

    const cacheKey = options.probeCache ? await toolIdentity(gdbPath, options.probeCache.pathEnv, options.probeCache.platform) : null;
    const cached = cacheKey && options.probeCache ? parseGdbVersion((await options.probeCache.cache.get(`gdb|${cacheKey}`)) ?? '') : null;
    const limits: ScriptLimits = {
      maxFrames: options.limits?.maxFrames ?? DEFAULT_LIMITS.maxFrames,
      maxThreads: options.limits?.maxThreads ?? DEFAULT_LIMITS.maxThreads,
    };
    if (cached && versionAtLeast(cached, MIN_GDB_VERSION)) return new ExecGdbClient(gdbPath, options.runner, cached, limits);

    const versionRun = await run(['--version']);
    const version = versionRun.exitCode === 0 ? parseGdbVersion(versionRun.stdout) : null;
    if (!version) {
      const said = oneLine(versionRun.stdout || versionRun.stderr).slice(0, 120) || `exit code ${String(versionRun.exitCode)}`;
      throw new CrashAutofixError('tool-missing', `'${gdbPath} --version' did not report a GNU gdb version (${said}); ${install}`);
    }
    if (!versionAtLeast(version, MIN_GDB_VERSION)) {
      throw new CrashAutofixError('tool-missing', `gdb ${version.text} at '${gdbPath}' is too old; crash-autofix needs gdb ${formatVersion(MIN_GDB_VERSION)} or newer: ${install}`);
    }
    const probe = await run(['-nx', '-batch', '-q', '-ex', `python print("${PYTHON_OK}")`]);
    if (!probe.stdout.includes(PYTHON_OK)) {
      throw new CrashAutofixError('tool-missing', `gdb ${version.text} at '${gdbPath}' has no Python support; install a gdb built with Python (Debian/Ubuntu 'gdb', not 'gdb-minimal') or set 'gdb-path'`);
    }
    if (cacheKey && options.probeCache) await options.probeCache.cache.set(`gdb|${cacheKey}`, versionRun.stdout.split('\n')[0] ?? '');
    return new ExecGdbClient(gdbPath, options.runner, version, limits);
  }

  async analyze(input: GdbAnalyzeInput): Promise<RawCrash> {
    const { buildIdsMatch } = await checkGdbInputs(input.corePath, input.executablePath);
    const result = await this.runner.run(this.gdbPath, this.arguments(input), { timeoutMs: input.timeoutMs, env: GDB_ENV });
    if (result.timedOut) {
      throw new CrashAutofixError(
        'timeout',
        `gdb did not finish reading ${input.corePath} within ${formatSeconds(input.timeoutMs)}; raise 'debugger-timeout' (large programs and their symbols take longer)`,
      );
    }
    diagnoseGdbOutput(`${result.stdout}\n${result.stderr}`, { corePath: input.corePath, executablePath: input.executablePath, buildIdsMatch });
    const script = extractScriptResult(result.stdout);
    if (!script) {
      const how = result.signal ? `was killed by ${result.signal}` : `exited with code ${String(result.exitCode)}`;
      throw new CrashAutofixError('tool-failed', `gdb ${how} without analysing ${input.corePath}: ${lastGdbError(result.stderr)}`);
    }
    return toRawCrash(script, parseCoreBanner(result.stdout), this.version.text);
  }

  private arguments(input: GdbAnalyzeInput): string[] {
    // ISO-8859-1 decodes any byte: the script turns names and paths back into UTF-8 text itself.
    const init = ['set pagination off', 'set width 0', 'set height 0', 'set confirm off', 'set auto-load python-scripts off', 'set host-charset ISO-8859-1'];
    // Older gdb has no debuginfod and would print an error for the setting.
    if (versionAtLeast(this.version, [10])) init.push('set debuginfod enabled off');
    if (input.solibSearchPath?.length) init.push(`set solib-search-path ${input.solibSearchPath.join(':')}`);
    for (const dir of input.sourceDirs ?? []) init.push(`directory ${quoteGdbArg(dir)}`);
    return [
      '-nx',
      '-batch',
      '-q',
      ...init.flatMap((cmd) => ['-iex', cmd]),
      '-ex',
      gdbPythonCommand(this.limits),
      `--se=${input.executablePath}`,
      `--core=${input.corePath}`,
    ];
  }
}

/** gdb splits `directory` arguments on spaces unless quoted. */
function quoteGdbArg(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

function formatSeconds(ms: number): string {
  const s = ms / 1000;
  return s >= 1 ? `${Number.isInteger(s) ? s : s.toFixed(1)} s` : `${ms} ms`;
}
