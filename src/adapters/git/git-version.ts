import { readVersion, versionAtLeast, type ToolVersion } from '../exec/tool-version.js';

/** Oldest git whose `worktree`, `-C` and `--format` behaviour the adapter relies on. */
export const MIN_GIT_VERSION = [2, 25] as const;

export type GitVersion = ToolVersion;

/** Reads `git version 2.39.5` (also `2.39.5.windows.1`, `2.39.3 (Apple Git-145)`); `text` keeps the vendor suffix. */
export function parseGitVersion(output: string): GitVersion | null {
  const token = /^git version (\S+)/m.exec(output)?.[1];
  const version = token === undefined ? null : readVersion(token);
  return version && { ...version, text: token ?? version.text };
}

export function isSupportedGit(v: GitVersion): boolean {
  return versionAtLeast(v, MIN_GIT_VERSION);
}
