import { readFile, realpath, rm } from 'node:fs/promises';
import path from 'node:path';
import type { ProcessRunner } from '../adapters/exec/process-runner.js';
import { toBuildResult, type BuildResult } from './build-result.js';
import type { PathLookup } from './path-lookup.js';
import { probeToolVersion, type ToolVersion } from '../adapters/exec/tool-version.js';

export type CompilerLauncher = 'ccache' | 'sccache';

export interface ConfigureInput {
  sourceDir: string;
  buildDir: string;
  /** `-G`; CMake's default when absent. A build folder made with another generator is reset first. */
  generator?: string;
  buildType: string;
  /** A named launcher, null for none, absent to use ccache or else sccache when found on PATH. */
  launcher?: CompilerLauncher | null;
  /** Extra arguments from the settings, e.g. `-DWITH_TESTS=ON`; passed after ours so they win. */
  extraArgs?: readonly string[];
  timeoutMs: number;
  logFile?: string;
}

export interface ConfigureResult extends BuildResult {
  /** Path of the compiler launcher passed to CMake, or null. */
  launcher: string | null;
}

export interface BuildInput {
  buildDir: string;
  target?: string;
  /** `--config` for multi-config generators (Visual Studio, Ninja Multi-Config). */
  config?: string;
  parallel?: number;
  timeoutMs: number;
  logFile?: string;
}

export interface CmakeClient {
  /** The build folder has a CMakeCache.txt made from `sourceDir` (so `build` can skip `configure`). */
  isConfigured(input: { sourceDir: string; buildDir: string; generator?: string }): Promise<boolean>;
  configure(input: ConfigureInput): Promise<ConfigureResult>;
  build(input: BuildInput): Promise<BuildResult>;
}

export interface ExecCmakeClientOptions {
  /** cmake to run; `cmake` on PATH when absent. */
  cmakePath?: string;
  runner: ProcessRunner;
  /** Finds ccache/sccache; built from the PATH the settings captured, see `pathLookup`. */
  which?: PathLookup;
}

/** `-S`/`-B` need 3.13; `--parallel` 3.12; 3.16 is what the supported distributions ship. */
export const MIN_CMAKE: [number, number] = [3, 16];
const INSTALL = "install CMake 3.16 or newer (https://cmake.org/download/ or apt-get install cmake) or set 'cmake-path'";

export class ExecCmakeClient implements CmakeClient {
  private constructor(
    private readonly cmakePath: string,
    private readonly runner: ProcessRunner,
    private readonly which: PathLookup,
    readonly version: ToolVersion,
  ) {}

  static async create(options: ExecCmakeClientOptions): Promise<ExecCmakeClient> {
    const cmakePath = options.cmakePath ?? 'cmake';
    const version = await probeToolVersion(options.runner, { toolPath: cmakePath, name: 'cmake', min: MIN_CMAKE, install: INSTALL });
    return new ExecCmakeClient(cmakePath, options.runner, options.which ?? (() => Promise.resolve(null)), version);
  }

  async isConfigured(input: { sourceDir: string; buildDir: string; generator?: string }): Promise<boolean> {
    const cache = await readCache(input.buildDir);
    if (!cache) return false;
    const home = cache.get('CMAKE_HOME_DIRECTORY');
    if (!home || !(await samePath(home, input.sourceDir))) return false;
    return input.generator === undefined || cache.get('CMAKE_GENERATOR') === input.generator;
  }

  async configure(input: ConfigureInput): Promise<ConfigureResult> {
    const cache = await readCache(input.buildDir);
    if (cache && !(await this.isConfigured(input))) {
      // The folder was configured for another source tree or generator; CMake refuses to reuse it.
      await rm(path.join(input.buildDir, 'CMakeCache.txt'), { force: true });
      await rm(path.join(input.buildDir, 'CMakeFiles'), { recursive: true, force: true });
    }
    const launcher = await this.findLauncher(input.launcher);
    const args = ['-S', input.sourceDir, '-B', input.buildDir, `-DCMAKE_BUILD_TYPE=${input.buildType}`, '-DCMAKE_EXPORT_COMPILE_COMMANDS=ON'];
    if (input.generator !== undefined) args.push('-G', input.generator);
    if (launcher) args.push(`-DCMAKE_CXX_COMPILER_LAUNCHER=${launcher}`, `-DCMAKE_C_COMPILER_LAUNCHER=${launcher}`);
    // A reused folder may remember a launcher that is gone since.
    else args.push('-UCMAKE_CXX_COMPILER_LAUNCHER', '-UCMAKE_C_COMPILER_LAUNCHER');
    args.push(...(input.extraArgs ?? []));
    const run = await this.runner.run(this.cmakePath, args, { timeoutMs: input.timeoutMs });
    return { ...(await toBuildResult(run, input.logFile)), launcher };
  }

  async build(input: BuildInput): Promise<BuildResult> {
    const args = ['--build', input.buildDir];
    if (input.target !== undefined) args.push('--target', input.target);
    if (input.config !== undefined) args.push('--config', input.config);
    if (input.parallel !== undefined) args.push('--parallel', String(input.parallel));
    const run = await this.runner.run(this.cmakePath, args, { timeoutMs: input.timeoutMs });
    return toBuildResult(run, input.logFile);
  }

  private async findLauncher(wanted: CompilerLauncher | null | undefined): Promise<string | null> {
    if (wanted === null) return null;
    for (const name of wanted === undefined ? (['ccache', 'sccache'] as const) : [wanted]) {
      const found = await this.which(name);
      if (found) return found;
    }
    return null;
  }
}

/** `NAME:TYPE=value` entries of CMakeCache.txt, or null when there is none. */
async function readCache(buildDir: string): Promise<Map<string, string> | null> {
  let text: string;
  try {
    text = await readFile(path.join(buildDir, 'CMakeCache.txt'), 'utf8');
  } catch {
    return null;
  }
  const entries = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    const m = /^([A-Za-z_][\w.+-]*):[A-Z]+=(.*)$/.exec(line);
    if (m?.[1]) entries.set(m[1], m[2] ?? '');
  }
  return entries;
}

async function samePath(a: string, b: string): Promise<boolean> {
  const resolve = async (p: string): Promise<string> => realpath(p).catch(() => path.resolve(p));
  const [ra, rb] = await Promise.all([resolve(a), resolve(b)]);
  return process.platform === 'win32' ? ra.toLowerCase() === rb.toLowerCase() : ra === rb;
}
