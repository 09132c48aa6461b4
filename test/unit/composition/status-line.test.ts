import { describe, expect, it } from 'vitest';
import { earlyFailureLine, statusLine } from '../../../src/composition/status-line.js';
import type { JobState } from '../../../src/domain/job-state.js';
import { analysisPending, applyingFix, testing } from '../../fakes/sample-states.js';

describe('the status line a run ends with', () => {
  it('names the state alone when the job went where it was asked to', () => {
    expect(statusLine('0123456789abcdef', analysisPending())).toBe('Job 0123456789abcdef: ANALYSIS_PENDING');
    expect(statusLine('0123456789abcdef', testing())).toBe('Job 0123456789abcdef: TESTING');
  });

  it('gives the stage and the reason of a failure', () => {
    const failed: JobState = { status: 'FAILED', error: { stage: 'parse', kind: 'tool-missing', message: "gdb was not found at 'gdb'; install gdb", retryable: false }, resumeFrom: analysisPending() };
    expect(statusLine('0123456789abcdef', failed)).toBe("Job 0123456789abcdef: FAILED in stage 'parse': gdb was not found at 'gdb'; install gdb");
  });

  it('says why the job stopped short: no key, or a confidence below the bar', () => {
    const { status: _s, ...pending } = analysisPending();
    expect(statusLine('0123456789abcdef', { ...pending, status: 'ANALYSIS_SKIPPED', reason: 'No Anthropic API key' })).toBe('Job 0123456789abcdef: ANALYSIS_SKIPPED: No Anthropic API key');
    const { status: _a, ...applying } = applyingFix();
    const low: JobState = { ...applying, status: 'LOW_CONFIDENCE', minConfidence: 0.95, issue: null };
    expect(statusLine('0123456789abcdef', low)).toBe('Job 0123456789abcdef: LOW_CONFIDENCE: confidence 0.9 is below min-confidence 0.95; the analysis is recorded and no code was changed');
  });

  it('says where a duplicate crash went', () => {
    const { status: _s, ...pending } = analysisPending();
    const duplicate: JobState = { ...pending, status: 'DUPLICATE', duplicateOf: { why: 'open-pull-request', jobId: null, pr: { number: 4, url: 'https://github.com/acme/server/pull/4' } }, reason: 'Crash signature s already has the open pull request #4' };
    expect(statusLine('0123456789abcdef', duplicate)).toBe('Job 0123456789abcdef: DUPLICATE: Crash signature s already has the open pull request #4');
  });

  it('has a line for a run that never got a job', () => {
    expect(earlyFailureLine("Input 'parallel' must be a positive integer, got \"abc\"")).toBe('FAILED before the job started: Input \'parallel\' must be a positive integer, got "abc"');
  });
});
