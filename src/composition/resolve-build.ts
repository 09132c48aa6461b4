import path from 'node:path';
import { CrashAutofixError } from '../base/errors.js';
import { describeModuleBuild, readDumpBuild, type DumpBuild, type ModuleBuild } from '../intake/build-identity.js';
import { findBuild, type FoundBuild } from '../intake/find-build.js';
import { matchExecutable } from '../intake/match-executable.js';
import type { Logger } from '../pipeline/logger.js';
import { withDumpBuild, type Settings } from '../settings/build-settings.js';

/** Settings this step produced: the pipeline is handed them again by `watch`, which resolved them first. */
const resolved = new WeakSet<Settings>();

/**
 * Before the job: with `symbols` set, the dump's own build is looked up there,
 * so every dump gets its executable and symbols instead of one `executable`
 * for all. A given executable of the dump's build is kept; one of another
 * build (both ids readable, and different: gdb would give wrong lines) is
 * replaced by the right one from `symbols`, or refused when there is none.
 * Without an executable, a core whose build is not found is refused (gdb needs
 * it); a minidump goes on with a warning (cdb's symbol server, the native walk).
 */
export async function resolveDumpBuild(settings: Settings, log: Logger): Promise<Settings> {
  if (settings.dump === null || settings.symbols.length === 0 || resolved.has(settings)) return settings;
  let build: DumpBuild;
  try {
    build = await readDumpBuild(settings.dump);
  } catch {
    return settings; // not a dump we can read: the job's identify stage says what it is
  }
  const next = settings.executable === null ? await withoutExecutable(settings, build, log) : await withExecutable(settings, settings.executable, build, log);
  resolved.add(next);
  return next;
}

async function withExecutable(settings: Settings, executable: string, build: DumpBuild, log: Logger): Promise<Settings> {
  const program = build.program;
  if (program === null) return settings;
  const match = await matchExecutable(program, executable);
  if (match.kind !== 'other') return settings;
  const mismatch = `Executable ${executable} is another build (${match.id}) than the one ${build.dump} was written by, ${describeModuleBuild(program)}`;
  let found: FoundBuild;
  try {
    found = await findBuild(program, settings.symbols, { dump: build.dump });
  } catch (error) {
    if (!(error instanceof CrashAutofixError)) throw error;
    throw new CrashAutofixError('bad-input', `${mismatch}, and 'symbols' does not hold that build either: ${error.message}`, { cause: error });
  }
  if (found.executable === null) {
    throw new CrashAutofixError('bad-input', `${mismatch}, and 'symbols' holds only part of that build (${found.missing.join('; ')}); pass the program from the build that crashed`);
  }
  log.warning(`${mismatch}; using ${found.executable} from 'symbols' instead`);
  for (const line of found.missing) log.warning(line);
  return withDumpBuild(settings, { executable: found.executable, symbolsFolder: folderOf(found.symbols) });
}

async function withoutExecutable(settings: Settings, build: DumpBuild, log: Logger): Promise<Settings> {
  const core = build.kind === 'elf-core';
  // gdb cannot read a core without its program; cdb and the native walk go on without the module files.
  const miss = (message: string): Settings => {
    if (core) throw new CrashAutofixError('bad-input', message);
    log.warning(`${message} (going on without it: the symbol server and the stack walk still name what they can)`);
    return settings;
  };
  const program: ModuleBuild | null = build.program;
  if (program === null) {
    return miss(`${build.dump} does not say which of its modules is the program, so its build cannot be looked up in 'symbols'; pass 'executable' for it`);
  }
  let found: FoundBuild;
  try {
    found = await findBuild(program, settings.symbols, { dump: build.dump });
  } catch (error) {
    if (!(error instanceof CrashAutofixError)) throw error;
    return miss(error.message);
  }
  if (found.executable === null && core) return miss(found.missing.join('; '));
  const files = [found.executable, found.symbols].filter((f): f is string => f !== null);
  log.info(`${path.basename(build.dump)} was written by ${describeModuleBuild(program)}: found ${files.join(' and ')} in 'symbols'`);
  for (const line of found.missing) log.warning(line);
  return withDumpBuild(settings, { executable: found.executable, symbolsFolder: folderOf(found.symbols) });
}

function folderOf(file: string | null): string | null {
  return file === null ? null : path.dirname(file);
}
