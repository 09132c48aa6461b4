import { CrashAutofixError } from '../base/errors.js';
import type { Status } from '../domain/job-state.js';

/**
 * The allowed moves between states. Only states that exist in this build are
 * listed; later stages extend the table when they land.
 */
export const TRANSITIONS: Readonly<Record<Status, readonly Status[]>> = {
  CRASH_DETECTED: ['PARSING', 'FAILED'],
  PARSING: ['ANALYSIS_PENDING', 'FAILED'],
  // DUPLICATE: another dump of a crash that already has its pull request (domain/seen-crashes.ts).
  ANALYSIS_PENDING: ['ANALYZING', 'ANALYSIS_SKIPPED', 'DUPLICATE', 'FAILED'],
  ANALYSIS_SKIPPED: [],
  DUPLICATE: [],
  ANALYZING: ['FIX_GENERATED', 'FAILED'],
  FIX_GENERATED: ['APPLYING_FIX', 'LOW_CONFIDENCE', 'FAILED'],
  LOW_CONFIDENCE: [],
  APPLYING_FIX: ['COMPILING', 'FAILED'],
  // A fix that does not compile goes back to Claude with the errors: a new FIX_GENERATED.
  COMPILING: ['TESTING', 'FIX_GENERATED', 'FAILED'],
  TESTING: ['VERIFIED', 'FAILED'],
  // Without GitHub the job rests at VERIFIED; a later run with a token publishes it.
  VERIFIED: ['PR_CREATED', 'FAILED'],
  // The approve and reject commands, in the jobs after the fix job: the gate, then the click's outcome.
  // FIX_GENERATED: `revise`, a reviewer asked for changes; the fix goes through every gate again.
  PR_CREATED: ['AWAITING_APPROVAL', 'FIX_GENERATED', 'FAILED'],
  AWAITING_APPROVAL: ['APPROVED', 'REJECTED', 'FIX_GENERATED', 'FAILED'],
  // The deploy and stress commands, in the jobs after the approval: test server, stress run, production.
  APPROVED: ['DEPLOYING', 'FAILED'],
  DEPLOYING: ['STRESS_TESTING', 'ROLLED_BACK', 'FAILED'],
  STRESS_TESTING: ['PROMOTING', 'ROLLED_BACK', 'FAILED'],
  PROMOTING: ['DEPLOYED', 'ROLLED_BACK', 'FAILED'],
  DEPLOYED: [],
  ROLLED_BACK: [],
  REJECTED: [],
  FAILED: [],
};

export function assertTransition(from: Status, to: Status): void {
  if (!TRANSITIONS[from].includes(to)) {
    throw new CrashAutofixError('internal', `Illegal pipeline transition ${from} → ${to}`);
  }
}
