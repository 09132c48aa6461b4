import { describe, expect, it } from 'vitest';
import { CrashAutofixError, RetryableError, StageError } from '../../../src/base/errors.js';
import type { EngineDeps, EngineOutcome } from '../../../src/analysis/engine-types.js';
import type { AnalysisRecord } from '../../../src/domain/job-state.js';
import type { CrashReport } from '../../../src/domain/crash-report.js';
import { analyzeCrashStage, type AnalyzeCrashDeps } from '../../../src/stages/analyze-crash.js';
import { fixOutcome, gaveUpOutcome, sampleConversation, sampleProposal } from '../../fakes/sample-outcomes.js';
import { analyzing } from '../../fakes/sample-states.js';
import { lesson } from '../../fakes/crash-records.js';
import type { Lesson } from '../../../src/domain/crash-record.js';

/** The engine's parts; the stage only passes them on, so any distinct object will do. */
const ENGINE = { settings: { model: 'claude-sonnet-4-5', maxTurns: 8, maxOutputTokens: 4096, tokenBudget: 100_000, maxCorrections: 2 } } as unknown as Omit<EngineDeps, 'guidance'>;

interface Recorded {
  runs: Array<EngineDeps & { report: CrashReport; lessons?: readonly Lesson[] }>;
  files: Map<string, string>;
  warnings: string[];
}

function deps(rec: Recorded, outcome: () => Promise<EngineOutcome>, over: Partial<AnalyzeCrashDeps> = {}): AnalyzeCrashDeps {
  return {
    engine: () => Promise.resolve(ENGINE),
    run: (input) => (rec.runs.push(input), outcome()),
    readGuidance: (file) => Promise.resolve(`guidance from ${file}`),
    writeJobFile: (name, content) => (rec.files.set(name, content), Promise.resolve(`/s/${name}`)),
    renderMarkdown: (a: AnalysisRecord) => `# ${a.proposal.root_cause.summary} (${a.files.json})`,
    model: 'claude-sonnet-4-5',
    warn: (m) => rec.warnings.push(m),
    ...over,
  };
}

function recorder(): Recorded {
  return { runs: [], files: new Map(), warnings: [] };
}

async function failure(promise: Promise<unknown>): Promise<StageError> {
  const error = await promise.catch((e: unknown) => e);
  expect(error).toBeInstanceOf(StageError);
  return error as StageError;
}

