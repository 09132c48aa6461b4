import os from 'node:os';
import { OctokitGitHubClient } from '../adapters/github/octokit-github-client.js';
import { CrashAutofixError } from '../base/errors.js';
import type { Logger } from '../pipeline/logger.js';
import type { Settings } from '../settings/build-settings.js';
import type { GateRecords } from './gate-records.js';
import { gateOutputs, renderGateSummary } from './gate-text.js';
import { runGate, type GateOutcome } from './run-gate.js';
import { jobDashboards } from './crash-dashboard.js';

export interface GateJob {
  outcome: GateOutcome;
  outputs: Record<string, string>;
  summary: string;
}

/** `approve` or `reject` for the CLI and the action: GitHub, the gate, the summary and outputs. */
export async function gateJob(command: 'approve' | 'reject', settings: Settings, records: GateRecords, log: Logger): Promise<GateJob> {
  const target = settings.githubApi;
  if (target === null) {
    throw new CrashAutofixError('config', `'${command}' needs GitHub: a token (the action's 'github-token'; GITHUB_TOKEN on the command line) with contents, pull-requests and actions access, and the repository (owner/name)`);
  }
  const github = await OctokitGitHubClient.create({ token: target.token, baseUrl: target.apiUrl, owner: target.owner, repo: target.repo });
  const outcome = await runGate(command, settings, { github, records, log, now: () => new Date(), localUser: () => os.userInfo().username });
  const dashboards = await jobDashboards(settings, outcome.jobs, new Date());
  return { outcome, outputs: gateOutputs(command, outcome), summary: renderGateSummary(command, outcome) + dashboards };
}
