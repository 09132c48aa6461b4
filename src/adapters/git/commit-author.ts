import { CrashAutofixError } from '../../base/errors.js';
import type { CommitAuthor } from './git-client.js';

/**
 * Author and committer for one commit, as environment variables so no git
 * config (global or repository) is read or written for them.
 */
export function authorEnv(author: CommitAuthor): Record<string, string> {
  if (author.name.trim() === '' || /[<>\n\0]/.test(author.name) || !/^[^\s<>@]+@[^\s<>@]+$/.test(author.email)) {
    throw new CrashAutofixError(
      'config',
      `Commit author ${JSON.stringify(`${author.name} <${author.email}>`)} is not a valid name and e-mail address; set e.g. 'crash-autofix <crash-autofix@users.noreply.github.com>'`,
    );
  }
  return { GIT_AUTHOR_NAME: author.name, GIT_AUTHOR_EMAIL: author.email, GIT_COMMITTER_NAME: author.name, GIT_COMMITTER_EMAIL: author.email };
}
