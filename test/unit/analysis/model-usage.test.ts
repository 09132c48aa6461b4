import { describe, expect, it } from 'vitest';
import { addTurn, emptyUsage, estimateCostUsd, modelFamily, tokensSpent } from '../../../src/analysis/model-usage.js';

describe('usage and cost', () => {
  it('finds the family in current and older model ids', () => {
    expect(modelFamily('claude-sonnet-5-5')).toBe('sonnet');
    expect(modelFamily('claude-opus-4-8')).toBe('opus');
    expect(modelFamily('claude-haiku-4-5-20251001')).toBe('haiku');
    expect(modelFamily('claude-3-5-sonnet-20241022')).toBe('sonnet');
    expect(modelFamily('gpt-4')).toBeNull();
  });

  it('accumulates every token kind and turn, and estimates the cost from the family price', () => {
    let usage = emptyUsage();
    usage = addTurn(usage, { inputTokens: 1_000_000, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0 }, 'claude-sonnet-5-5');
    usage = addTurn(usage, { inputTokens: 0, outputTokens: 1_000_000, cacheReadTokens: 1_000_000, cacheWriteTokens: 1_000_000 }, 'claude-sonnet-5-5');
    expect(usage).toEqual({ inputTokens: 1_000_000, outputTokens: 1_000_000, cacheReadTokens: 1_000_000, cacheWriteTokens: 1_000_000, turns: 2, estimatedCostUsd: 3 + 15 + 0.3 + 3.75 });
    expect(tokensSpent(usage)).toBe(4_000_000);
  });

  it('prices families differently and leaves unknown ones unpriced', () => {
    const tokens = { inputTokens: 1000, outputTokens: 1000, cacheReadTokens: 0, cacheWriteTokens: 0 };
    expect(estimateCostUsd(tokens, 'claude-opus-4-8')).toBe(0.03);
    expect(estimateCostUsd(tokens, 'claude-haiku-4-5')).toBe(0.006);
    expect(estimateCostUsd(tokens, 'claude-fable-5')).toBeNull();
    expect(addTurn(emptyUsage(), tokens, 'my-gateway-model').estimatedCostUsd).toBeNull();
  });
});
