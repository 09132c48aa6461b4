import { describe, expect, it } from 'vitest';
import { analyzeOutputs } from '../../../src/composition/result-outputs.js';
import type { JobState } from '../../../src/domain/job-state.js';
import { newJobRecord } from '../../../src/pipeline/runner.js';
import { analysisPending, sampleReport, testing } from '../../fakes/sample-states.js';

const outputs = (state: JobState): Record<string, string> => analyzeOutputs({ record: newJobRecord('0123456789abcdef', state, new Date(0)), failure: null, jobDir: '/s/job' });

describe('analyzeOutputs for the build and publish stages', () => {
  it('gives the pull request, the test and the reproduction results', () => {
    const { status: _s, ...t } = testing();
    const unfixed = { crashed: true, signal: 'SIGSEGV', exitCode: null, timedOut: false, durationMs: 5, logFile: '/s/u.log' };
    const state: JobState = {
      ...t,
      status: 'PR_CREATED',
      gates: {
        compile: { attempts: 1, warnings: 0, durationMs: 1 },
        tests: { status: 'passed', runner: 'ctest', total: 1, passed: 1, failed: 0, skipped: 0, failedTests: [], blocking: false, durationMs: 1 },
        staticAnalysis: { tool: null, findings: [] },
        rules: { coreFiles: [], buildFiles: [], createdFiles: [] },
        reproduction: { verdict: 'passed', reason: 'ok', unfixed, fixed: { ...unfixed, crashed: false, signal: null, exitCode: 0 } },
        isolation: { sandbox: 'none', detail: 'sandbox: none (allow-listed environment only)' },
      },
      publication: { commit: 'c'.repeat(40), pushedAt: '2026-12-04T00:00:00.000Z' },
      pr: { number: 7, url: 'https://github.com/acme/server/pull/7', action: 'created', commit: 'c'.repeat(40), regressionOf: null },
    };
    expect(outputs(state)).toMatchObject({ status: 'PR_CREATED', 'pr-number': '7', 'tests-result': 'passed', 'reproduction-result': 'passed', sandbox: 'none', 'fix-commit': 'c'.repeat(40), 'fix-branch': 'crash-autofix/access-violation-0123456789ab', 'build-log': '/s/build-1.log' });
  });

  it("says 'failed' when the fixed build still crashed, and nothing when the gate did not run", () => {
    const failed: JobState = { status: 'FAILED', error: { stage: 'reproduce', kind: 'tool-failed', message: 'The fixed build still crashes (SIGSEGV; unfixed: SIGSEGV).', retryable: false }, resumeFrom: testing() };
    expect(outputs(failed)).toMatchObject({ status: 'FAILED', 'reproduction-result': 'failed', error: 'The fixed build still crashes (SIGSEGV; unfixed: SIGSEGV).' });
    expect(outputs({ ...failed, error: { ...failed.error, stage: 'compile' } })['reproduction-result']).toBeUndefined();
  });
});

describe('analyzeOutputs for a duplicate crash', () => {
  it('names the pull request the crash already has, and no pull request when it went to a job here only', () => {
    const { status: _s, ...pending } = analysisPending();
    const state: JobState = { ...pending, status: 'DUPLICATE', duplicateOf: { why: 'open-pull-request', jobId: 'a'.repeat(16), pr: { number: 4, url: 'https://github.com/acme/server/pull/4' } }, reason: 'r' };
    expect(outputs(state)).toMatchObject({ status: 'DUPLICATE', 'pr-url': 'https://github.com/acme/server/pull/4', 'pr-number': '4', signature: 'access-violation-0123456789ab' });
    expect(outputs(state)['pr-action']).toBeUndefined();
    const here: JobState = { ...state, duplicateOf: { why: 'fixed-here', jobId: 'a'.repeat(16), pr: null } };
    expect(outputs(here)['pr-url']).toBeUndefined();
  });
});

describe('the culprit output', () => {
  it('is the repository-relative file:line of an in-app culprit', () => {
    expect(outputs(analysisPending())).toMatchObject({ culprit: 'src/game/session.cpp:33', 'culprit-function': 'WorldSession::HandlePacket' });
  });

  it('is empty when no frame maps into the repository, though the report still blames a frame by its build path', () => {
    const buildPath = '/home/ci/work/src/game/session.cpp';
    const report = sampleReport({
      frames: [{ index: 0, address: '0x401000', module: 'worldserver', function: 'WorldSession::HandlePacket', file: buildPath, line: 33, inApp: false, inline: false }],
      culprit: { frameIndex: 0, function: 'WorldSession::HandlePacket', file: buildPath, line: 33 },
    });
    const out = outputs({ ...analysisPending(), report });
    expect(out.culprit).toBe('');
    // The function is still worth knowing.
    expect(out['culprit-function']).toBe('WorldSession::HandlePacket');
    expect(out.signature).toBe(report.signature);
  });
});
