import type { StateOf } from '../domain/job-state.js';
import { decideSeen, jobIdOf, type SeenCrashes } from '../domain/seen-crashes.js';
import { jobsWithSignature, type ListedJobStore } from '../pipeline/job-sightings.js';
import type { Logger } from '../pipeline/logger.js';
import type { Route } from '../pipeline/route.js';
import { gitHubSightings, type SightingClient } from '../publish/github-sightings.js';

/** SeenCrashes from the local job store and, when configured, GitHub. */
export function createSeenCrashes(store: ListedJobStore, github: (() => Promise<SightingClient>) | null): SeenCrashes {
  return {
    byFingerprint: (fingerprint) => store.load(jobIdOf(fingerprint)),
    bySignature: async (signature, exceptJob) => ({
      signature,
      jobs: await jobsWithSignature(store, signature, exceptJob),
      github: github ? await gitHubSightings(await github(), signature) : null,
    }),
  };
}

export interface SeenFirstOptions {
  jobId: string;
  /** --fresh: analyse even a crash that was seen before. */
  fresh: boolean;
  log: Pick<Logger, 'info'>;
}

/**
 * The fix route, asking "seen before?" first when the report is ready: a
 * duplicate ends there (ANALYSIS_PENDING → DUPLICATE), before the model is
 * paid or a branch is touched; anything else goes on to the route's own stage.
 */
export function seenFirst(route: Route<'fix'>, seen: Pick<SeenCrashes, 'bySignature'>, options: SeenFirstOptions): Route<'fix'> {
  const entry = route.ANALYSIS_PENDING;
  if ('rest' in entry) return route;
  return {
    ...route,
    ANALYSIS_PENDING: {
      name: entry.name,
      run: async (state, checkpoint) => {
        const verdict = decideSeen(await seen.bySignature(state.report.signature, options.jobId), { fresh: options.fresh });
        if (verdict.kind === 'duplicate') return duplicate(state, verdict.duplicateOf, verdict.reason);
        if (verdict.note !== null) options.log.info(verdict.note);
        return entry.run(state, checkpoint);
      },
    },
  };
}

function duplicate(state: StateOf<'ANALYSIS_PENDING'>, duplicateOf: StateOf<'DUPLICATE'>['duplicateOf'], reason: string): StateOf<'DUPLICATE'> {
  const { status: _from, ...reported } = state;
  return { ...reported, status: 'DUPLICATE', duplicateOf, reason };
}
