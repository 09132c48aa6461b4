import { z } from 'zod';
import { FixProposalSchema } from '../domain/fix-proposal.js';
import type { ToolDefinition } from '../domain/model-client.js';

/** Tool inputs come from the model: untrusted, so every one is parsed with these schemas. */
const repoPath = z.string().min(1).max(400);

export const ReadFileInputSchema = z.strictObject({
  path: repoPath.describe('Repository-relative path with /'),
  start_line: z.number().int().positive().optional().describe('First line, 1-based (default 1)'),
  end_line: z.number().int().positive().optional().describe('Last line, inclusive (default: a bounded excerpt)'),
});

export const SearchCodeInputSchema = z.strictObject({
  pattern: z.string().min(1).max(500).describe('JavaScript regular expression, matched per line'),
  path_glob: z.string().min(1).max(200).optional().describe('Only files matching this glob, e.g. src/**/*.cpp'),
});

export const ListFilesInputSchema = z.strictObject({
  path: z.string().max(400).describe('Repository-relative folder; "" or "." for the root'),
});

export const GitLogInputSchema = z.strictObject({
  path: repoPath.describe('Repository-relative file or folder'),
  max: z.number().int().min(1).max(50).optional().describe('Most commits to list (default 10)'),
});

export const SUBMIT_FIX = 'submit_fix';

export const TOOL_SCHEMAS = {
  read_file: ReadFileInputSchema,
  search_code: SearchCodeInputSchema,
  list_files: ListFilesInputSchema,
  git_log: GitLogInputSchema,
  [SUBMIT_FIX]: FixProposalSchema,
} as const;

export type ToolName = keyof typeof TOOL_SCHEMAS;

const DESCRIPTIONS: Record<ToolName, string> = {
  read_file: 'Read lines of a text file in the repository, numbered. Long files come back in bounded excerpts; ask for further ranges with start_line/end_line.',
  search_code: 'Search the text files of the repository for a JavaScript regular expression, line by line. Returns path:line: text for each match (bounded).',
  list_files: 'List the entries of a folder in the repository.',
  git_log: 'Recent commits touching a file or folder: hash, date, author, subject.',
  [SUBMIT_FIX]:
    'Submit the root-cause analysis and the fix. Call exactly once, at the end. Each edit replaces old_text, copied verbatim from the current file and occurring exactly once in it, with new_text; an empty old_text creates a new file. If the edits are refused, the error says why: correct them and call submit_fix again.',
};

/** The JSON schema the API sees, generated from the same zod schema that validates the input. */
export function toInputSchema(schema: z.ZodType): ToolDefinition['inputSchema'] {
  const json = z.toJSONSchema(schema, { io: 'input' }) as Record<string, unknown>;
  delete json.$schema;
  if (json.type !== 'object') throw new Error(`Tool input schema must be an object, got ${String(json.type)}`);
  return json as ToolDefinition['inputSchema'];
}

/** Read-only tools first, submit_fix last (it carries the cache breakpoint for the whole list). */
export function toolDefinitions(): ToolDefinition[] {
  return (Object.keys(TOOL_SCHEMAS) as ToolName[]).map((name) => ({
    name,
    description: DESCRIPTIONS[name],
    inputSchema: toInputSchema(TOOL_SCHEMAS[name]),
  }));
}

/** One line per problem, `path.to.field: message`, for a tool error the model can act on. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 10)
    .map((issue) => `${issue.path.length ? issue.path.join('.') : '(input)'}: ${issue.message}`)
    .join('; ');
}
