import { stat } from 'node:fs/promises';
import path from 'node:path';
import { CrashAutofixError } from '../base/errors.js';
import { errnoWords } from '../base/fs/fs-error.js';
import { describeModuleBuild, readDumpBuild, type DumpBuild, type ModuleBuild } from './build-identity.js';
import { findFilesNamed, type WalkLimits } from './build-folder-walk.js';
import { buildTargets, type BuildTarget } from './build-targets.js';
import { probeStore } from './symbol-store-paths.js';

export const DEFAULT_WALK_LIMITS: WalkLimits = { maxDepth: 8, maxEntries: 200_000 };

export interface FoundBuild {
  /** The module's executable (`.exe`, `.dll`, ELF program or library); null when only its symbols were found. */
  executable: string | null;
  /** Its PDB, or its separate ELF `.debug` file; null when none was found (an ELF built with -g needs none). */
  symbols: string | null;
  /** Each location and how it was searched, one line each, for the log. */
  searched: string[];
  /** Needed files that were not found although others were, one line each, for a warning. */
  missing: string[];
}

/** What one search has found, turned down and noted so far. */
class Search {
  readonly found = new Map<BuildTarget, string>();
  /** Files with the right name or place that are another build, or unreadable. */
  readonly rejected: string[] = [];
  private readonly seen = new Set<string>();
  readonly notes: string[] = [];
  readonly searched = new Map<string, string[]>();

  constructor(readonly targets: BuildTarget[]) {}

  async consider(target: BuildTarget, file: string): Promise<void> {
    if (this.found.has(target)) return;
    const why = await target.check(file);
    if (why === null) this.found.set(target, file);
    else if (!this.seen.has(file)) this.rejected.push(`${file}: ${why}`);
    this.seen.add(file);
  }

  missing(): BuildTarget[] {
    return this.targets.filter((t) => !this.found.has(t));
  }

  file(role: BuildTarget['role']): string | null {
    const target = this.targets.find((t) => t.role === role);
    return target ? (this.found.get(target) ?? null) : null;
  }
}

export interface FindBuildOptions {
  limits?: WalkLimits;
  /** Names the dump in the message when nothing is found (default: "the dump"). */
  dump?: string;
}

/** The build a dump names and its program's files: what a job needs in place of one `executable` for every dump. */
export interface DumpBuildFiles extends FoundBuild {
  build: DumpBuild;
}

/**
 * Reads which build `dump` came from and finds its program's executable and
 * symbols in `locations` (the `symbols` setting). Throws one `bad-input` line
 * when the dump does not name its program or nothing of its build is found.
 */
export async function findDumpBuild(dump: string, locations: readonly string[], limits: WalkLimits = DEFAULT_WALK_LIMITS): Promise<DumpBuildFiles> {
  const build = await readDumpBuild(dump);
  if (!build.program) {
    throw new CrashAutofixError('bad-input', `Dump ${dump} does not say which of its modules is the program, so its build cannot be looked up; pass 'executable' and 'symbols' for it directly`);
  }
  return { build, ...(await findBuild(build.program, locations, { limits, dump })) };
}

/**
 * Finds a module's executable and symbols in the `symbols` locations: by id
 * first (symbol-store paths and `.build-id` trees, location by location),
 * then, for what is still missing, by name in each location as a folder of
 * builds, where every file of the right name is read to check its id. A
 * location that is a file is checked itself. Throws one `bad-input` line
 * naming the build wanted and every place searched when nothing of it is found.
 */
export async function findBuild(module: ModuleBuild, locations: readonly string[], options: FindBuildOptions = {}): Promise<FoundBuild> {
  const limits = options.limits ?? DEFAULT_WALK_LIMITS;
  const search = new Search(buildTargets(module));
  const folders: string[] = [];
  for (const location of locations) {
    const kind = await locationKind(location);
    if (kind === 'folder') {
      folders.push(location);
      await searchById(search, location);
    } else if (kind === 'file') {
      search.searched.set(location, ['a file, checked itself']);
      const named = search.targets.filter((t) => t.name.toLowerCase() === path.basename(location).toLowerCase());
      for (const target of named.length > 0 ? named : search.targets) await search.consider(target, location);
    } else {
      search.searched.set(location, [kind]);
    }
  }
  for (const location of folders) {
    if (!search.missing().some((t) => t.required)) break;
    await searchByName(search, location, limits);
  }
  const searched = [...search.searched].map(([location, ways]) => `${location} (${ways.join(', ')})`);
  if (search.found.size === 0) throw notFound(module, search, searched, options.dump ?? 'the dump');
  return {
    executable: search.file('executable'),
    symbols: search.file('symbols'),
    searched,
    missing: search
      .missing()
      .filter((t) => t.required)
      .map((t) => `${t.name} ${t.storeKey ?? t.buildId ?? ''} was not found in ${locations.join(', ')}`),
  };
}

async function searchById(search: Search, location: string): Promise<void> {
  const ways = new Set<string>();
  for (const target of search.targets) {
    for (const probe of await probeStore(location, target)) {
      ways.add(target.storeKey !== null ? 'symbol-store paths' : '.build-id tree');
      if (probe.note !== null) search.notes.push(probe.note);
      if (probe.file !== null) await search.consider(target, probe.file);
    }
  }
  search.searched.set(location, [...ways]);
}

async function searchByName(search: Search, location: string, limits: WalkLimits): Promise<void> {
  const wanted = search.missing();
  const walk = await findFilesNamed(location, new Set(wanted.map((t) => t.name.toLowerCase())), limits);
  const ways = search.searched.get(location) ?? [];
  ways.push(`${count(walk.entries, 'entry', 'entries')} in ${count(walk.folders, 'folder', 'folders')} up to ${limits.maxDepth} deep, by name${walk.cut ? `, ${walk.cut}` : ''}`);
  search.searched.set(location, ways);
  for (const file of walk.matches) {
    const name = path.basename(file).toLowerCase();
    for (const target of wanted) if (target.name.toLowerCase() === name) await search.consider(target, file);
  }
}

function count(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

async function locationKind(location: string): Promise<string> {
  try {
    const s = await stat(location);
    return s.isDirectory() ? 'folder' : s.isFile() ? 'file' : 'neither a file nor a folder';
  } catch (e) {
    return `not readable: ${errnoWords(e)}`;
  }
}

const MAX_LISTED = 5;

function notFound(module: ModuleBuild, search: Search, searched: string[], dump: string): CrashAutofixError {
  const wanted = search.targets
    .filter((t) => t.required)
    .map((t) => t.name)
    .join(' or ');
  const others = search.rejected.slice(0, MAX_LISTED);
  if (search.rejected.length > MAX_LISTED) others.push(`${search.rejected.length - MAX_LISTED} more`);
  return new CrashAutofixError(
    'bad-input',
    [
      `No ${wanted} of the build ${dump} names was found: wanted ${describeModuleBuild(module)}`,
      searched.length > 0 ? `looked in ${searched.join(', ')}` : "no 'symbols' location was given",
      ...(others.length > 0 ? [`of that name but not this build: ${others.join(', ')}`] : []),
      ...search.notes.slice(0, MAX_LISTED),
      "add the folder that holds this build's files to 'symbols'",
    ].join('; '),
  );
}
