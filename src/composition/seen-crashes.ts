import { jobIdOf, type SeenCrashes } from '../domain/seen-crashes.js';
import { jobsWithSignature, type ListedJobStore } from '../pipeline/job-sightings.js';
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
