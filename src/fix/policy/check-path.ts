import picomatch from 'picomatch';
import type { FixPolicy } from './fix-policy.js';
import { BINARY_EXTENSIONS, BUILD_FILE_PATHS, BUILT_IN_PROTECTED_PATHS } from './fix-policy.js';
import { checkWriteConfinement } from './path-confinement.js';
import { checkPathSyntax, comparisonForm } from './path-syntax.js';

export type PathDecision = { ok: true; path: string; core: boolean; build: boolean; absolute: string; exists: boolean } | { ok: false; reason: string };
export type RuleDecision = { ok: true; path: string; core: boolean; build: boolean } | { ok: false; reason: string };

/**
 * The rules that need no file system: syntax, protected paths (compared
 * case-insensitively after NFKC, so `.GitHub/x` is `.github/x`), binary
 * extensions, allowed paths (case-sensitive: an allowance is never widened),
 * core paths.
 */
export function checkPathRules(rawPath: string, policy: FixPolicy): RuleDecision {
  const syntax = checkPathSyntax(rawPath);
  if (!syntax.ok) return syntax;
  const p = syntax.path;
  const folded = comparisonForm(p);
  const protectedGlob = [...BUILT_IN_PROTECTED_PATHS, ...policy.protectedPaths].find((g) => picomatch(g, { dot: true, nocase: true })(folded));
  if (protectedGlob !== undefined) return { ok: false, reason: `${p} is protected (${protectedGlob}); crash-autofix never changes it — fix the code instead` };
  const ext = /\.([^./]+)$/.exec(folded)?.[1];
  if (ext !== undefined && BINARY_EXTENSIONS.has(ext)) return { ok: false, reason: `${p} is a binary file type (.${ext}); only text source files can be edited` };
  if (!policy.allowedPaths.some((g) => picomatch(g, { dot: true })(p))) {
    return { ok: false, reason: `${p} is outside the allowed paths (${policy.allowedPaths.join(', ')}); change files there instead` };
  }
  const buildGlob = [...BUILD_FILE_PATHS, ...policy.buildScripts].find((g) => picomatch(g, { dot: true, nocase: true })(folded));
  if (buildGlob !== undefined && !policy.allowBuildFileChanges) {
    return { ok: false, reason: `${p} is a build file (${buildGlob}) that runs on the build machine, and build file changes are not allowed; fix the code instead, or explain the needed build change in the risk field` };
  }
  const core = policy.corePaths.some((g) => picomatch(g, { dot: true, nocase: true })(folded));
  if (core && !policy.allowCoreChanges) {
    return { ok: false, reason: `${p} is a core path and core changes are not allowed; fix the crash outside core code` };
  }
  return { ok: true, path: p, core, build: buildGlob !== undefined };
}

/** All rules, then the file-system ones (no symbolic links on the way, stays inside `repoRoot`). */
export async function checkPath(rawPath: string, policy: FixPolicy, repoRoot: string): Promise<PathDecision> {
  const rules = checkPathRules(rawPath, policy);
  if (!rules.ok) return rules;
  const place = await checkWriteConfinement(repoRoot, rules.path.split('/'));
  if (!place.ok) return place;
  return { ...rules, absolute: place.absolute, exists: place.exists };
}
