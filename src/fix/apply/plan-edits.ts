import { readFile } from 'node:fs/promises';
import type { Edit } from '../../domain/fix-proposal.js';
import type { EditProblem } from '../../domain/model-tools.js';
import { checkPath } from '../policy/check-path.js';
import { checkTextContent, decodeTextFile, utf8Bytes } from '../policy/content-check.js';
import type { FixPolicy } from '../policy/fix-policy.js';
import { countOccurrences, dominantLineEnding, withLineEnding } from './line-endings.js';

/** Reads an existing file's bytes; the path has passed the policy checks. */
export type ReadFileBytes = (absolutePath: string) => Promise<Uint8Array>;

export interface PlannedFile {
  /** Repository-relative, `/`-separated. */
  path: string;
  absolute: string;
  core: boolean;
  /** A build file (allowed by `allow-build-file-changes`): flagged in the pull request. */
  build: boolean;
  created: boolean;
  /** Content after every edit to this file, in order. */
  content: string;
}

export interface EditPlan {
  files: PlannedFile[];
  problems: EditProblem[];
}

/** Files bigger than this are not edited: they are generated or data, not the source of a crash. */
export const MAX_EDITABLE_FILE_BYTES = 4 * 1024 * 1024;

interface FileState {
  planned: PlannedFile;
  original: string;
}

/**
 * Checks every edit against policy and the files under `repoRoot` and computes
 * the resulting contents without writing. Edits to one file apply in order;
 * every problem is reported, phrased so the model can correct it.
 */
export async function planEdits(edits: readonly Edit[], policy: FixPolicy, repoRoot: string, read: ReadFileBytes = readFile): Promise<EditPlan> {
  const problems: EditProblem[] = [];
  const states = new Map<string, FileState>();
  let totalBytes = 0;

  for (const [editIndex, edit] of edits.entries()) {
    const problem = (reason: string, path = edit.path): void => void problems.push({ editIndex, path, reason });
    const bytes = utf8Bytes(edit.new_text);
    totalBytes += bytes;
    if (bytes > policy.maxEditBytes) {
      problem(`new_text is ${bytes} bytes, more than the ${policy.maxEditBytes} allowed per edit; make a smaller, focused change`);
      continue;
    }
    if (totalBytes > policy.maxTotalBytes) {
      problem(`the edits add up to more than ${policy.maxTotalBytes} bytes of new_text; make a smaller, focused change`);
      continue;
    }
    const badContent = checkTextContent(edit.new_text) ?? checkTextContent(edit.old_text);
    if (badContent) {
      problem(`the edit to ${edit.path} ${badContent}`);
      continue;
    }
    const decision = await checkPath(edit.path, policy, repoRoot);
    if (!decision.ok) {
      problem(decision.reason);
      continue;
    }
    const path = decision.path;
    let state = states.get(path);
    if (!state && decision.exists) {
      const loaded = await loadExisting(decision.absolute, read);
      if (typeof loaded !== 'string') {
        problem(`${path} ${loaded?.reason ?? 'is not a UTF-8 text file (binary or another encoding); it cannot be edited'}`, path);
        continue;
      }
      state = { original: loaded, planned: { path, absolute: decision.absolute, core: decision.core, build: decision.build, created: false, content: loaded } };
    }

    if (edit.old_text === '') {
      if (state) {
        problem(`${path} already exists; to change it set old_text to the exact text to replace`, path);
        continue;
      }
      if (edit.new_text.trim() === '') {
        problem(`new file ${path} would be empty; give its content in new_text`, path);
        continue;
      }
      states.set(path, { original: '', planned: { path, absolute: decision.absolute, core: decision.core, build: decision.build, created: true, content: edit.new_text } });
      continue;
    }
    if (!state) {
      problem(`${path} does not exist; to create it set old_text to "" (and check the path with list_files)`, path);
      continue;
    }

    const eol = dominantLineEnding(state.planned.content);
    const oldText = withLineEnding(edit.old_text, eol);
    const newText = withLineEnding(edit.new_text, eol);
    const count = countOccurrences(state.planned.content, oldText);
    if (count !== 1) {
      problem(
        count === 0
          ? `old_text occurs 0 times in ${path}; copy it exactly from the current file (read_file), including indentation`
          : `old_text occurs ${count} times in ${path}; include more surrounding lines so it matches exactly once`,
        path,
      );
      continue;
    }
    if (oldText === newText) {
      problem(`the edit to ${path} changes nothing (old_text equals new_text)`, path);
      continue;
    }
    const next = state.planned.content.replace(oldText, () => newText);
    if (next.trim() === '' && state.original.trim() !== '') {
      problem(`the edit would empty ${path}; deleting a whole file is not allowed — change only the lines that need it`, path);
      continue;
    }
    state.planned.content = next;
    states.set(path, state);
  }
  return { files: [...states.values()].map((s) => s.planned), problems };
}

async function loadExisting(absolute: string, read: ReadFileBytes): Promise<string | null | { reason: string }> {
  const bytes = await read(absolute);
  if (bytes.length > MAX_EDITABLE_FILE_BYTES) return { reason: `is larger than ${MAX_EDITABLE_FILE_BYTES} bytes; generated or data files are not edited` };
  return decodeTextFile(bytes);
}
