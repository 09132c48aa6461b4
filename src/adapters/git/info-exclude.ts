import { appendFile, lstat, mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * Keeps a folder crash-autofix writes (the state folder) out of `git status`
 * in the checkout that holds it: its path goes into the repository's
 * `info/exclude`, which is local and never committed. Nothing happens when
 * `dir` is outside the checkout of `sourceRoot`, or already listed. Returns
 * the exclude file written, or null. Reads files only, so it costs no process.
 */
export async function excludeFromCheckout(sourceRoot: string, dir: string): Promise<string | null> {
  const top = await checkoutTop(path.resolve(sourceRoot));
  if (top === null) return null;
  const rel = path.relative(top, path.resolve(dir));
  if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) return null;
  const parts = rel.split(path.sep);
  if (parts[0]?.toLowerCase() === '.git') return null;
  const common = await commonGitDir(top);
  if (common === null) return null;
  const exclude = path.join(common, 'info', 'exclude');
  const pattern = `/${parts.map(escapeGlob).join('/')}/`;
  const current = (await readFile(exclude, 'utf8').catch(() => '')).split(/\r?\n/);
  if (current.some((line) => line.trim() === pattern)) return null;
  await mkdir(path.dirname(exclude), { recursive: true });
  const gap = current.length > 0 && current.at(-1) !== '' ? '\n' : '';
  await appendFile(exclude, `${gap}# crash-autofix state folder\n${pattern}\n`);
  return exclude;
}

/** The nearest folder at or above `dir` that has a `.git` entry (a folder, or a linked work tree's file). */
async function checkoutTop(dir: string): Promise<string | null> {
  for (let current = dir; ; current = path.dirname(current)) {
    if (await lstat(path.join(current, '.git')).then(() => true, () => false)) return current;
    if (path.dirname(current) === current) return null;
  }
}

/** `.git` itself, or for a linked work tree or submodule the folder its `gitdir:` names, up to the shared (`commondir`) one. */
async function commonGitDir(top: string): Promise<string | null> {
  const marker = path.join(top, '.git');
  let gitDir = marker;
  if ((await lstat(marker)).isFile()) {
    const named = /^gitdir: (.+)$/m.exec(await readFile(marker, 'utf8'))?.[1]?.trim();
    if (!named) return null;
    gitDir = path.resolve(top, named);
  }
  const common = (await readFile(path.join(gitDir, 'commondir'), 'utf8').catch(() => null))?.trim();
  return common ? path.resolve(gitDir, common) : gitDir;
}

/** Glob characters and a leading `#` or `!` taken literally. */
function escapeGlob(segment: string): string {
  return segment.replace(/[\\*?[\]]/g, '\\$&').replace(/^[#!]/, '\\$&');
}
