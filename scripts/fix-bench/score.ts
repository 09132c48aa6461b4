/**
 * One scenario's result, read from the job record `crash-autofix fix` left:
 * where it stopped, what each gate said, and what the model cost.
 */
import type { JobRecord, JobState, Usage } from '../../src/domain/job-state.js';
import { touchesGroundTruth } from './ground-truth.js';
import type { LineRange } from './scenario-file.js';

export interface ScenarioResult {
  name: string;
  /** Where the job ended (`VERIFIED`, `FAILED`, …); `ERROR` when no job record was left. */
  status: string;
  /** The job's failure (stage and message), or why the scenario could not run; null when it went through. */
  failure: string | null;
  culprit: { expected: string; found: string | null; ok: boolean };
  /** null: the job never got that far (no fix was built, no gate ran). */
  compiles: boolean | null;
  tests: boolean | null;
  reproduction: boolean | null;
  /** `passed`, `failed`, `not-reproduced` (the unfixed build did not crash), or null when it did not run. */
  reproductionVerdict: string | null;
  groundTruth: boolean | null;
  usage: Usage | null;
  durationMs: number;
}

export interface Expectation {
  /** The culprit's `file:line`, or null to accept any ground-truth line. */
  culprit: { file: string; line: number } | null;
  groundTruth: readonly LineRange[];
}

/** The state a job's facts are read from: a failed job's are in the state its failing stage started from. */
function reached(state: JobState): Exclude<JobState, { status: 'FAILED' }> {
  return state.status === 'FAILED' ? state.resumeFrom : state;
}

export function scoreJob(name: string, record: JobRecord, diff: string | null, usage: Usage | null, expect: Expectation, durationMs: number): ScenarioResult {
  const state = record.state;
  const facts = reached(state);
  const failedIn = state.status === 'FAILED' ? state.error.stage : null;
  const report = 'report' in facts ? facts.report : null;
  const culprit = report?.culprit ?? null;
  const where = culprit?.file && culprit.line !== null ? { file: culprit.file, line: culprit.line } : null;
  const found = where ? `${where.file}:${where.line}` : (culprit?.function ?? null);
  const culpritOk = where !== null && (expect.culprit ? where.file === expect.culprit.file && where.line === expect.culprit.line : inRanges(where.file, where.line, expect.groundTruth));
  const gates = 'gates' in facts ? facts.gates : null;
  const built = 'build' in facts;
  const reproduction = gates?.reproduction ?? null;
  return {
    name,
    status: state.status,
    failure: state.status === 'FAILED' ? `FAILED in stage '${state.error.stage}': ${state.error.message}` : null,
    culprit: { expected: expect.culprit ? `${expect.culprit.file}:${expect.culprit.line}` : 'a ground-truth line', found, ok: culpritOk },
    compiles: built ? true : failedIn === 'compile' ? false : null,
    tests: gates ? gates.tests.status === 'passed' : failedIn === 'test' ? false : null,
    reproduction: reproduction ? (reproduction.verdict === 'not-reproduced' ? null : reproduction.verdict === 'passed') : failedIn === 'reproduce' ? false : null,
    reproductionVerdict: reproduction?.verdict ?? (failedIn === 'reproduce' ? 'failed' : null),
    groundTruth: diff === null ? null : touchesGroundTruth(diff, expect.groundTruth),
    usage,
    durationMs,
  };
}

/** A scenario that left no job record: its setup or the CLI failed before the job started. */
export function scenarioError(name: string, message: string, expect: Expectation, durationMs: number): ScenarioResult {
  return {
    name,
    status: 'ERROR',
    failure: message,
    culprit: { expected: expect.culprit ? `${expect.culprit.file}:${expect.culprit.line}` : 'a ground-truth line', found: null, ok: false },
    compiles: null,
    tests: null,
    reproduction: null,
    reproductionVerdict: null,
    groundTruth: null,
    usage: null,
    durationMs,
  };
}

function inRanges(file: string, line: number, ranges: readonly LineRange[]): boolean {
  return ranges.some((r) => r.file === file && line >= r.startLine && line <= r.endLine);
}

/** The fix's diff file, when the job got as far as a work tree. */
export function diffFileOf(record: JobRecord): string | null {
  const facts = reached(record.state);
  return 'worktree' in facts ? facts.worktree.diffFile : null;
}
