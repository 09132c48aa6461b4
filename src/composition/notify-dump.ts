import { OctokitGitHubClient } from '../adapters/github/octokit-github-client.js';
import { CrashAutofixError } from '../base/errors.js';
import { announceDump, dumpAddress } from '../intake/announce-dump.js';
import type { DispatchPayload } from '../intake/dispatch-payload.js';
import type { Settings } from '../settings/build-settings.js';

/** Where crash-dump events go, checked and connected before the first is sent. */
export interface DispatchTarget {
  repository: string;
  urlTemplate: string;
  send: (eventType: string, payload: DispatchPayload) => Promise<void>;
}

/**
 * Checks what sending needs (token and repository, a template that gives
 * addresses the workflow accepts) and connects; throws one `config` line
 * naming the missing setting. `command` is how the messages name the caller.
 */
export async function connectDispatch(settings: Settings, command: 'notify' | 'watch --notify'): Promise<DispatchTarget> {
  const target = settings.githubApi;
  if (target === null) throw new CrashAutofixError('config', `'${command}' needs GITHUB_TOKEN in the environment (a fine-grained token with Contents: write on the repository) and --repository owner/name`);
  const urlTemplate = settings.dumpUrlTemplate;
  if (urlTemplate === null) throw new CrashAutofixError('config', `'${command}' needs --dump-url-template: where the workflow's runner fetches this host's dumps, with {name} for the file name`);
  dumpAddress(urlTemplate, 'crash.dmp', settings.dumpUrlInsecure);
  const client = await OctokitGitHubClient.create({ token: target.token, baseUrl: target.apiUrl, owner: target.owner, repo: target.repo });
  return { repository: client.repository, urlTemplate, send: (type, payload) => client.createRepositoryDispatch(type, payload) };
}

/** `notify`: the crash-dump event for `dump`, sent to the repository's workflows. */
export async function notifyDump(settings: Settings): Promise<{ repository: string; payload: DispatchPayload }> {
  if (settings.dump === null) throw new CrashAutofixError('internal', 'settings guarantee a dump for notify');
  const target = await connectDispatch(settings, 'notify');
  const payload = await announceDump(settings.dump, { urlTemplate: target.urlTemplate, server: settings.server, allowInsecureHttp: settings.dumpUrlInsecure, now: () => new Date() }, target.send);
  return { repository: target.repository, payload };
}
