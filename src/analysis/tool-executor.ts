import { ToolInputError } from '../base/errors.js';
import type { GitHistory, RepoReader } from '../domain/model-tools.js';
import { GitLogInputSchema, ListFilesInputSchema, ReadFileInputSchema, SearchCodeInputSchema, describeIssues } from './tool-definitions.js';
import type { z } from 'zod';

export interface ToolResult {
  content: string;
  isError: boolean;
}

/** Bounds one tool result whatever the port returns; the conversation is resent every turn. */
export const MAX_TOOL_RESULT_CHARS = 48 * 1024;

/**
 * Runs one read-only tool. Bad input (schema failure, ToolInputError from a
 * port, unknown tool) comes back as an error result for the model to correct;
 * any other failure is a real fault and is thrown.
 */
export async function runReadTool(name: string, input: unknown, ports: { repo: RepoReader; history: GitHistory }): Promise<ToolResult> {
  try {
    const content = await dispatch(name, input, ports);
    return { content: bound(content || '(empty)'), isError: false };
  } catch (error) {
    if (error instanceof ToolInputError) return { content: bound(error.message), isError: true };
    throw error;
  }
}

async function dispatch(name: string, input: unknown, { repo, history }: { repo: RepoReader; history: GitHistory }): Promise<string> {
  switch (name) {
    case 'read_file': {
      const args = parse(name, ReadFileInputSchema, input);
      if (args.start_line !== undefined && args.end_line !== undefined && args.end_line < args.start_line) {
        throw new ToolInputError(`read_file: end_line (${args.end_line}) is before start_line (${args.start_line})`);
      }
      const excerpt = await repo.readFile(args.path, { startLine: args.start_line, endLine: args.end_line });
      const last = excerpt.startLine + excerpt.lines.length - 1;
      const header = `${excerpt.path} lines ${excerpt.startLine}-${last} of ${excerpt.totalLines}${excerpt.truncated ? ' (truncated; ask for a further range)' : ''}`;
      const body = excerpt.lines.map((line, i) => `${String(excerpt.startLine + i).padStart(5)}| ${line}`);
      return [header, ...body].join('\n');
    }
    case 'search_code': {
      const args = parse(name, SearchCodeInputSchema, input);
      try {
        new RegExp(args.pattern);
      } catch (error) {
        throw new ToolInputError(`search_code: invalid regular expression: ${(error as Error).message}`);
      }
      const result = await repo.searchCode(args.pattern, args.path_glob);
      if (!result.matches.length) return 'no matches';
      const lines = result.matches.map((m) => `${m.path}:${m.line}: ${m.text}`);
      if (result.truncated) lines.push('(more matches not shown; narrow the pattern or path_glob)');
      return lines.join('\n');
    }
    case 'list_files': {
      const args = parse(name, ListFilesInputSchema, input);
      const result = await repo.listFiles(args.path === '.' ? '' : args.path);
      const lines = result.entries.map((e) => (e.type === 'dir' ? `${e.name}/` : e.name));
      if (result.truncated) lines.push('(more entries not shown)');
      return lines.length ? lines.join('\n') : 'empty folder';
    }
    case 'git_log': {
      const args = parse(name, GitLogInputSchema, input);
      const commits = await history.log(args.path, args.max ?? 10);
      if (!commits.length) return `no commits touch ${args.path}`;
      return commits.map((c) => `${c.hash} ${c.date} ${c.author}: ${c.subject}`).join('\n');
    }
    default:
      throw new ToolInputError(`Unknown tool '${name}'; use read_file, search_code, list_files, git_log or submit_fix`);
  }
}

export function parse<T>(tool: string, schema: z.ZodType<T>, input: unknown): T {
  const result = schema.safeParse(input);
  if (!result.success) throw new ToolInputError(`Invalid input for ${tool}: ${describeIssues(result.error)}`);
  return result.data;
}

function bound(text: string): string {
  return text.length <= MAX_TOOL_RESULT_CHARS ? text : `${text.slice(0, MAX_TOOL_RESULT_CHARS)}\n(result cut at ${MAX_TOOL_RESULT_CHARS} characters)`;
}
