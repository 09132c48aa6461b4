import { describe, expect, it } from 'vitest';
import { CrashAutofixError, StageError } from '../../../src/base/errors.js';
import type { EngineDeps, EngineOutcome } from '../../../src/analysis/engine-types.js';
import type { StoredConversation } from '../../../src/analysis/stored-conversation.js';
import type { AnalysisRecord } from '../../../src/domain/job-state.js';
import { compile, type CompileDeps } from '../../../src/stages/compile.js';
import type { BuildResult } from '../../../src/toolchain/build-result.js';
import type { CompilerDiagnostic } from '../../../src/toolchain/compiler-diagnostics.js';
import { fixOutcome, gaveUpOutcome, sampleConversation, sampleProposal } from '../../fakes/sample-outcomes.js';
import { compiling } from '../../fakes/sample-states.js';

function diagnostic(severity: 'error' | 'warning', file: string, line: number, message: string): CompilerDiagnostic {
  return { severity, file, line, column: 5, code: null, message, notes: [] };
}

const WARNING = diagnostic('warning', 'src/game/session.cpp', 40, "unused variable 'n'");
const FIRST_ERROR = diagnostic('error', 'src/game/session.cpp', 33, "'packet' was not declared in this scope");
const SECOND_ERROR = diagnostic('error', 'src/game/queue.cpp', 12, "expected ';' before '}' token");

const BUILT: BuildResult = { ok: true, durationMs: 2300, logFile: '/s/build-1.log', diagnostics: [WARNING, WARNING], exitCode: 0, timedOut: false, outputTail: '' };
const BROKEN: BuildResult = { ok: false, durationMs: 900, logFile: '/s/build-1.log', diagnostics: [FIRST_ERROR, SECOND_ERROR, WARNING], exitCode: 2, timedOut: false, outputTail: 'make: *** [all] Error 2' };

/** The engine's parts; the stage only passes them on, so any distinct object will do. */
const ENGINE = { settings: { model: 'claude-sonnet-4-5', maxTurns: 8, maxOutputTokens: 4096, tokenBudget: 100_000, maxCorrections: 2 } } as unknown as Omit<EngineDeps, 'guidance'>;

type Location = { file?: string; line?: number; title?: string } | undefined;

interface Recorded {
  events: string[];
  files: Map<string, string>;
  /** What went to the log: level, message, location. */
  logged: Array<[string, string, Location]>;
  revisions: Array<{ conversation: StoredConversation; diagnostics: string; engine: EngineDeps }>;
}

function recorder(): Recorded {
  return { events: [], files: new Map(), logged: [], revisions: [] };
}

function deps(rec: Recorded, result: BuildResult, over: Partial<CompileDeps> = {}): CompileDeps {
  return {
    ensureTree: (tree) => Promise.resolve(rec.events.push(`ensure ${tree.dir} on ${tree.branch}`)),
    builder: { build: (dir, log) => (rec.events.push(`build ${dir} > ${log}`), Promise.resolve({ result, buildDir: '/w/build' })), describe: () => 'cmake Debug target=worldserver' },
    engine: () => Promise.resolve(ENGINE),
    loadConversation: (file) => (rec.events.push(`load ${file}`), Promise.resolve(sampleConversation())),
    revise: (conversation, diagnostics, engine) => (rec.events.push('revise'), rec.revisions.push({ conversation, diagnostics, engine }), Promise.resolve(fixOutcome())),
    log: {
      warning: (message, location) => rec.logged.push(['warning', message, location]),
      error: (message, location) => rec.logged.push(['error', message, location]),
    },
    maxAttempts: 3,
    logFile: (attempt) => `/s/build-${attempt}.log`,
    writeJobFile: (name, content) => (rec.files.set(name, content), Promise.resolve(`/s/${name}`)),
    renderMarkdown: (a: AnalysisRecord) => `# attempt ${a.attempt}: ${a.proposal.root_cause.summary}`,
    ...over,
  };
}

function atAttempt(attempt: number): ReturnType<typeof compiling> {
  const state = compiling();
  return { ...state, analysis: { ...state.analysis, attempt } };
}

async function failure(promise: Promise<unknown>): Promise<StageError> {
  const error = await promise.catch((e: unknown) => e);
  expect(error).toBeInstanceOf(StageError);
  return error as StageError;
}

