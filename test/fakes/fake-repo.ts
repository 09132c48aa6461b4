/**
 * In-memory stand-ins for the ports the model engine's tools use. They keep
 * the contracts of src/fix/ports.ts: repository-relative paths, ToolInputError
 * for bad input, and exact-once old_text checks without writing anything.
 */
import picomatch from 'picomatch';
import { ToolInputError } from '../../src/base/errors.js';
import type { Edit } from '../../src/domain/fix-proposal.js';
import type { CommitSummary, EditProblem, EditValidator, FileExcerpt, GitHistory, RepoReader } from '../../src/domain/model-tools.js';

const MAX_LINES = 200;

export class FakeRepo implements RepoReader {
  readonly calls: string[] = [];
  constructor(readonly files: Map<string, string>) {}

  async readFile(path: string, range: { startLine?: number; endLine?: number } = {}): Promise<FileExcerpt> {
    this.calls.push(`readFile ${path}`);
    const text = this.files.get(checkPath(path));
    if (text === undefined) throw new ToolInputError(`read_file: no file '${path}' in the repository`);
    const all = text.split('\n');
    const start = range.startLine ?? 1;
    const end = Math.min(range.endLine ?? start + MAX_LINES - 1, all.length, start + MAX_LINES - 1);
    return { path, totalLines: all.length, startLine: start, lines: all.slice(start - 1, end), truncated: end < all.length && range.endLine === undefined };
  }

  async listFiles(path: string): Promise<{ entries: Array<{ name: string; type: 'file' | 'dir' }>; truncated: boolean }> {
    this.calls.push(`listFiles ${path}`);
    const prefix = path ? `${checkPath(path).replace(/\/$/, '')}/` : '';
    const entries = new Map<string, 'file' | 'dir'>();
    for (const file of this.files.keys()) {
      if (!file.startsWith(prefix)) continue;
      const [head, ...rest] = file.slice(prefix.length).split('/');
      if (head) entries.set(head, rest.length ? 'dir' : 'file');
    }
    if (!entries.size) throw new ToolInputError(`list_files: no folder '${path}' in the repository`);
    return { entries: [...entries].map(([name, type]) => ({ name, type })), truncated: false };
  }

  async searchCode(pattern: string, pathGlob?: string): Promise<{ matches: Array<{ path: string; line: number; text: string }>; truncated: boolean }> {
    this.calls.push(`searchCode ${pattern} ${pathGlob ?? ''}`.trim());
    const regex = new RegExp(pattern);
    const inGlob = pathGlob ? picomatch(pathGlob) : () => true;
    const matches = [...this.files]
      .filter(([path]) => inGlob(path))
      .flatMap(([path, text]) => text.split('\n').flatMap((line, i) => (regex.test(line) ? [{ path, line: i + 1, text: line }] : [])));
    return { matches, truncated: false };
  }
}

function checkPath(path: string): string {
  if (path.startsWith('/') || path.split('/').includes('..')) throw new ToolInputError(`'${path}' is outside the repository; use a repository-relative path`);
  return path;
}

export class FakeHistory implements GitHistory {
  readonly calls: Array<{ path: string; max: number }> = [];
  constructor(private readonly commits: Record<string, CommitSummary[]> = {}) {}

  async log(path: string, max: number): Promise<CommitSummary[]> {
    this.calls.push({ path, max });
    return (this.commits[path] ?? []).slice(0, max);
  }
}

/** Refuses build files, and old_text that is missing or occurs more than once. */
export class FakeValidator implements EditValidator {
  readonly checked: Edit[][] = [];
  constructor(private readonly files: Map<string, string>) {}

  async check(edits: readonly Edit[]): Promise<EditProblem[]> {
    this.checked.push([...edits]);
    return edits.flatMap((edit, editIndex): EditProblem[] => {
      const problem = (reason: string): EditProblem[] => [{ editIndex, path: edit.path, reason }];
      if (/(^|\/)(CMakeLists\.txt|\.github\/)/.test(edit.path)) return problem('this path is protected (build/CI files); fix the code instead');
      const text = this.files.get(edit.path);
      if (edit.old_text === '') return text === undefined ? [] : problem('the file exists; old_text must not be empty');
      if (text === undefined) return problem('no such file');
      const count = text.split(edit.old_text).length - 1;
      if (count === 0) return problem('old_text was not found; copy it verbatim from read_file');
      if (count > 1) return problem(`old_text occurs ${count} times; include more surrounding lines so that it is unique`);
      return [];
    });
  }
}
