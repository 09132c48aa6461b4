import type { JobState } from '../domain/job-state.js';

/**
 * The one line a run ends with, in the action's log and on the CLI: where the
 * job stopped and, when that is not where it was meant to go, why.
 */
export function statusLine(jobId: string, state: JobState): string {
  const reason = stopReason(state);
  const where = state.status === 'FAILED' ? `FAILED in stage '${state.error.stage}'` : state.status;
  return `Job ${jobId}: ${where}${reason === null ? '' : `: ${reason}`}`;
}

/** The line for a run that stopped before any job existed (a bad setting, an unreadable input). */
export function earlyFailureLine(message: string): string {
  return `FAILED before the job started: ${message}`;
}

function stopReason(state: JobState): string | null {
  switch (state.status) {
    case 'FAILED':
      return state.error.message;
    case 'ANALYSIS_SKIPPED':
    case 'DUPLICATE':
      return state.reason;
    case 'VERIFIED':
      return state.publication === null ? 'every gate passed; not published (no GitHub token and repository): run again with them to open the draft pull request' : null;
    case 'LOW_CONFIDENCE':
      return `confidence ${state.analysis.proposal.root_cause.confidence} is below min-confidence ${state.minConfidence}; the analysis is recorded and no code was changed`;
    default:
      // Every other state is where the job was asked to go, or a later one.
      return null;
  }
}