describe('compile', () => {
  it('builds the fix in its locked work tree and moves on to TESTING with the build record', async () => {
    const rec = recorder();
    const state = compiling();
    const next = await compile(state, deps(rec, BUILT));
    expect(rec.events).toEqual(['ensure /w/tree on crash-autofix/access-violation-0123456789ab', 'build /w/tree > /s/build-1.log']);
    const { status: _s, ...rest } = state;
    const identity = { baseCommit: state.worktree.baseCommit, diffSha256: state.worktree.diffSha256, builder: 'cmake Debug target=worldserver' };
    expect(next).toEqual({ ...rest, status: 'TESTING', build: { buildDir: '/w/build', identity, logFile: '/s/build-1.log', durationMs: 2300, warnings: 2 } });
  });

  it('annotates every diagnostic at its place in the repository, also when the build succeeds', async () => {
    const rec = recorder();
    await compile(compiling(), deps(rec, BUILT));
    const at40 = { file: 'src/game/session.cpp', line: 40, title: 'Build warning' };
    expect(rec.logged).toEqual([
      ['warning', "unused variable 'n'", at40],
      ['warning', "unused variable 'n'", at40],
    ]);
  });

  it('annotates a diagnostic outside the work tree without a location, naming its file in the message', async () => {
    const rec = recorder();
    const header: CompilerDiagnostic = { ...FIRST_ERROR, file: '/usr/include/c++/13/bits/stl_vector.h', line: 1125 };
    await compile(compiling(), deps(rec, { ...BROKEN, diagnostics: [header] }, { maxAttempts: 1 })).catch(() => undefined);
    expect(rec.logged).toEqual([['error', "/usr/include/c++/13/bits/stl_vector.h:1125:5: 'packet' was not declared in this scope", { title: 'Build error' }]]);
  });

  it('records the log it asked for when the build names none', async () => {
    const { logFile: _l, ...unlogged } = BUILT;
    const next = await compile(atAttempt(2), deps(recorder(), unlogged));
    expect(next).toMatchObject({ status: 'TESTING', build: { logFile: '/s/build-2.log' } });
  });

  it('sends the errors back to Claude when the fix does not build and makes its corrected fix attempt 2 of FIX_GENERATED', async () => {
    const rec = recorder();
    const state = compiling();
    const next = await compile(state, deps(rec, BROKEN));
    expect(rec.events.slice(-2)).toEqual(['load /s/conversation.json', 'revise']);
    expect(rec.revisions).toEqual([
      {
        conversation: sampleConversation(),
        diagnostics: [
          '2 error(s), 1 warning(s)',
          "src/game/session.cpp:33:5: error: 'packet' was not declared in this scope",
          "src/game/queue.cpp:12:5: error: expected ';' before '}' token",
          "src/game/session.cpp:40:5: warning: unused variable 'n'",
        ].join('\n'),
        engine: { ...ENGINE, guidance: null },
      },
    ]);
    expect(rec.logged.map(([level]) => level)).toEqual(['error', 'error', 'warning']);
    const { status: _s, worktree: _w, ...rest } = state;
    expect(next).toEqual({
      ...rest,
      status: 'FIX_GENERATED',
      analysis: {
        model: 'claude-sonnet-4-5',
        attempt: 2,
        proposal: sampleProposal(),
        usage: fixOutcome().usage,
        files: { transcript: '/s/transcript-2.json', conversation: '/s/conversation.json', json: '/s/analysis.json', markdown: '/s/analysis.md' },
      },
    });
    expect('worktree' in next).toBe(false);
  });

  it('saves the revision’s transcript, conversation, analysis and Markdown under the new attempt', async () => {
    const rec = recorder();
    await compile(atAttempt(2), deps(rec, BROKEN));
    expect([...rec.files.keys()]).toEqual(['transcript-3.json', 'conversation.json', 'analysis.json', 'analysis.md']);
    expect(JSON.parse(rec.files.get('conversation.json') ?? '')).toEqual(sampleConversation());
    expect(JSON.parse(rec.files.get('analysis.json') ?? '')).toEqual({ model: 'claude-sonnet-4-5', attempt: 3, ...sampleProposal(), usage: fixOutcome().usage });
    expect(rec.files.get('analysis.md')).toBe('# attempt 3: The packet is freed twice.');
  });

  it('passes on the warnings of a corrected fix', async () => {
    const rec = recorder();
    await compile(compiling(), deps(rec, BROKEN, { revise: () => Promise.resolve(fixOutcome(['Edit 2 was dropped: it changed nothing'])) }));
    expect(rec.logged.filter(([, , where]) => where === undefined)).toEqual([['warning', 'Edit 2 was dropped: it changed nothing', undefined]]);
  });

  it("sends the end of the build's output when it printed no diagnostic the parser knows (a linker error)", async () => {
    const rec = recorder();
    const linker: BuildResult = { ...BROKEN, diagnostics: [], outputTail: "/usr/bin/ld: session.o: undefined reference to `Queue::drain()'\ncollect2: error: ld returned 1 exit status" };
    await compile(compiling(), deps(rec, linker));
    expect(rec.revisions.map((r) => r.diagnostics)).toEqual([linker.outputTail]);
  });

  it('fails naming the first error and the log once the attempts are used up, without asking Claude again', async () => {
    const rec = recorder();
    const error = await failure(compile(atAttempt(3), deps(rec, BROKEN)));
    expect(error).toMatchObject({
      stage: 'compile',
      kind: 'tool-failed',
      retryable: false,
      message:
        "The fix does not compile after 3 attempt(s) (src/game/session.cpp:33: 'packet' was not declared in this scope); build log: /s/build-3.log. Raise 'max-fix-attempts' or fix it by hand",
    });
    expect(rec.events.some((e) => e.startsWith('revise'))).toBe(false);
  });

  it('names the exit code when the failed build printed no compiler error', async () => {
    const linkless: BuildResult = { ...BROKEN, diagnostics: [], exitCode: 2 };
    const error = await failure(compile(compiling(), deps(recorder(), linkless, { maxAttempts: 1 })));
    expect(error.message).toBe("The fix does not compile after 1 attempt(s) (exit code 2); build log: /s/build-1.log. Raise 'max-fix-attempts' or fix it by hand");
  });

  it('fails retryably on a build timeout, whatever attempts are left', async () => {
    const rec = recorder();
    const slow: BuildResult = { ...BROKEN, diagnostics: [], exitCode: null, timedOut: true };
    const error = await failure(compile(compiling(), deps(rec, slow)));
    expect(error).toMatchObject({
      stage: 'compile',
      kind: 'timeout',
      retryable: true,
      message: "The build did not finish within 'build-timeout' (fix attempt 1); raise it. Build log: /s/build-1.log",
    });
    expect(rec.events.some((e) => e.startsWith('revise'))).toBe(false);
  });

  it('fails as a model error naming the first compiler error when Claude gives no corrected fix, after saving its transcript', async () => {
    const rec = recorder();
    const gaveUp: EngineOutcome = gaveUpOutcome('budget', 'the token budget of 100000 is used up');
    const error = await failure(compile(compiling(), deps(rec, BROKEN, { revise: () => Promise.resolve(gaveUp) })));
    expect(error).toMatchObject({
      stage: 'compile',
      kind: 'model',
      retryable: false,
      message: "The fix does not compile (src/game/session.cpp:33: 'packet' was not declared in this scope) and Claude gave no corrected fix (budget): the token budget of 100000 is used up",
    });
    expect([...rec.files.keys()]).toEqual(['transcript-2.json', 'conversation.json']);
  });

  it.each([
    ['the work tree cannot be restored', 'ensureTree', new CrashAutofixError('tool-failed', 'git checkout exited with code 128: index.lock exists'), 'tool-failed', false],
    ['cmake is missing', 'build', new CrashAutofixError('tool-missing', "cmake is not installed; install it or set 'build-command'"), 'tool-missing', false],
    ['the revision times out', 'revise', new CrashAutofixError('timeout', 'The Claude API did not answer within 600 s'), 'timeout', true],
    ['the saved conversation is unusable', 'loadConversation', new CrashAutofixError('bad-input', 'Saved model conversation /s/conversation.json is not JSON (Unexpected end of JSON input); re-run with --fresh'), 'bad-input', false],
    ['the engine cannot be built', 'engine', new CrashAutofixError('config', 'No Anthropic API key; set ANTHROPIC_API_KEY'), 'config', false],
  ] as const)('reports an adapter failure (%s) as a StageError of this stage', async (_what, port, cause, kind, retryable) => {
    const failing = () => Promise.reject(cause);
    const error = await failure(compile(compiling(), deps(recorder(), BROKEN, port === 'build' ? { builder: { build: failing, describe: () => 'cmake Debug' } } : { [port]: failing })));
    expect(error).toMatchObject({ stage: 'compile', kind, retryable, message: cause.message });
    expect(error.cause).toBe(cause);
  });
});
