import type { FileRole } from '../base/fs/fs-error.js';
import { readTextFileHead } from '../base/fs/read-text-file.js';

/** The stage keeps 16 Ki characters of guidance; 64 KiB of UTF-8 always holds them. */
const GUIDANCE_BYTES = 64 * 1024;
const GUIDANCE_ROLE: FileRole = { what: 'Instructions file', kind: 'config', fix: "fix the 'instructions-file' setting, or remove it to use CLAUDE.md / AGENTS.md" };

/** The start of the repository's guidance for the model (`instructions-file`, CLAUDE.md or AGENTS.md); one line when it cannot be read. */
export function readGuidance(file: string): Promise<string> {
  return readTextFileHead(file, GUIDANCE_ROLE, GUIDANCE_BYTES);
}
