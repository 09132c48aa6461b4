import { OctokitGitHubClient } from '../adapters/github/octokit-github-client.js';
import { CrashAutofixError } from '../base/errors.js';
import { announceDump } from '../intake/announce-dump.js';
import type { DispatchPayload } from '../intake/dispatch-payload.js';
import type { Settings } from '../settings/build-settings.js';

/** `notify`: the crash-dump event for `dump`, sent to the repository's workflows. */
export async function notifyDump(settings: Settings): Promise<{ repository: string; payload: DispatchPayload }> {
  const target = settings.githubApi;
  if (target === null) throw new CrashAutofixError('config', "'notify' needs GITHUB_TOKEN in the environment (a fine-grained token with Contents: write on the repository) and --repository owner/name");
  if (settings.dumpUrlTemplate === null) throw new CrashAutofixError('config', "'notify' needs --dump-url-template: where the workflow's runner fetches this host's dumps, with {name} for the file name");
  if (settings.dump === null) throw new CrashAutofixError('internal', 'settings guarantee a dump for notify');
  const client = await OctokitGitHubClient.create({ token: target.token, baseUrl: target.apiUrl, owner: target.owner, repo: target.repo });
  const payload = await announceDump(settings.dump, { urlTemplate: settings.dumpUrlTemplate, server: settings.server, allowInsecureHttp: settings.dumpUrlInsecure, now: () => new Date() }, (type, p) => client.createRepositoryDispatch(type, p));
  return { repository: client.repository, payload };
}
