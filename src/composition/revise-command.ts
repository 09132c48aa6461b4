import { ActionsArtifactSource } from '../adapters/artifact/actions-artifact-source.js';
import { latestArtifactRun } from '../adapters/artifact/latest-artifact.js';
import { OctokitGitHubClient } from '../adapters/github/octokit-github-client.js';
import { CrashAutofixError } from '../base/errors.js';
import { readTextFile } from '../base/fs/read-text-file.js';
import type { Logger } from '../pipeline/logger.js';
import type { Settings } from '../settings/build-settings.js';
import { createAdapters } from './create-adapters.js';
import { reviseRecords } from './revise-records.js';
import { runRevise, type ReviseOutcome } from './run-revise.js';

const EVENTS = ['pull_request_review', 'issue_comment'];

/** `revise` with the real adapters: GitHub through Octokit, the records from the state folder or the job's artifact, the workflow's event. */
export async function reviseCommand(settings: Settings, redact: (text: string) => string, log: Logger): Promise<ReviseOutcome> {
  const api = settings.githubApi;
  if (api === null) throw new CrashAutofixError('config', "'revise' needs a GitHub token and repository");
  const connection = { token: api.token, baseUrl: api.apiUrl, owner: api.owner, repo: api.repo };
  const github = await OctokitGitHubClient.create(connection);
  const artifacts = {
    // Created when first needed: the state folder usually has the record.
    source: { download: (...args: Parameters<ActionsArtifactSource['download']>) => ActionsArtifactSource.create().download(...args) },
    latestRun: (name: string) => latestArtifactRun(connection, name),
  };
  return runRevise(settings, { github, adapters: createAdapters(settings, redact), findRecord: reviseRecords(settings.stateDir, artifacts), event: await workflowEvent(settings), log });
}

/** The review or comment event that started the job, in Actions; null on the command line. */
async function workflowEvent(settings: Settings): Promise<{ name: string; payload: unknown } | null> {
  const ctx = settings.github;
  if (settings.origin !== 'action' || !ctx?.eventName || !ctx.eventPath || !EVENTS.includes(ctx.eventName)) return null;
  const text = await readTextFile(ctx.eventPath, { what: 'Workflow event', kind: 'bad-input', fix: "run 'revise' from a pull_request_review or issue_comment event, or give 'pr-number' and 'review-id'" }, 4 * 1024 * 1024);
  try {
    return { name: ctx.eventName, payload: JSON.parse(text) as unknown };
  } catch {
    throw new CrashAutofixError('bad-input', `Workflow event ${ctx.eventPath} is not JSON; give 'pr-number' and 'review-id'`);
  }
}
