import { describe, expect, it } from 'vitest';
import { continuation, type JobInputs } from '../../../src/composition/job-inputs.js';
import { newJobRecord } from '../../../src/pipeline/runner.js';
import type { ActiveState, JobRecord, JobState } from '../../../src/domain/job-state.js';
import { analysisPending, applyingFix, testing, verified } from '../../fakes/sample-states.js';

const INPUTS: JobInputs = {
  report: { executable: '/b/worldserver 0123456789abcdef', symbols: '[]', debugger: 'auto', 'culprit-ignore': '[]', 'context-lines': '7', 'source-root': '/repo' },
  analysis: { model: 'claude-sonnet-5-5', 'instructions-file': 'null' },
  policy: { 'min-confidence': '0.6', 'allowed-paths': '["**"]', 'core-paths': '[]', 'allow-core-changes': 'false', 'protected-paths': '[]', 'allow-build-file-changes': 'false' },
  gates: { 'build-command': 'null', 'build-target': 'null', 'build-config': 'RelWithDebInfo', 'configure-args': '[]', 'test-command': 'null', 'test-regex': 'null', 'tests-block': 'false', 'repro-command': 'null', 'pass-env': '["HOME","PATH"]', sandbox: 'auto' },
};
const SCRATCH: ActiveState = { status: 'CRASH_DETECTED', input: { path: '/d/core', kind: 'dump', fingerprint: 'a'.repeat(64), sizeBytes: 1, executable: '/b/worldserver' } };

function record(state: JobState, inputs: JobInputs | null = INPUTS): JobRecord {
  const r = newJobRecord('0123456789abcdef', SCRATCH, new Date('2026-12-01T00:00:00Z'));
  return { ...r, state, ...(inputs ? { inputs } : {}) };
}
const change = (group: keyof JobInputs, key: string, value: string): JobInputs => ({ ...INPUTS, [group]: { ...INPUTS[group], [key]: value } });

describe('continuation', () => {
  it('resumes as recorded when nothing that shaped the job changed, and for records without inputs', () => {
    expect(continuation(record(testing()), INPUTS, true, SCRATCH)).toEqual({ kind: 'as-recorded' });
    expect(continuation(record(testing(), null), change('report', 'executable', '/b/other 1'), true, SCRATCH)).toEqual({ kind: 'as-recorded' });
  });

  it('re-parses with a corrected executable, from the new input', () => {
    const next = continuation(record(verified()), change('report', 'executable', '/b/worldserver fedcba9876543210'), true, SCRATCH);
    expect(next).toEqual({ kind: 'rewind', to: SCRATCH, changed: ['executable'] });
  });

  it('analyses once a key is set after ANALYSIS_SKIPPED, keeping the report', () => {
    const { status: _s, ...pending } = analysisPending();
    const skipped: JobState = { ...pending, status: 'ANALYSIS_SKIPPED', reason: 'no key' };
    const next = continuation(record(skipped), INPUTS, true, SCRATCH);
    expect(next).toMatchObject({ kind: 'rewind', to: { status: 'ANALYSIS_PENDING', report: pending.report }, changed: ['anthropic-api-key'] });
    expect(continuation(record(skipped), INPUTS, false, SCRATCH)).toEqual({ kind: 'as-recorded' });
  });

  it('asks the model again for a new model, re-checks the same fix for a new policy, rebuilds for new gate commands', () => {
    expect(continuation(record(testing()), change('analysis', 'model', 'claude-opus-5'), true, SCRATCH)).toMatchObject({ kind: 'rewind', to: { status: 'ANALYSIS_PENDING' }, changed: ['model'] });
    const policy = continuation(record(testing()), change('policy', 'min-confidence', '0.8'), true, SCRATCH);
    expect(policy).toMatchObject({ kind: 'rewind', to: { status: 'FIX_GENERATED', analysis: testing().analysis }, changed: ['min-confidence'] });
    const gates = continuation(record(verified()), change('gates', 'repro-command', '["x"]'), true, SCRATCH);
    expect(gates).toMatchObject({ kind: 'rewind', to: { status: 'APPLYING_FIX' }, changed: ['repro-command'] });
    expect(gates.kind === 'rewind' && 'unfixedRun' in gates.to).toBe(false);
  });

  it('leaves a job alone whose affected stage has not run yet, and follows a failed job to the state it resumes from', () => {
    expect(continuation(record(applyingFix()), change('gates', 'test-command', '["ctest"]'), true, SCRATCH)).toEqual({ kind: 'as-recorded' });
    const failed: JobState = { status: 'FAILED', error: { stage: 'verify', kind: 'tool-failed', message: 'x', retryable: false }, resumeFrom: testing() };
    expect(continuation(record(failed), change('gates', 'test-command', '["ctest"]'), true, SCRATCH)).toMatchObject({ kind: 'rewind', to: { status: 'APPLYING_FIX' } });
  });

  it('keeps a duplicate as it is for new analysis, policy or gate settings, and parses it again for a corrected executable', () => {
    const { status: _s, ...pending } = analysisPending();
    const duplicate: JobState = { ...pending, status: 'DUPLICATE', duplicateOf: { why: 'open-pull-request', jobId: null, pr: { number: 4, url: 'u' } }, reason: 'r' };
    expect(continuation(record(duplicate), change('analysis', 'model', 'claude-opus-5'), true, SCRATCH)).toEqual({ kind: 'as-recorded' });
    expect(continuation(record(duplicate), change('gates', 'test-command', '["ctest"]'), true, SCRATCH)).toEqual({ kind: 'as-recorded' });
    // A new report may have another signature: it is asked about again from the start.
    expect(continuation(record(duplicate), change('report', 'executable', '/b/worldserver fedcba9876543210'), true, SCRATCH)).toEqual({ kind: 'rewind', to: SCRATCH, changed: ['executable'] });
  });

  it('does not redo a published job: only --fresh does', () => {
    const { status: _s, ...v } = verified();
    const pr: JobState = { ...v, status: 'PR_CREATED', pr: { number: 3, url: 'u', action: 'created', commit: 'c'.repeat(40), regressionOf: null } };
    expect(continuation(record(pr), change('analysis', 'model', 'claude-opus-5'), true, SCRATCH)).toEqual({ kind: 'published', changed: ['model'] });
  });
});
