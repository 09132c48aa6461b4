import type { Edit } from './fix-proposal.js';

/**
 * What the model's read-only tools may do in the repository. Every path is
 * repository-relative; implementations confine access to the repository and
 * throw ToolInputError (its message goes back to the model) on bad input.
 */
export interface RepoReader {
  /** Lines `startLine..endLine` (1-based, inclusive), bounded in count and bytes. */
  readFile(path: string, range?: { startLine?: number; endLine?: number }): Promise<FileExcerpt>;
  listFiles(path: string): Promise<{ entries: Array<{ name: string; type: 'file' | 'dir' }>; truncated: boolean }>;
  /** JavaScript regex over text files, optionally limited by a glob; bounded results. */
  searchCode(pattern: string, pathGlob?: string): Promise<{ matches: Array<{ path: string; line: number; text: string }>; truncated: boolean }>;
}

export interface FileExcerpt {
  path: string;
  totalLines: number;
  startLine: number;
  lines: string[];
  truncated: boolean;
}

export interface CommitSummary {
  hash: string;
  date: string;
  author: string;
  subject: string;
}

/** Recent history, for the `git_log` tool and the first message. */
export interface GitHistory {
  log(path: string, max: number): Promise<CommitSummary[]>;
}

/** A problem with one proposed edit, phrased for the model to correct. */
export interface EditProblem {
  editIndex: number;
  path: string;
  reason: string;
}

/**
 * Checks proposed edits against policy and the current file contents without
 * writing anything: exact-once `old_text`, allowed paths, size caps.
 */
export interface EditValidator {
  check(edits: readonly Edit[]): Promise<EditProblem[]>;
}
