import type { CrashEvent } from './crash-record.js';
import type { ActiveState, JobRecord } from './job-state.js';

/**
 * What a job record tells the crash database, as events: its dump, the
 * analysis, each build, the pull request or issue, the approval or rejection.
 * Ids are `<jobId>:<what>`, so `db import` and a later run that reports the
 * same job again change nothing. A job that never got a report has no
 * signature, and says nothing.
 */
export function jobCrashEvents(record: JobRecord, dump: { build: string | null; server: string | null } = { build: null, server: null }): CrashEvent[] {
  const failed = record.state.status === 'FAILED';
  const state: ActiveState = record.state.status === 'FAILED' ? record.state.resumeFrom : record.state;
  if (!('report' in state)) return [];
  const { report } = state;
  const { jobId } = record;
  const signature = report.signature;
  const reached = (status: string): string | null => record.history.find((h) => h.status === status)?.at ?? null;
  const at = (status: string): string => iso(reached(status) ?? record.updatedAt);
  const culprit = report.culprit;
  const module = culprit?.file ? folderOf(culprit.file) : null;
  const events: CrashEvent[] = [
    {
      kind: 'occurrence',
      id: `${jobId}:occurrence`,
      signature,
      at: iso(record.createdAt),
      title: culprit === null ? report.exception.name : `${report.exception.name} in ${culprit.function}`,
      module,
      jobId,
      dumpSha256: state.dump.fingerprint,
      build: dump.build,
      server: dump.server,
    },
  ];
  if (state.status === 'ANALYSIS_SKIPPED') {
    events.push({ kind: 'analysed', id: `${jobId}:analysed`, signature, at: at('ANALYSIS_SKIPPED'), jobId, outcome: 'skipped', usage: null, lessons: [] });
  } else if ('analysis' in state) {
    const lowConfidence = state.status === 'LOW_CONFIDENCE';
    const { usage } = state.analysis;
    events.push({
      kind: 'analysed',
      id: `${jobId}:analysed`,
      signature,
      at: at(lowConfidence ? 'LOW_CONFIDENCE' : 'FIX_GENERATED'),
      jobId,
      outcome: lowConfidence ? 'low-confidence' : 'fix',
      usage: { inputTokens: usage.inputTokens, outputTokens: usage.outputTokens, costUsd: usage.estimatedCostUsd },
      // The lessons the prompt carried (crash-lessons.ts), by their event ids.
      lessons: (state.analysis.lessons ?? []).map((l) => l.id),
    });
  } else if (failed && state.status === 'ANALYZING') {
    events.push({ kind: 'analysed', id: `${jobId}:analysed`, signature, at: iso(record.updatedAt), jobId, outcome: 'failed', usage: null, lessons: [] });
  }
  // Each COMPILING in the history is one build; it compiled when TESTING came next.
  let attempt = 0;
  record.history.forEach((entry, i) => {
    if (entry.status !== 'COMPILING') return;
    attempt++;
    const next = record.history[i + 1];
    if (next === undefined && !failed) return; // still building
    events.push({ kind: 'built', id: `${jobId}:built:${attempt}`, signature, at: iso(next?.at ?? record.updatedAt), jobId, attempt, compiled: next?.status === 'TESTING' });
  });
  if (state.status === 'LOW_CONFIDENCE' && state.issue !== null) {
    events.push({ kind: 'issue-opened', id: `${jobId}:issue-opened`, signature, at: at('LOW_CONFIDENCE'), issue: state.issue });
  }
  if ('pr' in state) {
    events.push({ kind: 'pr-opened', id: `${jobId}:pr-opened`, signature, at: at('PR_CREATED'), jobId, pr: { number: state.pr.number, url: state.pr.url }, severity: state.analysis.proposal.root_cause.severity });
  }
  if ('approval' in state) {
    events.push({ kind: 'approved', id: `${jobId}:approved`, signature, at: iso(state.approval.at), reviewers: state.approval.reviewers.map((r) => r.login) });
  }
  events.push(...releaseEvents(jobId, signature, state));
  if (state.status === 'REJECTED') {
    const { rejection } = state;
    events.push({ kind: 'rejected', id: `${jobId}:rejected`, signature, at: iso(rejection.at), reviewer: rejection.reviewer, reason: rejection.reason, module: rejection.module });
  }
  return events;
}

/** After the approval: each healthy deployment (the build that fixed it, in production), or the rollback. */
function releaseEvents(jobId: string, signature: string, state: ActiveState): CrashEvent[] {
  if (!('release' in state)) return [];
  const { release } = state;
  const build = { commit: release.commit, sha256: release.sha256, buildIds: release.buildIds };
  const events: CrashEvent[] = [];
  const production = 'production' in state ? state.production : null;
  for (const d of [state.test, production]) {
    if (d === null || d.healthyAt === null) continue;
    const deployment = d.id === null ? null : { number: d.id, url: d.url ?? '' };
    events.push({ kind: 'deployed', id: `${jobId}:deployed:${d.target}`, signature, at: iso(d.healthyAt), target: d.target, environment: d.environment, deployment, build });
  }
  if (state.status === 'ROLLED_BACK') {
    const r = state.rollback;
    events.push({ kind: 'rolled-back', id: `${jobId}:rolled-back:${r.target}`, signature, at: iso(r.at), target: r.target, reason: r.reason, dumpSignature: r.dumpSignature });
  }
  return events;
}

/** The culprit's folder, repository-relative with `/` (the lessons' module); null for a file at the top. */
function folderOf(file: string): string | null {
  const parts = file.replace(/\\/g, '/').split('/');
  parts.pop();
  return parts.length === 0 ? null : parts.join('/');
}

/** Job records keep times as ISO text; a time without an offset is taken as UTC. */
function iso(text: string): string {
  const time = Date.parse(text);
  return Number.isNaN(time) ? new Date(0).toISOString() : new Date(time).toISOString();
}
