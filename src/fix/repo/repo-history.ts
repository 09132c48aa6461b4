import { ToolInputError } from '../../base/errors.js';
import type { GitClient } from '../../adapters/git/git-client.js';
import type { CommitSummary, GitHistory } from '../../domain/model-tools.js';
import { checkPathSyntax } from '../policy/path-syntax.js';

export const MAX_HISTORY = 50;

/** The `git_log` tool: the model's path passes the same syntax rules as reads; the count is clamped. */
export function createRepoHistory(git: Pick<GitClient, 'log'>): GitHistory {
  return {
    async log(rawPath: string, max: number): Promise<CommitSummary[]> {
      let spec = '';
      if (rawPath !== '' && rawPath !== '.') {
        const syntax = checkPathSyntax(rawPath.endsWith('/') ? rawPath.slice(0, -1) : rawPath);
        if (!syntax.ok) throw new ToolInputError(syntax.reason);
        spec = syntax.path;
      }
      const n = Number.isFinite(max) ? Math.max(1, Math.min(MAX_HISTORY, Math.floor(max))) : 10;
      return git.log(spec, n);
    },
  };
}
