import { describe, expect, it } from 'vitest';
import { renderJson, renderMarkdown, totalsOf } from '../../../scripts/fix-bench/render-results.js';
import type { ScenarioResult } from '../../../scripts/fix-bench/score.js';

const usage = (turns: number, input: number, output: number, cost: number | null) => ({ inputTokens: input, outputTokens: output, cacheReadTokens: 100, cacheWriteTokens: 50, turns, estimatedCostUsd: cost });

const VERIFIED: ScenarioResult = {
  name: 'null-write',
  status: 'VERIFIED',
  failure: null,
  culprit: { expected: 'src/bot-ai.cpp:32', found: 'src/bot-ai.cpp:32', ok: true },
  compiles: true,
  tests: true,
  reproduction: true,
  reproductionVerdict: 'passed',
  groundTruth: true,
  usage: usage(3, 4000, 500, 0.0195),
  durationMs: 12_300,
};

const NOT_BUILT: ScenarioResult = {
  name: 'libc',
  status: 'FAILED',
  failure: "FAILED in stage 'compile': The fix does not compile after 3 attempt(s) (session.cpp:60: error)",
  culprit: { expected: 'src/session.cpp:60', found: 'src/session.cpp:40', ok: false },
  compiles: false,
  tests: null,
  reproduction: null,
  reproductionVerdict: null,
  groundTruth: false,
  usage: usage(5, 9000, 1000, 0.0421),
  durationMs: 30_000,
};

const NOT_REPRODUCED: ScenarioResult = { ...VERIFIED, name: 'worker|thread', reproduction: null, reproductionVerdict: 'not-reproduced', usage: usage(1, 10, 10, null) };

const BROKEN: ScenarioResult = {
  ...NOT_BUILT,
  name: 'ours',
  status: 'ERROR',
  failure: 'The scenario could not be set up: Cannot clone',
  culprit: { expected: 'a ground-truth line', found: null, ok: false },
  compiles: null,
  groundTruth: null,
  usage: null,
  durationMs: 700,
};

describe('totalsOf', () => {
  it('counts each gate passed, sums the usage, and prices only what has a price', () => {
    expect(totalsOf([VERIFIED, NOT_BUILT, NOT_REPRODUCED, BROKEN])).toEqual({
      scenarios: 4,
      culpritFound: 2,
      compiles: 2,
      testsPass: 2,
      reproductionPasses: 1,
      touchesGroundTruth: 2,
      verified: 2,
      turns: 9,
      inputTokens: 13_010,
      outputTokens: 1510,
      cacheReadTokens: 300,
      cacheWriteTokens: 150,
      estimatedCostUsd: 0.0616,
      durationMs: 55_300,
    });
    expect(totalsOf([NOT_REPRODUCED]).estimatedCostUsd).toBeNull();
  });
});

describe('renderMarkdown', () => {
  it('has a row per scenario and ends with the totals', () => {
    const text = renderMarkdown([VERIFIED, NOT_BUILT, NOT_REPRODUCED, BROKEN], 'claude-sonnet-5-5');
    const lines = text.trimEnd().split('\n');
    expect(lines[0]).toBe('Fix rate on 4 scenario(s), model claude-sonnet-5-5');
    expect(lines).toContain('| null-write | ✓ src/bot-ai.cpp:32 | ✓ | ✓ | ✓ | ✓ | 3 | 4150 / 500 | $0.0195 | 12.3 s | VERIFIED |');
    expect(lines).toContain('| libc | ✗ src/session.cpp:40 (expected src/session.cpp:60) | ✗ | — | — | ✗ | 5 | 9150 / 1000 | $0.0421 | 30.0 s | FAILED in compile |');
    expect(lines).toContain('| worker\\|thread | ✓ src/bot-ai.cpp:32 | ✓ | ✓ | — (not reproduced) | ✓ | 1 | 160 / 10 | unknown | 12.3 s | VERIFIED |');
    expect(lines).toContain('| ours | ✗ none (expected a ground-truth line) | — | — | — | — | — | — | — | 0.7 s | ERROR |');
    expect(lines.slice(-10)).toEqual([
      '| Culprit found | 2/4 (50%) |',
      '| Fix compiles | 2/4 (50%) |',
      '| Tests pass | 2/4 (50%) |',
      '| Reproduction passes | 1/4 (25%) |',
      '| Patch touches the ground truth | 2/4 (50%) |',
      '| Every gate passed (VERIFIED) | 2/4 (50%) |',
      '| Turns | 9 |',
      '| Tokens: input / output / cache read / cache write | 13010 / 1510 / 300 / 150 |',
      '| Estimated cost | $0.0616 |',
      '| Time | 55.3 s |',
    ]);
  });
});

describe('renderJson', () => {
  it('holds the model, every scenario and the totals', () => {
    const parsed = JSON.parse(renderJson([VERIFIED, BROKEN], 'claude-opus-4-1')) as { model: string; scenarios: ScenarioResult[]; totals: { scenarios: number; verified: number } };
    expect(parsed.model).toBe('claude-opus-4-1');
    expect(parsed.scenarios).toEqual([VERIFIED, BROKEN]);
    expect(parsed.totals).toMatchObject({ scenarios: 2, verified: 1 });
  });
});
