import { CrashAutofixError } from '../errors.js';
import type { Status } from './state.js';

/**
 * The allowed moves between states. Only states that exist in this build are
 * listed; later stages extend the table when they land.
 */
export const TRANSITIONS: Readonly<Record<Status, readonly Status[]>> = {
  CRASH_DETECTED: ['PARSING', 'FAILED'],
  PARSING: ['ANALYSIS_PENDING', 'FAILED'],
  ANALYSIS_PENDING: ['FAILED'],
  FAILED: [],
};

export function assertTransition(from: Status, to: Status): void {
  if (!TRANSITIONS[from].includes(to)) {
    throw new CrashAutofixError('internal', `Illegal pipeline transition ${from} → ${to}`);
  }
}
