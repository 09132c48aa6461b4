import { open, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import picomatch from 'picomatch';
import { ToolInputError } from '../../base/errors.js';
import { walkRepository, type GitFileLister } from '../../base/fs/repository-walk.js';
import type { FileExcerpt, RepoReader } from '../../domain/model-tools.js';
import { decodeTextFile } from '../policy/content-check.js';
import { BINARY_EXTENSIONS } from '../policy/fix-policy.js';
import { checkReadConfinement } from '../policy/path-confinement.js';
import { checkPathSyntax } from '../policy/path-syntax.js';
import { DEFAULT_READER_LIMITS, type ReaderLimits } from './reader-limits.js';
import { runSearch, type SearchFile } from './regex-worker.js';


const MAX_PATTERN = 500;
const MAX_GLOB = 300;

/**
 * The model's read-only view of the repository: the same path rules as
 * writes (no absolute paths, `..`, `.git`, aliasing tricks), links followed
 * only while they stay inside the repository, every answer bounded.
 * `listGitFiles` lets search_code see what git knows, like path mapping.
 */
export function createRepoReader(repoRoot: string, limits: Partial<ReaderLimits> = {}, listGitFiles?: GitFileLister): RepoReader {
  const l: ReaderLimits = { ...DEFAULT_READER_LIMITS, ...limits };

  async function resolve(raw: string, allowRoot: boolean): Promise<{ rel: string; absolute: string }> {
    if (allowRoot && (raw === '' || raw === '.' || raw === './')) {
      const place = await checkReadConfinement(repoRoot, []);
      if (!place.ok) throw new ToolInputError(place.reason);
      return { rel: '', absolute: place.absolute };
    }
    const syntax = checkPathSyntax(raw.endsWith('/') && allowRoot ? raw.slice(0, -1) : raw);
    if (!syntax.ok) throw new ToolInputError(syntax.reason);
    const place = await checkReadConfinement(repoRoot, syntax.segments);
    if (!place.ok) throw new ToolInputError(place.reason);
    return { rel: syntax.path, absolute: place.absolute };
  }

  return {
    async readFile(rawPath, range = {}): Promise<FileExcerpt> {
      const { rel, absolute } = await resolve(rawPath, false);
      const info = await stat(absolute);
      if (info.isDirectory()) throw new ToolInputError(`${rel} is a folder; use list_files to see its entries`);
      if (!info.isFile()) throw new ToolInputError(`${rel} is not a regular file`);
      if (info.size > l.maxReadFileBytes) throw new ToolInputError(`${rel} is ${info.size} bytes, too large to read (limit ${l.maxReadFileBytes}); it is not source code`);
      const text = decodeTextFile(await readBytes(absolute, info.size));
      if (text === null) throw new ToolInputError(`${rel} is a binary file (not UTF-8 text); it cannot be read as source`);
      const all = text.split(/\r?\n/);
      if (all.length > 1 && all[all.length - 1] === '') all.pop();
      const totalLines = text === '' ? 0 : all.length;
      const startLine = lineNumber(range.startLine, 'startLine') ?? 1;
      const endRequested = lineNumber(range.endLine, 'endLine');
      if (endRequested !== undefined && endRequested < startLine) throw new ToolInputError(`endLine ${endRequested} is before startLine ${startLine}`);
      if (startLine > Math.max(totalLines, 1)) throw new ToolInputError(`${rel} has ${totalLines} lines; startLine ${startLine} is past its end`);
      const wantedEnd = Math.min(endRequested ?? totalLines, totalLines);
      const lines: string[] = [];
      let bytes = 0;
      let truncated = false;
      for (let n = startLine; n <= wantedEnd; n++) {
        let line = all[n - 1] ?? '';
        if (line.length > l.maxLineChars) {
          line = `${line.slice(0, l.maxLineChars)}…`;
          truncated = true;
        }
        const size = Buffer.byteLength(line, 'utf8') + 1;
        if (lines.length >= l.maxLines || bytes + size > l.maxBytes) {
          truncated = true;
          break;
        }
        lines.push(line);
        bytes += size;
      }
      return { path: rel, totalLines, startLine, lines, truncated };
    },

    async listFiles(rawPath) {
      const { rel, absolute } = await resolve(rawPath, true);
      const info = await stat(absolute);
      if (!info.isDirectory()) throw new ToolInputError(`${rel} is a file, not a folder; use read_file to read it`);
      const dirents = await readdir(absolute, { withFileTypes: true });
      dirents.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      const entries: Array<{ name: string; type: 'file' | 'dir' }> = [];
      for (const d of dirents) {
        if (d.name.toLowerCase() === '.git') continue;
        let type: 'file' | 'dir' | null = d.isDirectory() ? 'dir' : d.isFile() ? 'file' : null;
        if (d.isSymbolicLink()) {
          const childRel = rel === '' ? d.name : `${rel}/${d.name}`;
          const target = await checkReadConfinement(repoRoot, childRel.split('/'));
          const s = target.ok ? await stat(target.absolute).catch(() => null) : null;
          type = s?.isDirectory() ? 'dir' : s?.isFile() ? 'file' : null;
        }
        if (type === null) continue;
        if (entries.length >= l.maxEntries) return { entries, truncated: true };
        entries.push({ name: d.name, type });
      }
      return { entries, truncated: false };
    },

    async searchCode(pattern, pathGlob) {
      if (pattern.length === 0 || pattern.length > MAX_PATTERN) throw new ToolInputError(`pattern must be 1 to ${MAX_PATTERN} characters`);
      try {
        new RegExp(pattern);
      } catch (e) {
        throw new ToolInputError(`invalid regular expression ${JSON.stringify(pattern)}: ${e instanceof Error ? e.message : String(e)}; use JavaScript RegExp syntax`);
      }
      const matchGlob = globMatcher(pathGlob);
      const root = await resolveRoot();
      const walked = await walkRepository(root, { maxFiles: l.maxScanFiles, listGitFiles });
      let truncated = walked.truncated;
      const files: SearchFile[] = [];
      let scanned = 0;
      for (const rel of walked.files) {
        if (!matchGlob(rel)) continue;
        const ext = /\.([^./]+)$/.exec(rel.toLowerCase())?.[1];
        if (ext !== undefined && BINARY_EXTENSIONS.has(ext)) continue;
        const absolute = path.join(root, ...rel.split('/'));
        const info = await stat(absolute).catch(() => null);
        if (!info || info.size > l.maxSearchFileBytes) continue;
        if (scanned + info.size > l.maxScanBytes) {
          truncated = true;
          break;
        }
        const text = decodeTextFile(await readBytes(absolute, info.size));
        if (text === null) continue;
        scanned += info.size;
        files.push({ path: rel, text });
      }
      const result = await runSearch(pattern, files, { maxMatches: l.maxMatches, maxLineChars: l.maxLineChars, timeoutMs: l.searchTimeoutMs });
      return { matches: result.matches, truncated: truncated || result.truncated };
    },
  };

  async function resolveRoot(): Promise<string> {
    return (await resolve('', true)).absolute;
  }
}

function globMatcher(pathGlob: string | undefined): (p: string) => boolean {
  if (pathGlob === undefined || pathGlob === '' || pathGlob === '**') return () => true;
  if (pathGlob.length > MAX_GLOB) throw new ToolInputError(`path_glob must be at most ${MAX_GLOB} characters`);
  try {
    // A glob without '/' (`*.cpp`) matches file names anywhere.
    return picomatch(pathGlob, { dot: true, basename: !pathGlob.includes('/') });
  } catch (e) {
    throw new ToolInputError(`invalid path_glob ${JSON.stringify(pathGlob)}: ${e instanceof Error ? e.message : String(e)}`);
  }
}

function lineNumber(value: number | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  if (!Number.isInteger(value) || value < 1) throw new ToolInputError(`${name} must be a whole number from 1, got ${String(value)}`);
  return value;
}

/** Reads at most `size` bytes: a file that grows while being read cannot exceed the limit. */
async function readBytes(file: string, size: number): Promise<Buffer> {
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.alloc(size);
    const { bytesRead } = await handle.read(buffer, 0, size, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}