describe('analyzeCrashStage', () => {
  it('runs the engine on the report and records the fix, its usage and files as attempt 1 of FIX_GENERATED', async () => {
    const rec = recorder();
    const state = analyzing();
    const next = await analyzeCrashStage(state, deps(rec, () => Promise.resolve(fixOutcome())));
    expect(rec.runs).toHaveLength(1);
    expect(rec.runs[0]).toMatchObject({ settings: ENGINE.settings, guidance: null, report: state.report });
    expect(next).toEqual({
      status: 'FIX_GENERATED',
      dump: state.dump,
      report: state.report,
      files: state.files,
      analysis: {
        model: 'claude-sonnet-4-5',
        attempt: 1,
        proposal: sampleProposal(),
        usage: fixOutcome().usage,
        files: { transcript: '/s/transcript.json', conversation: '/s/conversation.json', json: '/s/analysis.json', markdown: '/s/analysis.md' },
      },
    });
    expect('guidanceFile' in next).toBe(false);
  });

  it("passes the crash's lessons to the engine and records them on the analysis; none are recorded without any", async () => {
    const rec = recorder();
    const state = analyzing();
    const given = [lesson('l1', { signature: 'other', module: 'src/server', text: 'Check the session owner.', at: '2026-11-04T10:00:00.000Z' })];
    const asked: string[] = [];
    const next = await analyzeCrashStage(state, deps(rec, () => Promise.resolve(fixOutcome()), { lessons: (report) => (asked.push(report.signature), Promise.resolve(given)) }));
    expect(asked).toEqual([state.report.signature]);
    expect(rec.runs[0]?.lessons).toEqual(given);
    expect(next.analysis.lessons).toEqual(given);
    const none = await analyzeCrashStage(state, deps(recorder(), () => Promise.resolve(fixOutcome()), { lessons: () => Promise.resolve([]) }));
    expect(none.analysis).not.toHaveProperty('lessons');
  });

  it('writes the transcript, the conversation to resume, the analysis and its Markdown', async () => {
    const rec = recorder();
    await analyzeCrashStage(analyzing(), deps(rec, () => Promise.resolve(fixOutcome())));
    expect([...rec.files.keys()]).toEqual(['transcript.json', 'conversation.json', 'analysis.json', 'analysis.md']);
    expect(JSON.parse(rec.files.get('transcript.json') ?? '')).toEqual(fixOutcome().transcript);
    expect(JSON.parse(rec.files.get('conversation.json') ?? '')).toEqual(sampleConversation());
    expect(JSON.parse(rec.files.get('analysis.json') ?? '')).toEqual({ model: 'claude-sonnet-4-5', ...sampleProposal(), usage: fixOutcome().usage });
    expect(rec.files.get('analysis.md')).toBe('# The packet is freed twice. (/s/analysis.json)');
  });

  it('gives the engine the repository guidance, cut at 16 KiB', async () => {
    const rec = recorder();
    const long = 'x'.repeat(16 * 1024 + 5);
    await analyzeCrashStage(analyzing('/repo/CLAUDE.md'), deps(rec, () => Promise.resolve(fixOutcome()), { readGuidance: () => Promise.resolve(long) }));
    expect(rec.runs[0]?.guidance).toBe('x'.repeat(16 * 1024));
    const short = recorder();
    await analyzeCrashStage(analyzing('/repo/AGENTS.md'), deps(short, () => Promise.resolve(fixOutcome())));
    expect(short.runs[0]?.guidance).toBe('guidance from /repo/AGENTS.md');
  });

  it('passes on the warnings of a fix taken with a correction', async () => {
    const rec = recorder();
    await analyzeCrashStage(analyzing(), deps(rec, () => Promise.resolve(fixOutcome(["Unknown category 'memory' was taken as 'other'"]))));
    expect(rec.warnings).toEqual(["Unknown category 'memory' was taken as 'other'"]);
  });

  it.each([
    ['budget', "Claude gave no usable fix (budget): 100000 tokens used; raise 'token-budget'"],
    ['max-turns', "Claude gave no usable fix (max-turns): 8 requests made; raise 'max-turns'"],
    ['no-fix', 'Claude gave no usable fix (no-fix): it found no safe change; see the transcript, /s/transcript.json'],
  ] as const)('fails as a model error when Claude gives up (%s), saying what to do, after saving the transcript', async (reason, message) => {
    const rec = recorder();
    const said = { budget: '100000 tokens used', 'max-turns': '8 requests made', 'no-fix': 'it found no safe change' }[reason];
    const error = await failure(analyzeCrashStage(analyzing(), deps(rec, () => Promise.resolve(gaveUpOutcome(reason, said)))));
    expect(error).toMatchObject({ stage: 'analyze', kind: 'model', retryable: false, message });
    expect([...rec.files.keys()]).toEqual(['transcript.json', 'conversation.json']);
  });

  it.each([
    ['a network failure', new CrashAutofixError('network', 'The Claude API did not answer: ECONNRESET'), 'network', true],
    ['a timeout', new CrashAutofixError('timeout', 'The Claude API did not answer within 600 s'), 'timeout', true],
    ['an overloaded API the client marks retryable', new RetryableError('model', 'The Claude API is overloaded (529)', true), 'model', true],
    ['a rejected key', new CrashAutofixError('config', "The Claude API refused the key (401); check 'anthropic-api-key'"), 'config', false],
  ] as const)('reports %s from the engine as a StageError of this stage, writing nothing', async (_what, cause, kind, retryable) => {
    const rec = recorder();
    const error = await failure(analyzeCrashStage(analyzing(), deps(rec, () => Promise.reject(cause))));
    expect(error).toMatchObject({ stage: 'analyze', kind, retryable, message: cause.message });
    expect(error.cause).toBe(cause);
    expect(rec.files.size).toBe(0);
  });

  it('reports an engine that cannot be built (no key) as a StageError of this stage without running it', async () => {
    const rec = recorder();
    const missing = new CrashAutofixError('config', "Input 'anthropic-api-key' must be set to analyse the crash, got nothing");
    const error = await failure(analyzeCrashStage(analyzing(), deps(rec, () => Promise.resolve(fixOutcome()), { engine: () => Promise.reject(missing) })));
    expect(error).toMatchObject({ stage: 'analyze', kind: 'config', retryable: false, message: missing.message });
    expect(rec.runs).toEqual([]);
  });
});
