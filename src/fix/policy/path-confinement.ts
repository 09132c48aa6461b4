import type { Stats } from 'node:fs';
import { lstat, realpath } from 'node:fs/promises';
import path from 'node:path';

export type ConfinementCheck = { ok: true; absolute: string; exists: boolean } | { ok: false; reason: string };

/**
 * Writes never go through a symbolic link, not even one that points inside the
 * repository: a link would let `src/x/...` alias `.github/...` and dodge the
 * path rules. Every existing component must be a real folder, the target a
 * regular file (or absent), and the deepest existing one must resolve inside
 * the real repository root.
 */
export async function checkWriteConfinement(root: string, segments: readonly string[]): Promise<ConfinementCheck> {
  const rootReal = await realpath(root);
  let current = rootReal;
  for (let i = 0; i < segments.length; i++) {
    const name = segments.slice(0, i + 1).join('/');
    current = path.join(current, segments[i] ?? '');
    const stats = await lstatOrNull(current);
    if (!stats) return { ok: true, absolute: path.join(rootReal, ...segments), exists: false };
    if (stats.isSymbolicLink()) return { ok: false, reason: `${name} is a symbolic link; crash-autofix never writes through links` };
    const last = i === segments.length - 1;
    if (!last && !stats.isDirectory()) return { ok: false, reason: `${name} is not a folder` };
    if (last && !stats.isFile()) return { ok: false, reason: `${name} is not a regular file` };
    if (!isInside(rootReal, await realpath(current))) return { ok: false, reason: `${name} resolves outside the repository` };
  }
  return { ok: true, absolute: current, exists: true };
}

/**
 * Reads may follow links that stay inside the repository, as long as the real
 * target is not inside `.git`. Returns the real absolute path.
 */
export async function checkReadConfinement(root: string, segments: readonly string[]): Promise<ConfinementCheck> {
  const rootReal = await realpath(root);
  const name = segments.join('/') || '.';
  let real: string;
  try {
    real = await realpath(path.join(rootReal, ...segments));
  } catch {
    return { ok: false, reason: `${name} does not exist; use list_files to see what is there` };
  }
  if (!isInside(rootReal, real)) return { ok: false, reason: `${name} resolves outside the repository` };
  const relative = path.relative(rootReal, real);
  if (relative.split(path.sep).some((s) => s.toLowerCase() === '.git')) return { ok: false, reason: `${name} resolves into .git, which is never readable` };
  return { ok: true, absolute: real, exists: true };
}

export function isInside(rootReal: string, candidate: string): boolean {
  const relative = path.relative(rootReal, candidate);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

async function lstatOrNull(file: string): Promise<Stats | null> {
  try {
    return await lstat(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
}
