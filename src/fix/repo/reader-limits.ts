/** Bounds on what one tool call returns or scans, so a huge repository cannot flood the model or the runner. */
export interface ReaderLimits {
  /** Lines per read_file call. */
  maxLines: number;
  /** Bytes of text per read_file call. */
  maxBytes: number;
  /** Characters of one returned line; longer lines are cut. */
  maxLineChars: number;
  /** Files bigger than this are not read at all. */
  maxReadFileBytes: number;
  /** list_files entries. */
  maxEntries: number;
  /** search_code matches. */
  maxMatches: number;
  /** Files bigger than this are skipped by search_code. */
  maxSearchFileBytes: number;
  /** Total bytes search_code scans. */
  maxScanBytes: number;
  /** Files search_code visits. */
  maxScanFiles: number;
  /** A pattern that runs longer is stopped (catastrophic backtracking). */
  searchTimeoutMs: number;
}

export const DEFAULT_READER_LIMITS: Readonly<ReaderLimits> = Object.freeze({
  maxLines: 400,
  maxBytes: 64 * 1024,
  maxLineChars: 2_000,
  maxReadFileBytes: 16 * 1024 * 1024,
  maxEntries: 500,
  maxMatches: 100,
  maxSearchFileBytes: 1024 * 1024,
  maxScanBytes: 32 * 1024 * 1024,
  maxScanFiles: 20_000,
  searchTimeoutMs: 10_000,
});
