import type { ActiveState } from '../domain/job-state.js';
import type { Stage } from '../domain/stage.js';

type ActiveStatus = ActiveState['status'];

/**
 * The states each command moves a job through. A state outside its command's
 * list ends that command's run: the job rests there until the next command
 * (in another workflow job, often on another runner) picks it up.
 */
export const COMMAND_STATES = {
  analyze: ['CRASH_DETECTED', 'PARSING'],
  fix: ['CRASH_DETECTED', 'PARSING', 'ANALYSIS_PENDING', 'ANALYZING', 'FIX_GENERATED', 'APPLYING_FIX', 'COMPILING', 'TESTING', 'VERIFIED'],
  // The jobs after the fix job: the gate environment's click decides between them.
  approve: ['PR_CREATED', 'AWAITING_APPROVAL'],
  reject: ['PR_CREATED', 'AWAITING_APPROVAL'],
  // After the approval: `deploy` to the test server (and, with deploy-target production, promotion); `stress` between.
  deploy: ['APPROVED', 'DEPLOYING', 'PROMOTING'],
  stress: ['STRESS_TESTING'],
  // A reviewer's request: back to FIX_GENERATED, then the fix states again up to the updated pull request.
  revise: ['PR_CREATED', 'AWAITING_APPROVAL', 'FIX_GENERATED', 'APPLYING_FIX', 'COMPILING', 'TESTING', 'VERIFIED'],
} as const satisfies Record<string, readonly ActiveStatus[]>;

export type Command = keyof typeof COMMAND_STATES;
export type StatesOf<C extends Command> = (typeof COMMAND_STATES)[C][number];

/** A stage to run, or a reason the job rests in this state for this run (say, no GitHub token to publish with). */
export type RouteEntry<S extends ActiveStatus> = { readonly name: string; readonly run: Stage<S> } | { readonly rest: string };

/** Every state a command handles maps to an entry: a missing one is a compile error, not a silently ended job. */
export type Route<C extends Command> = { readonly [S in StatesOf<C>]: RouteEntry<S> };

/** What the runner walks: any command's route. */
export type AnyRoute = { readonly [S in ActiveStatus]?: RouteEntry<S> };
