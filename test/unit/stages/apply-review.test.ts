import { describe, expect, it } from 'vitest';
import { StageError } from '../../../src/base/errors.js';
import type { EngineDeps } from '../../../src/analysis/engine-types.js';
import { JobStateSchema, type AnalysisRecord } from '../../../src/domain/job-state.js';
import { applyReview, type ApplyReviewDeps } from '../../../src/stages/apply-review.js';
import { compile, type CompileDeps } from '../../../src/stages/compile.js';
import type { BuildResult } from '../../../src/toolchain/build-result.js';
import { fixOutcome, gaveUpOutcome, sampleConversation, sampleProposal } from '../../fakes/sample-outcomes.js';
import { awaitingApproval, compiling, prCreated } from '../../fakes/sample-states.js';

const ENGINE = { settings: { model: 'claude-sonnet-4-5', maxTurns: 8, maxOutputTokens: 4096, tokenBudget: 100_000, maxCorrections: 2 } } as unknown as Omit<EngineDeps, 'guidance'>;
const REQUEST: ApplyReviewDeps['request'] = {
  input: { kind: 'review', review: { id: 41, reviewer: 'lead-dev', state: 'CHANGES_REQUESTED', body: 'Log it too.', comments: [{ path: 'src/game/session.cpp', line: 33, body: 'Warn here.' }] } },
  asked: { kind: 'review', id: 41, author: 'lead-dev' },
};

function deps(sent: string[], files: Map<string, string>, over: Partial<ApplyReviewDeps> = {}): ApplyReviewDeps {
  return {
    request: REQUEST,
    engine: () => Promise.resolve(ENGINE),
    loadConversation: (file) => (sent.push(`load ${file}`), Promise.resolve(sampleConversation())),
    revise: (_conversation, text, engine) => (sent.push(text), expect(engine.guidance).toBeNull(), Promise.resolve(fixOutcome())),
    writeJobFile: (name, content) => (files.set(name, content), Promise.resolve(`/s/${name}`)),
    renderMarkdown: (a: AnalysisRecord) => `# attempt ${a.attempt}`,
    warn: (m) => sent.push(`warn ${m}`),
    ...over,
  };
}

describe('applyReview', () => {
  it('sends the review to the model and makes its answer a new FIX_GENERATED, without the old fix’s tree, gates or pull request', async () => {
    const sent: string[] = [];
    const files = new Map<string, string>();
    const state = prCreated();
    const next = await applyReview(state, deps(sent, files));
    expect(sent[0]).toBe(`load ${state.analysis.files.conversation}`);
    expect(sent[1]).toContain('@lead-dev reviewed the pull request (changes requested).');
    expect(sent[1]).toContain('- src/game/session.cpp:33: Warn here.');
    expect(next.status).toBe('FIX_GENERATED');
    expect(next.analysis).toMatchObject({ attempt: state.analysis.attempt + 1, proposal: sampleProposal(), files: { transcript: `/s/transcript-${state.analysis.attempt + 1}.json`, conversation: '/s/conversation.json', json: '/s/analysis.json', markdown: '/s/analysis.md' } });
    expect(next.revision).toEqual({ count: 1, request: REQUEST.asked, attempt: state.analysis.attempt + 1 });
    for (const gone of ['pr', 'publication', 'gates', 'build', 'worktree']) expect(next).not.toHaveProperty(gone);
    expect(next.report).toBe(state.report);
    expect(JobStateSchema.parse(next)).toEqual(next);
    expect(files.get('analysis.md')).toBe(`# attempt ${state.analysis.attempt + 1}`);
  });

  it('counts on from an earlier revision, from AWAITING_APPROVAL too', async () => {
    const state = { ...awaitingApproval(), revision: { count: 2, request: { kind: 'comment' as const, id: 9, author: 'x' }, attempt: 3 } };
    const next = await applyReview(state, deps([], new Map()));
    expect(next.revision?.count).toBe(3);
  });

  it('fails the stage when the model gives no revised fix; the files say why', async () => {
    const files = new Map<string, string>();
    const error = await applyReview(prCreated(), deps([], files, { revise: () => Promise.resolve(gaveUpOutcome('budget', 'The token budget is spent')) })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StageError);
    expect(error).toMatchObject({ stage: 'revise', kind: 'model', retryable: false });
    expect((error as Error).message).toBe('Claude gave no revised fix for the review (budget): The token budget is spent; the pull request keeps its last fix');
    expect([...files.keys()]).toEqual(['transcript-2.json', 'conversation.json']);
  });

  it('old records without a revision still parse', () => {
    const { revision: _r, ...old } = prCreated();
    expect(JobStateSchema.parse(old)).not.toHaveProperty('revision');
  });
});

describe('compile in a revision', () => {
  it('gives each revision its own max-fix-attempts', async () => {
    const broken: BuildResult = { ok: false, durationMs: 1, logFile: '/s/build.log', diagnostics: [], exitCode: 2, timedOut: false, outputTail: 'error' };
    const base = compiling();
    const state = { ...base, analysis: { ...base.analysis, attempt: 4 }, revision: { count: 1, request: null, attempt: 4 } };
    const compileDeps: CompileDeps = {
      ensureTree: () => Promise.resolve(),
      builder: { build: () => Promise.resolve({ result: broken, buildDir: '/w/build' }), describe: () => 'cmake' },
      engine: () => Promise.resolve(ENGINE),
      loadConversation: () => Promise.resolve(sampleConversation()),
      revise: () => Promise.resolve(fixOutcome()),
      log: { warning: () => undefined, error: () => undefined },
      maxAttempts: 2,
      logFile: (n) => `/s/build-${n}.log`,
      writeJobFile: (name) => Promise.resolve(`/s/${name}`),
      renderMarkdown: () => '',
    };
    // Attempt 4 is this revision's first: a corrected fix is asked for although the job made 4 fixes.
    expect((await compile(state, compileDeps)).status).toBe('FIX_GENERATED');
    const error = await compile({ ...state, analysis: { ...state.analysis, attempt: 5 } }, compileDeps).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/^The fix does not compile after 2 attempt\(s\)/);
  });
});
