import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, truncate, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEBUGGER_TEXT_MAX_BYTES, readDebuggerText } from '../../../src/triage/debugger-text-file.js';
import { identifyInput } from '../../../src/stages/identify-input.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'debugger-text-'));
  execFileSync('mkfifo', [path.join(dir, 'bt.fifo')]);
  await mkdir(path.join(dir, 'folder.txt'));
  await writeFile(path.join(dir, 'bt.txt'), '#0  0x0000000000401136 in f () at a.c:3\n');
  await writeFile(path.join(dir, 'huge.txt'), '');
  await truncate(path.join(dir, 'huge.txt'), DEBUGGER_TEXT_MAX_BYTES + 1);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('readDebuggerText', () => {
  it('reads a saved text', async () => {
    expect(await readDebuggerText(path.join(dir, 'bt.txt'))).toMatch(/^#0 /);
  });

  it.each([
    ['a FIFO', 'bt.fifo', /bt\.fifo is a named pipe \(FIFO\), not a regular file; check the 'from-output' path; it must be a saved cdb or gdb text$/],
    ['a folder', 'folder.txt', /^Debugger text \S+folder\.txt is a folder; check the 'from-output' path/],
    ['/dev/zero', '/dev/zero', /^Debugger text \/dev\/zero is a character device, not a regular file;/],
    ['a text above 64 MiB', 'huge.txt', /^Debugger text \S+huge\.txt is larger than the 64\.0 MiB crash-autofix reads \(64\.0 MiB\);/],
    ['a missing file', 'none.txt', /^Debugger text \S+none\.txt does not exist; check the 'from-output' path/],
  ])('refuses %s with one bad-input line', async (_what, name, expected) => {
    const error: unknown = await readDebuggerText(path.resolve(dir, name)).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'bad-input', message: expect.stringMatching(expected) as unknown });
  });

  it('is what the identify stage reads a from-output file with', async () => {
    const input = { path: path.join(dir, 'bt.fifo'), kind: 'debugger-text' as const, fingerprint: 'f'.repeat(64), sizeBytes: 0, executable: null };
    await expect(identifyInput({ status: 'CRASH_DETECTED', input }, { debugger: 'auto', identifyDump: async () => 'elf-core' })).rejects.toMatchObject({
      kind: 'bad-input',
      message: expect.stringMatching(/is a named pipe/) as unknown,
    });
    const ok = { ...input, path: path.join(dir, 'bt.txt') };
    expect(await identifyInput({ status: 'CRASH_DETECTED', input: ok }, { debugger: 'auto', identifyDump: async () => 'elf-core' })).toMatchObject({
      status: 'PARSING',
      dump: { debugger: 'gdb' },
    });
  });
});
