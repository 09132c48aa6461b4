import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readGuidance } from '../../../src/analysis/read-guidance.js';

describe('readGuidance', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'caf-guidance-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('reads the start of a large guidance file: 64 KiB holds the 16 Ki characters the stage keeps', async () => {
    const file = path.join(dir, 'CLAUDE.md');
    await writeFile(file, `# Rules\n${'é'.repeat(100_000)}`);
    const text = await readGuidance(file);
    expect(text.startsWith('# Rules\n')).toBe(true);
    expect(text.length).toBeGreaterThanOrEqual(16 * 1024);
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(64 * 1024);
  });

  it("names the 'instructions-file' setting when the file cannot be read", async () => {
    await expect(readGuidance(path.join(dir, 'missing.md'))).rejects.toMatchObject({
      kind: 'config',
      message: `Instructions file ${path.join(dir, 'missing.md')} does not exist; fix the 'instructions-file' setting, or remove it to use CLAUDE.md / AGENTS.md`,
    });
    await expect(readGuidance(dir)).rejects.toMatchObject({ kind: 'config', message: expect.stringContaining(`Instructions file ${dir} is a folder`) as unknown });
  });
});
