import path from 'node:path';
import type { PathLookup } from './path-lookup.js';
import { CrashAutofixError } from '../base/errors.js';
import { fileExists } from '../base/fs/file-exists.js';
import type { GitClient } from '../adapters/git/git-client.js';

export interface PreflightDeps {
  which: PathLookup;
  /** Create (and version-check) the cmake and ctest adapters. */
  cmake: () => Promise<unknown>;
  ctest: () => Promise<unknown>;
  git: () => Promise<Pick<GitClient, 'repoDir' | 'trackedChanges'>>;
}

/** What the settings say about the tools: a command each, or cmake and ctest. */
export interface PreflightOptions {
  buildCommand: readonly string[] | null;
  testCommand: readonly string[] | null;
  configureArgs: readonly string[];
  platform: NodeJS.Platform;
  /** CXX in the tools' environment, when set. */
  cxx: string | null;
  /** The reusable build folder: once configured, its CMakeCache.txt names the compiler. */
  buildDir: string;
}

/** Where cmake looks when CXX is not set (the first few of its list). */
const COMPILERS = ['c++', 'g++', 'clang++'];

/**
 * What a fix needs besides the model, checked before the model is paid: a
 * checkout whose tracked files match its last commit (the model reads the
 * files, the fix is applied to the commit), the build tool, a C++ compiler
 * for cmake, and the test tool. Each failure is one line naming the missing
 * piece and the setting that points at it.
 */
export async function preflight(options: PreflightOptions, deps: PreflightDeps): Promise<void> {
  const git = await deps.git();
  const changed = await git.trackedChanges();
  if (changed.length > 0) {
    const listed = changed.slice(0, 3).join(', ') + (changed.length > 3 ? ` and ${changed.length - 3} more` : '');
    throw new CrashAutofixError('bad-input', `${git.repoDir} has uncommitted changes to tracked files (${listed}); the fix is made against the last commit, so commit or stash them first`);
  }
  if (options.buildCommand !== null) await requireProgram(options.buildCommand, 'build-command', git.repoDir, deps.which);
  else {
    await deps.cmake();
    await requireCompiler(options, deps);
  }
  if (options.testCommand !== null) await requireProgram(options.testCommand, 'test-command', git.repoDir, deps.which);
  else await deps.ctest();
}

/** A command's program: a path is taken in the work tree (where the command runs), a bare name on PATH. */
async function requireProgram(argv: readonly string[], setting: string, repoDir: string, which: PathLookup): Promise<void> {
  const program = argv[0] ?? '';
  const isPath = program.includes('/') || program.includes('\\');
  if ((await which(isPath ? path.resolve(repoDir, program) : program)) !== null) return;
  const where = isPath ? `in the repository (${path.resolve(repoDir, program)})` : 'on PATH';
  throw new CrashAutofixError('tool-missing', `The program of '${setting}', ${program}, was not found ${where} or is not executable; install it or fix '${setting}'`);
}

/**
 * cmake finds the compiler only when it configures, minutes into a job. A
 * compiler named in `configure-args` or by a configured build folder is
 * cmake's business; otherwise CXX, or one of the usual names on PATH. On
 * Windows the Visual Studio generators find MSVC without PATH, so only CXX is checked there.
 */
async function requireCompiler(options: PreflightOptions, deps: PreflightDeps): Promise<void> {
  if (options.configureArgs.some((a) => /^(?:-DCMAKE_CXX_COMPILER[:=]|-DCMAKE_TOOLCHAIN_FILE[:=]|--toolchain)/.test(a))) return;
  if (await fileExists(path.join(options.buildDir, 'CMakeCache.txt'))) return;
  const cxx = options.cxx?.trim().split(/\s+/)[0];
  if (cxx) {
    if ((await deps.which(cxx)) === null) throw new CrashAutofixError('tool-missing', `CXX names the C++ compiler ${cxx}, which was not found; install it or fix CXX`);
    return;
  }
  if (options.platform === 'win32') return;
  for (const name of COMPILERS) if ((await deps.which(name)) !== null) return;
  throw new CrashAutofixError(
    'tool-missing',
    `No C++ compiler for cmake: CXX is not set and none of ${COMPILERS.join(', ')} is on PATH; install one (apt-get install g++), set CXX, or pass -DCMAKE_CXX_COMPILER=<path> in 'configure-args'`,
  );
}
