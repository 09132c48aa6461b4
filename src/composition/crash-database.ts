import { LocalCrashDatabase } from '../adapters/crash-db/local-crash-database.js';
import type { CrashIssueClient } from '../adapters/github/crash-issue-client.js';
import { GitHubCrashDatabase } from '../adapters/github/github-crash-database.js';
import { OctokitGitHubClient } from '../adapters/github/octokit-github-client.js';
import { CrashAutofixError } from '../base/errors.js';
import type { CrashDatabase } from '../domain/crash-record.js';
import type { Settings } from '../settings/build-settings.js';

/**
 * The crash database the settings choose (`crash-db`): the state folder's file,
 * one GitHub issue per signature (with the given client, else one made from the
 * settings), or none (`off`).
 */
export async function openCrashDatabase(settings: Settings, github: CrashIssueClient | null = null): Promise<CrashDatabase | null> {
  switch (settings.crashDb) {
    case 'off':
      return null;
    case 'local':
      return LocalCrashDatabase.create(settings.crashDbFile);
    case 'github': {
      const api = settings.githubApi;
      if (github === null && api === null) throw new CrashAutofixError('config', "The crash database 'github' needs a token and a repository (owner/name)");
      const client = github ?? (await OctokitGitHubClient.create({ token: api?.token ?? '', baseUrl: api?.apiUrl ?? '', owner: api?.owner ?? '', repo: api?.repo ?? '' }));
      return GitHubCrashDatabase.create(client);
    }
  }
}
