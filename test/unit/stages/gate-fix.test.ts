import { describe, expect, it } from 'vitest';
import { CrashAutofixError, RetryableError, StageError } from '../../../src/base/errors.js';
import type { Edit } from '../../../src/domain/fix-proposal.js';
import type { EditProblem, EditValidator } from '../../../src/domain/model-tools.js';
import { gateFix, type GateFixDeps } from '../../../src/stages/gate-fix.js';
import { fixGenerated } from '../../fakes/sample-states.js';

/** A validator that records the edits it was shown and finds `problems`. */
function validator(seen: Edit[][], problems: EditProblem[] = []): EditValidator {
  return { check: (edits) => (seen.push([...edits]), Promise.resolve(problems)) };
}

function withConfidence(confidence: number): ReturnType<typeof fixGenerated> {
  const state = fixGenerated();
  const proposal = state.analysis.proposal;
  return { ...state, analysis: { ...state.analysis, proposal: { ...proposal, root_cause: { ...proposal.root_cause, confidence } } } };
}

describe('gateFix', () => {
  it('passes a confident fix that policy accepts on to APPLYING_FIX, unchanged otherwise', async () => {
    const seen: Edit[][] = [];
    const state = fixGenerated();
    const next = await gateFix(state, { minConfidence: 0.7, validator: validator(seen) });
    expect(seen).toEqual([[{ path: 'src/game/session.cpp', old_text: 'a', new_text: 'b' }]]);
    const { status: _s, ...rest } = state;
    expect(next).toEqual({ ...rest, status: 'APPLYING_FIX' });
  });

  it('lets a fix exactly at the minimum confidence through', async () => {
    const next = await gateFix(withConfidence(0.7), { minConfidence: 0.7, validator: validator([]) });
    expect(next.status).toBe('APPLYING_FIX');
  });

  it('stops below the minimum confidence at LOW_CONFIDENCE with the issue it opened, without checking the edits', async () => {
    const seen: Edit[][] = [];
    const opened: string[] = [];
    const state = withConfidence(0.69);
    const next = await gateFix(state, {
      minConfidence: 0.7,
      validator: validator(seen),
      openIssue: (s) => (opened.push(`${s.status} ${s.report.signature}`), Promise.resolve({ number: 17, url: 'https://github.com/o/r/issues/17' })),
    });
    expect(opened).toEqual(['FIX_GENERATED access-violation-0123456789ab']);
    expect(seen).toEqual([]);
    const { status: _s, unfixedRun: _u, ...rest } = state;
    expect(next).toEqual({ ...rest, status: 'LOW_CONFIDENCE', minConfidence: 0.7, issue: { number: 17, url: 'https://github.com/o/r/issues/17' } });
  });

  it('stops below the minimum confidence with no issue when GitHub is not configured', async () => {
    const next = await gateFix(withConfidence(0.2), { minConfidence: 0.5, validator: validator([]) });
    expect(next).toMatchObject({ status: 'LOW_CONFIDENCE', minConfidence: 0.5, issue: null });
    expect(next.analysis.proposal.root_cause.confidence).toBe(0.2);
  });

  it.each([
    ['a network failure, retryable', new CrashAutofixError('network', 'GitHub did not answer: ECONNRESET'), 'network', true],
    ['a refusal, not retryable', new CrashAutofixError('config', "The token cannot open issues; give it 'issues: write'"), 'config', false],
    ['a rate limit the adapter marks retryable', new RetryableError('tool-failed', 'GitHub rate limit; try again after 12:00', true), 'tool-failed', true],
  ] as const)('reports an issue that cannot be opened (%s) as a failure of the gate', async (_what, cause, kind, retryable) => {
    const deps: GateFixDeps = { minConfidence: 0.95, validator: validator([]), openIssue: () => Promise.reject(cause) };
    const error = await gateFix(fixGenerated(), deps).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StageError);
    expect(error).toMatchObject({ stage: 'gate', kind, retryable, message: cause.message });
  });

  it('refuses a fix that policy now rejects, naming every edit and reason', async () => {
    const problems: EditProblem[] = [
      { editIndex: 0, path: 'src/game/session.cpp', reason: 'old_text occurs 2 times; it must occur exactly once' },
      { editIndex: 2, path: '.github/workflows/ci.yml', reason: "the path is outside 'allowed-paths'" },
    ];
    const error = await gateFix(fixGenerated(), { minConfidence: 0.5, validator: validator([], problems) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StageError);
    expect(error).toMatchObject({
      stage: 'gate',
      kind: 'policy',
      retryable: false,
      message:
        "The proposed fix is refused by policy: edit 1 (src/game/session.cpp): old_text occurs 2 times; it must occur exactly once; edit 3 (.github/workflows/ci.yml): the path is outside 'allowed-paths'",
    });
  });
});
