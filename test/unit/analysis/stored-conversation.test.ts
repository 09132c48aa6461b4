import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConversation } from '../../../src/analysis/stored-conversation.js';
import { sampleConversation } from '../../fakes/sample-outcomes.js';

describe('loadConversation', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'caf-conversation-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('reads the conversation a job saved', async () => {
    const file = path.join(dir, 'conversation.json');
    await writeFile(file, JSON.stringify(sampleConversation('Fix the queue.')));
    expect(await loadConversation(file)).toEqual(sampleConversation('Fix the queue.'));
  });

  it('says in one line that a missing file, a file that is not JSON, or one of another shape needs a fresh run', async () => {
    const missing = path.join(dir, 'gone.json');
    await expect(loadConversation(missing)).rejects.toMatchObject({ kind: 'bad-input', message: `Saved model conversation ${missing} does not exist; re-run with --fresh` });
    const cut = path.join(dir, 'cut.json');
    await writeFile(cut, '{"schemaVersion": 1, "model": "claude');
    await expect(loadConversation(cut)).rejects.toMatchObject({ kind: 'bad-input', message: expect.stringMatching(new RegExp(`^Saved model conversation ${cut} is not JSON \\(.+\\); re-run with --fresh$`)) as unknown });
    const old = path.join(dir, 'old.json');
    await writeFile(old, JSON.stringify({ ...sampleConversation(), schemaVersion: 0 }));
    await expect(loadConversation(old)).rejects.toMatchObject({ kind: 'bad-input', message: expect.stringContaining('Saved model conversation is not usable (schemaVersion: ') as unknown });
  });
});
