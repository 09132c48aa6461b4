import { describe, expect, it } from 'vitest';
import { TranscriptRecorder, redactDeep } from '../../../src/analysis/transcript.js';
import { parseStoredConversation, CONVERSATION_SCHEMA_VERSION } from '../../../src/analysis/stored-conversation.js';
import { emptyUsage } from '../../../src/analysis/model-usage.js';

describe('transcript', () => {
  it('redacts every string of an entry, however deep', () => {
    const redact = (s: string): string => s.replaceAll('SECRET', '***');
    expect(redactDeep({ a: ['x SECRET', { SECRET: 1, b: null }] }, redact)).toEqual({ a: ['x ***', { '***': 1, b: null }] });
    const recorder = new TranscriptRecorder(redact, () => new Date('2025-01-01T00:00:00Z'));
    recorder.add({ type: 'tool', turn: 1, toolUseId: 't', name: 'read_file', input: { path: 'SECRET.txt' }, isError: false, result: 'SECRET' });
    expect(recorder.entries).toEqual([
      { type: 'tool', turn: 1, at: '2025-01-01T00:00:00.000Z', toolUseId: 't', name: 'read_file', input: { path: '***.txt' }, isError: false, result: '***' },
    ]);
  });

  it('parses stored conversations strictly', () => {
    const conversation = {
      schemaVersion: CONVERSATION_SCHEMA_VERSION,
      model: 'claude-sonnet-5-5',
      system: 's',
      messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }],
      pendingSubmit: null,
      usage: emptyUsage(),
    };
    expect(parseStoredConversation(JSON.parse(JSON.stringify(conversation)))).toEqual(conversation);
    expect(() => parseStoredConversation({ ...conversation, messages: [{ role: 'user', content: [] }] })).toThrow(/messages\.0\.content/);
    expect(() => parseStoredConversation({ ...conversation, messages: [{ role: 'assistant', content: [{ type: 'tool_result', tool_use_id: 'x', content: '' }] }] })).toThrow(/not usable/);
  });
});
