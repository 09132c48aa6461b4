import type { FixProposal } from '../../src/domain/fix-proposal.js';
import type { EngineOutcome, GiveUpReason } from '../../src/analysis/engine-types.js';
import type { StoredConversation } from '../../src/analysis/stored-conversation.js';

const USAGE = { inputTokens: 120, outputTokens: 40, cacheReadTokens: 7, cacheWriteTokens: 3, turns: 2, estimatedCostUsd: 0.0012 };

/** A stored conversation of one exchange, as the engine returns it. */
export function sampleConversation(text = 'Fix the null packet.'): StoredConversation {
  return {
    schemaVersion: 1,
    model: 'claude-sonnet-4-5',
    system: 'You fix crashes.',
    messages: [
      { role: 'user', content: [{ type: 'text', text }] },
      { role: 'assistant', content: [{ type: 'text', text: 'Submitting.' }] },
    ],
    pendingSubmit: null,
    usage: USAGE,
  };
}

/** A proposal different from the one in sample-states, so a test can tell them apart. */
export function sampleProposal(confidence = 0.8): FixProposal {
  return {
    root_cause: { summary: 'The packet is freed twice.', technical_details: 'HandlePacket deletes it and so does the queue.', category: 'double-free', severity: 'critical', confidence },
    fix: { strategy: 'Let the queue own it.', edits: [{ path: 'src/game/queue.cpp', old_text: 'delete p;', new_text: '' }], risk: 'Medium.', test_plan: 'Run the queue tests.' },
  };
}

/** The engine's answer with a fix. */
export function fixOutcome(warnings?: string[]): Extract<EngineOutcome, { kind: 'fix' }> {
  const outcome: Extract<EngineOutcome, { kind: 'fix' }> = {
    kind: 'fix',
    proposal: sampleProposal(),
    conversation: sampleConversation(),
    usage: USAGE,
    transcript: [{ type: 'stop', at: '2026-11-24T00:00:01.000Z', outcome: 'fix', message: 'submit_fix accepted' }],
  };
  if (warnings) outcome.warnings = warnings;
  return outcome;
}

/** The engine's answer when the model stopped without a fix. */
export function gaveUpOutcome(reason: GiveUpReason, message: string): Extract<EngineOutcome, { kind: 'gave-up' }> {
  return {
    kind: 'gave-up',
    reason,
    message,
    conversation: sampleConversation(),
    usage: USAGE,
    transcript: [{ type: 'stop', at: '2026-11-24T00:00:01.000Z', outcome: reason, message }],
  };
}
