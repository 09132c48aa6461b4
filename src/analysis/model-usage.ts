import type { TokenUsage } from '../domain/model-client.js';

/** A current Claude Sonnet from the SDK's model list (a unit test checks it is listed and not deprecated). */
export const DEFAULT_MODEL = 'claude-sonnet-5-5';

export interface Usage {
  /** Uncached input tokens. */
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  /** Requests made. */
  turns: number;
  /** An estimate from list prices (see PRICES); null for a model family without a price. */
  estimatedCostUsd: number | null;
}

/**
 * US dollars per million tokens, by model family. An ESTIMATE from the public
 * list prices at the time of writing: no batch, priority or regional pricing;
 * cache writes are priced as 5-minute writes. Check the bill, not this.
 */
export const PRICES: Readonly<Record<string, { input: number; output: number; cacheRead: number; cacheWrite: number }>> = {
  opus: { input: 5, output: 25, cacheRead: 0.5, cacheWrite: 6.25 },
  sonnet: { input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75 },
  haiku: { input: 1, output: 5, cacheRead: 0.1, cacheWrite: 1.25 },
};

export function modelFamily(model: string): string | null {
  const match = /^claude-(?:\d+(?:-\d+)?-)?([a-z]+)/.exec(model);
  return match?.[1] ?? null;
}

export function emptyUsage(): Usage {
  return { inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0, turns: 0, estimatedCostUsd: 0 };
}

/** Adds one request's tokens and re-estimates the cost. */
export function addTurn(total: Usage, turn: TokenUsage, model: string): Usage {
  const next = {
    inputTokens: total.inputTokens + turn.inputTokens,
    outputTokens: total.outputTokens + turn.outputTokens,
    cacheReadTokens: total.cacheReadTokens + turn.cacheReadTokens,
    cacheWriteTokens: total.cacheWriteTokens + turn.cacheWriteTokens,
    turns: total.turns + 1,
  };
  return { ...next, estimatedCostUsd: estimateCostUsd(next, model) };
}

export function estimateCostUsd(tokens: TokenUsage, model: string): number | null {
  const family = modelFamily(model);
  const price = family === null ? undefined : PRICES[family];
  if (!price) return null;
  const micro =
    tokens.inputTokens * price.input +
    tokens.outputTokens * price.output +
    tokens.cacheReadTokens * price.cacheRead +
    tokens.cacheWriteTokens * price.cacheWrite;
  return Math.round(micro) / 1_000_000;
}

/** Every token the budget counts: all input (cached or not) and all output. */
export function tokensSpent(usage: TokenUsage): number {
  return usage.inputTokens + usage.cacheReadTokens + usage.cacheWriteTokens + usage.outputTokens;
}
