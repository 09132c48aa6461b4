/**
 * Maps source paths recorded on the build machine (`C:\build\TrinityCore\src\x.cpp`,
 * `/home/ci/work/src/x.cpp`, `../src/x.cpp`) to files of the repository, by the
 * longest run of matching trailing path components.
 */

export interface PathMapper {
  /** The repository-relative `/` path of a recorded source path, or null when it is not a repository file. */
  map(recorded: string | null): string | null;
}

interface RepoEntry {
  path: string;
  parts: string[];
  lowerParts: string[];
}

/** Toolchain and OS sources: never the repository's, whatever their file names. */
const SYSTEM_PATHS = [
  /^\/(?:usr\/(?:include|lib\d*|local\/include|local\/lib\d*|share|src\/debug)|lib\d*|opt\/rh|system|library\/developer|applications\/xcode[^/]*)\//,
  /^\/build\/glibc-/,
  /(?:^|\/)(?:program files(?: \(x86\))?|windows kits)\//,
  /(?:^|\/)(?:vctools\/crt|minkernel\/crts)\//,
];

export function isWindowsPath(p: string): boolean {
  return /^[A-Za-z]:[\\/]/.test(p) || p.startsWith('\\\\') || p.includes('\\');
}

/** Components of a path, with `.` dropped and `..` resolved where it can be. */
export function splitPath(p: string): { parts: string[]; absolute: boolean } {
  const absolute = /^(?:[A-Za-z]:)?[\\/]/.test(p);
  const parts: string[] = [];
  for (const part of p.split(/[\\/]+/)) {
    if (part === '' || part === '.' || /^[A-Za-z]:$/.test(part)) continue;
    if (part === '..') {
      const last = parts[parts.length - 1];
      if (last !== undefined && last !== '..') parts.pop();
      else if (!absolute) parts.push('..');
      continue;
    }
    parts.push(part);
  }
  return { parts, absolute };
}

/** Normalises a repository-relative path to `a/b/c.cpp`; '' when it has no file component. */
export function normalizeRepoPath(p: string): string {
  return splitPath(p).parts.filter((x) => x !== '..').join('/');
}

export function createPathMapper(repoFiles: readonly string[]): PathMapper {
  const byBase = new Map<string, RepoEntry[]>();
  const seen = new Set<string>();
  for (const file of repoFiles) {
    const path = normalizeRepoPath(file);
    if (path === '' || seen.has(path)) continue;
    seen.add(path);
    const parts = path.split('/');
    const lowerParts = parts.map((x) => x.toLowerCase());
    const base = lowerParts[lowerParts.length - 1] as string;
    const list = byBase.get(base);
    const entry = { path, parts, lowerParts };
    if (list) list.push(entry);
    else byBase.set(base, [entry]);
  }

  const cache = new Map<string, string | null>();
  return {
    map(recorded) {
      if (recorded === null || recorded.trim() === '') return null;
      const cached = cache.get(recorded);
      if (cached !== undefined) return cached;
      const mapped = mapOne(byBase, recorded.trim());
      cache.set(recorded, mapped);
      return mapped;
    },
  };
}

function mapOne(byBase: ReadonlyMap<string, RepoEntry[]>, recorded: string): string | null {
  const windows = isWindowsPath(recorded);
  const { parts: all, absolute } = splitPath(recorded);
  const lowerJoined = `${absolute ? '/' : ''}${all.join('/')}`.toLowerCase();
  if (SYSTEM_PATHS.some((re) => re.test(lowerJoined))) return null;
  const parts = all.filter((x) => x !== '..');
  const base = parts[parts.length - 1];
  if (base === undefined) return null;
  const candidates = byBase.get(base.toLowerCase());
  if (!candidates) return null;

  const wanted = windows ? parts.map((x) => x.toLowerCase()) : parts;
  let best: RepoEntry | null = null;
  let bestLength = 0;
  let tie = false;
  for (const entry of candidates) {
    const have = windows ? entry.lowerParts : entry.parts;
    const length = commonSuffixLength(wanted, have);
    // A relative path keeps its meaning only as a whole (`../sysdeps/x/raise.c` is not any `raise.c`),
    // unless it names the whole repository file from a directory above the checkout.
    if (length === 0 || (!absolute && length < Math.min(parts.length, have.length))) continue;
    if (length > bestLength) {
      best = entry;
      bestLength = length;
      tie = false;
    } else if (length === bestLength) {
      tie = true;
    }
  }
  return best && !tie ? best.path : null;
}

function commonSuffixLength(a: readonly string[], b: readonly string[]): number {
  let n = 0;
  while (n < a.length && n < b.length && a[a.length - 1 - n] === b[b.length - 1 - n]) n++;
  return n;
}
