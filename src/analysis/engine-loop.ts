import type { EngineDeps, EngineOutcome, GiveUpReason } from './engine-types.js';
import type { AssistantBlock, ModelResponse, ToolDefinition, ToolResultBlock, ToolUseBlock, UserBlock } from '../domain/model-client.js';
import { addTurn, tokensSpent } from './model-usage.js';
import type { StoredConversation } from './stored-conversation.js';
import { checkSubmission, summariseRefusal } from './submit-fix.js';
import { SUBMIT_FIX, toolDefinitions } from './tool-definitions.js';
import { runReadTool } from './tool-executor.js';
import type { TranscriptRecorder } from './transcript.js';

export const NUDGE = 'Call submit_fix now with your root-cause analysis and the fix; do not answer in plain text.';
const CHARS_PER_TOKEN = 4;

/**
 * Runs requests until the model submits an accepted fix or a limit stops it.
 * `conversation` must end with a user message; it is updated in place and
 * returned in the outcome, ready to be saved and resumed.
 */
export async function runConversation(conversation: StoredConversation, deps: EngineDeps, recorder: TranscriptRecorder): Promise<EngineOutcome> {
  const { settings, client } = deps;
  const tools = toolDefinitions();
  let refusals = 0;
  let nudged = false;
  let lastRequestTokens: number | null = null;
  let appendedSinceLast = 0;
  let firstRequest = true;

  const outcome = (reason: GiveUpReason, message: string): EngineOutcome => {
    recorder.add({ type: 'stop', outcome: reason, message });
    return { kind: 'gave-up', reason, message, conversation, usage: conversation.usage, transcript: recorder.entries };
  };
  const pushUser = (content: UserBlock[]): void => {
    conversation.messages.push({ role: 'user', content });
    appendedSinceLast += JSON.stringify(content).length;
  };

  for (;;) {
    const usage = conversation.usage;
    if (usage.turns >= settings.maxTurns) {
      return outcome('max-turns', `Stopped after ${usage.turns} model requests (max-turns ${settings.maxTurns}) without an accepted fix`);
    }
    const next = lastRequestTokens === null ? estimateTokens(conversation, tools) : lastRequestTokens + Math.ceil(appendedSinceLast / CHARS_PER_TOKEN);
    if (tokensSpent(usage) + next > settings.tokenBudget) {
      return outcome('budget', `Stopped before the next request: ${tokensSpent(usage)} tokens used, about ${next} more needed, token-budget is ${settings.tokenBudget}`);
    }

    const turn = usage.turns + 1;
    const last = conversation.messages.at(-1);
    recorder.add({
      type: 'request',
      turn,
      model: settings.model,
      messageCount: conversation.messages.length,
      ...(firstRequest ? { system: conversation.system } : {}),
      text: last?.role === 'user' ? last.content.flatMap((b) => (b.type === 'text' ? [b.text] : [])) : [],
    });
    firstRequest = false;
    const response = await client.createMessage({
      model: settings.model,
      maxTokens: settings.maxOutputTokens,
      system: conversation.system,
      tools,
      messages: conversation.messages,
    });
    conversation.usage = addTurn(conversation.usage, response.usage, settings.model);
    recorder.add({ type: 'response', turn, id: response.id, stopReason: response.stopReason, content: response.content, usage: response.usage });
    const u = response.usage;
    lastRequestTokens = u.inputTokens + u.cacheReadTokens + u.cacheWriteTokens + u.outputTokens;
    appendedSinceLast = 0;
    conversation.messages.push({ role: 'assistant', content: nonEmpty(response.content) });

    if (response.stopReason === 'refusal') return outcome('no-fix', 'The model declined to analyse this crash (stop reason: refusal)');
    const toolUses = response.content.filter((b): b is ToolUseBlock => b.type === 'tool_use');
    if (!toolUses.length) {
      if (nudged) return outcome('no-fix', `The model answered without calling submit_fix twice${cutOff(response)}`);
      nudged = true;
      pushUser([{ type: 'text', text: response.stopReason === 'max_tokens' ? `Your answer was cut off at the output limit. ${NUDGE} Be concise.` : NUDGE }]);
      continue;
    }

    const results: ToolResultBlock[] = [];
    let lastRefusal: string | null = null;
    for (const [i, use] of toolUses.entries()) {
      if (use.name !== SUBMIT_FIX) {
        const result = await runReadTool(use.name, use.input, deps);
        const content = deps.redact(result.content);
        recorder.add({ type: 'tool', turn, toolUseId: use.id, name: use.name, input: use.input, isError: result.isError, result: content });
        results.push(toolResult(use.id, content, result.isError));
        continue;
      }
      const verdict = await checkSubmission(use.input, deps.validator);
      if (verdict.accepted) {
        recorder.add({ type: 'tool', turn, toolUseId: use.id, name: use.name, input: use.input, isError: false, result: ['accepted', ...verdict.warnings].join('; ') });
        // Later calls in the same response are answered when the conversation resumes.
        const skipped = toolUses.slice(i + 1).map((u) => toolResult(u.id, 'Not run: submit_fix was already accepted.', true));
        conversation.pendingSubmit = { toolUseId: use.id, otherResults: [...results, ...skipped] };
        recorder.add({ type: 'stop', outcome: 'fix', message: `Fix accepted after ${conversation.usage.turns} requests` });
        return { kind: 'fix', proposal: verdict.proposal, warnings: verdict.warnings, conversation, usage: conversation.usage, transcript: recorder.entries };
      }
      lastRefusal = verdict.message;
      recorder.add({ type: 'tool', turn, toolUseId: use.id, name: use.name, input: use.input, isError: true, result: verdict.message });
      results.push(toolResult(use.id, verdict.message, true));
    }
    pushUser(results);
    if (lastRefusal !== null && ++refusals > settings.maxCorrections) {
      return outcome('no-fix', `submit_fix was refused ${refusals} times; last: ${summariseRefusal(lastRefusal)}`);
    }
  }
}

function toolResult(id: string, content: string, isError: boolean): ToolResultBlock {
  return { type: 'tool_result', tool_use_id: id, content, ...(isError ? { is_error: true } : {}) };
}

/** The API refuses an empty assistant message, and the stored conversation must stay sendable. */
function nonEmpty(content: AssistantBlock[]): AssistantBlock[] {
  return content.length ? content : [{ type: 'text', text: '(no answer)' }];
}

function cutOff(response: ModelResponse): string {
  return response.stopReason === 'max_tokens' ? ' (its last answer hit max-output-tokens)' : '';
}

/** Without a measured request to go by: about four characters per token over everything sent. */
export function estimateTokens(conversation: StoredConversation, tools: readonly ToolDefinition[]): number {
  const chars = conversation.system.length + JSON.stringify(tools).length + JSON.stringify(conversation.messages).length;
  return Math.ceil(chars / CHARS_PER_TOKEN);
}
