import { fingerprintFile } from '../base/fs/file-fingerprint.js';
import type { ActiveState, JobRecord, Status } from '../domain/job-state.js';
import type { Settings } from '../settings/build-settings.js';

/** The settings that shaped each part of a job, as recorded in its job record. */
export type JobInputs = Record<InputGroup, Record<string, string>>;
type InputGroup = 'report' | 'analysis' | 'policy' | 'gates';

/** Where a job goes back to when a group's settings change after the stage that used them ran. */
const REWIND_TO: Readonly<Record<InputGroup, Status>> = { report: 'CRASH_DETECTED', analysis: 'ANALYSIS_PENDING', policy: 'FIX_GENERATED', gates: 'APPLYING_FIX' };
const ORDER: readonly Status[] = ['CRASH_DETECTED', 'PARSING', 'ANALYSIS_PENDING', 'ANALYZING', 'FIX_GENERATED', 'APPLYING_FIX', 'COMPILING', 'TESTING', 'VERIFIED', 'PR_CREATED', 'AWAITING_APPROVAL', 'APPROVED', 'REJECTED'];
const RANK: Partial<Record<Status, number>> = { ...Object.fromEntries(ORDER.map((s, i) => [s, i])), ANALYSIS_SKIPPED: 3, LOW_CONFIDENCE: 5, DUPLICATE: 2 };

/** What shapes each stage's output now: the executable by its content, the policy, the model, the gates' commands. */
export async function currentInputs(settings: Settings): Promise<JobInputs> {
  const exe = settings.executable === null ? 'none' : `${settings.executable} ${(await fingerprintFile(settings.executable)).fingerprint.slice(0, 16)}`;
  const v = (value: unknown): string => JSON.stringify(value ?? null);
  return {
    report: { executable: exe, symbols: v(settings.symbols), debugger: settings.debugger, 'culprit-ignore': v(settings.culpritIgnore), 'context-lines': v(settings.contextLines), 'source-root': settings.sourceRoot },
    analysis: { model: settings.model, 'instructions-file': v(settings.instructionsFile) },
    policy: {
      'min-confidence': v(settings.minConfidence),
      'allowed-paths': v(settings.allowedPaths),
      'core-paths': v(settings.corePaths),
      'allow-core-changes': v(settings.allowCoreChanges),
      'protected-paths': v(settings.protectedPaths),
      'allow-build-file-changes': v(settings.allowBuildFileChanges),
    },
    gates: {
      'build-command': v(settings.buildCommand),
      'build-target': v(settings.buildTarget),
      'build-config': settings.buildConfig,
      'configure-args': v(settings.configureArgs),
      'test-command': v(settings.testCommand),
      'test-regex': v(settings.testRegex),
      'tests-block': v(settings.testsBlock),
      'repro-command': v(settings.reproCommand),
      'pass-env': v(Object.keys(settings.buildEnv).sort()),
      sandbox: settings.sandbox,
    },
  };
}

export type Continuation =
  | { kind: 'as-recorded' }
  | { kind: 'rewind'; to: ActiveState; changed: string[] }
  /** Settings changed, but the job already published: only --fresh redoes it. */
  | { kind: 'published'; changed: string[] };

/**
 * Whether a saved job can resume as it is, or must go back to the first stage
 * whose settings changed since it ran: a corrected executable re-parses, a
 * key set after ANALYSIS_SKIPPED analyses, a new model asks again, a changed
 * policy re-checks the same fix, changed build or test commands rebuild and
 * re-run the gates. Records without recorded inputs resume as they are.
 */
export function continuation(record: JobRecord, now: JobInputs, keyPresent: boolean, fromScratch: ActiveState): Continuation {
  const state = record.state.status === 'FAILED' ? record.state.resumeFrom : record.state;
  const rank = RANK[state.status] ?? 0;
  const startedFromReport = record.history[0]?.status === 'ANALYSIS_PENDING';
  const changed: string[] = [];
  let target: Status | null = null;
  if (state.status === 'ANALYSIS_SKIPPED' && keyPresent) {
    changed.push('anthropic-api-key');
    target = 'ANALYSIS_PENDING';
  }
  for (const group of ['report', 'analysis', 'policy', 'gates'] as const) {
    const before = record.inputs?.[group];
    if (before === undefined || (group === 'report' && startedFromReport)) continue;
    const keys = Object.keys(now[group]).filter((k) => before[k] !== now[group][k]);
    const to = REWIND_TO[group];
    if (keys.length === 0 || rank <= (RANK[to] ?? 0)) continue;
    changed.push(...keys);
    if (target === null || (RANK[to] ?? 0) < (RANK[target] ?? 0)) target = to;
  }
  if (target === null) return { kind: 'as-recorded' };
  if ('pr' in state) return { kind: 'published', changed };
  return { kind: 'rewind', to: rewound(state, target, fromScratch), changed };
}

function rewound(state: ActiveState, to: Status, fromScratch: ActiveState): ActiveState {
  if (to === 'CRASH_DETECTED' || !('report' in state)) return fromScratch;
  const reported = { dump: state.dump, report: state.report, files: state.files };
  if (to === 'ANALYSIS_PENDING' || !('analysis' in state)) return { status: 'ANALYSIS_PENDING', ...reported };
  if (to === 'FIX_GENERATED') return { status: 'FIX_GENERATED', ...reported, analysis: state.analysis };
  return { status: 'APPLYING_FIX', ...reported, analysis: state.analysis };
}

/** Why a saved job can go further with these settings, or null when a re-run would change nothing. */
export async function canGoFurther(record: JobRecord, settings: Settings): Promise<string | null> {
  const state = record.state;
  if (state.status === 'FAILED' && state.error.retryable) return 'retrying after a transient failure';
  if (state.status === 'VERIFIED' && settings.githubApi !== null && settings.stopAfter === 'fix') return 'publishing its verified fix';
  const active = state.status === 'FAILED' ? state.resumeFrom : state;
  const next = continuation(record, await currentInputs(settings), settings.anthropicApiKey !== null, active);
  return next.kind === 'rewind' ? `settings changed (${next.changed.join(', ')})` : null;
}
