/** Oldest git whose `worktree`, `-C` and `--format` behaviour the adapter relies on. */
export const MIN_GIT_VERSION = { major: 2, minor: 25 } as const;

export interface GitVersion {
  major: number;
  minor: number;
  patch: number;
  text: string;
}

/** Reads `git version 2.39.5` (also `2.39.5.windows.1`, `2.39.3 (Apple Git-145)`). */
export function parseGitVersion(output: string): GitVersion | null {
  const m = /^git version (\d+)\.(\d+)(?:\.(\d+))?\S*/m.exec(output);
  if (!m) return null;
  return { major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3] ?? 0), text: m[0].slice('git version '.length) };
}

export function isSupportedGit(v: GitVersion): boolean {
  return v.major > MIN_GIT_VERSION.major || (v.major === MIN_GIT_VERSION.major && v.minor >= MIN_GIT_VERSION.minor);
}
