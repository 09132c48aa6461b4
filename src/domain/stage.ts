import type { JobState, StateOf, Status } from './job-state.js';

/**
 * Saves a stage's progress within its own state (a pushed branch, say), so a
 * failure after it resumes from there instead of repeating the side effect.
 */
export type Checkpoint<S extends Status> = (state: StateOf<S>) => Promise<void>;

/** A stage takes the state it is registered for and returns the next one. */
export type Stage<S extends Status> = (state: StateOf<S>, checkpoint: Checkpoint<S>) => Promise<JobState>;
