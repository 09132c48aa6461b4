import { execFile, execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorLines, runCli } from '../fixtures/run-cli.js';

/**
 * Bad files and bad settings through the CLI (from source, so the test sees
 * this checkout's code, not a stale bundle): one clear `error:` line each,
 * exit 2 for a bad setting, 1 for a bad input. In-process, except the cases
 * where Node itself could add to standard error (a YAML warning, a FIFO).
 */
const CLI = path.resolve('src/entrypoints/cli.ts');
const TSX = pathToFileURL(path.resolve('node_modules/tsx/dist/loader.mjs')).href;

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'cli-bad-files-'));
  execFileSync('mkfifo', [path.join(dir, 'config.fifo')]);
  await mkdir(path.join(dir, 'config-folder.yml'));
  await writeFile(path.join(dir, 'warn.yml'), 'model: !custom x\n');
  await writeFile(path.join(dir, 'bt.txt'), '#0  0x0000000000401136 in f () at a.c:3\n');
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function spawnCli(args: string[]): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve) => {
    const env = { PATH: process.env.PATH, HOME: process.env.HOME };
    execFile(process.execPath, ['--import', TSX, CLI, ...args], { cwd: dir, env, timeout: 60_000 }, (error, _stdout, stderr) => {
      resolve({ code: error ? Number(error.code) : 0, stderr });
    });
  });
}

const analyze = (...args: string[]): string[] => ['analyze', '--from-output', 'bt.txt', '--state-dir', 'state', ...args];

describe('the CLI on bad files and settings', () => {
  it.each([
    { what: 'a config that is /dev/zero', spawn: false, args: analyze('--config', '/dev/zero'), code: 2, line: /^error: Config file \/dev\/zero is a character device, not a regular file; / },
    { what: 'a config that is a FIFO', spawn: true, args: analyze('--config', 'config.fifo'), code: 2, line: /^error: Config file \S+config\.fifo is a named pipe \(FIFO\)/ },
    { what: 'a config that is a folder', spawn: false, args: analyze('--config', 'config-folder.yml'), code: 2, line: /^error: Config file \S+config-folder\.yml is a folder;/ },
    { what: 'a config below a file', spawn: false, args: analyze('--config', 'bt.txt/x.yml'), code: 2, line: /^error: Config file \S+ cannot be opened: a part of its path is a file, not a folder;/ },
    { what: 'a config with a YAML warning', spawn: true, args: analyze('--config', 'warn.yml'), code: 2, line: /^error: \S+warn\.yml is not valid YAML: Unresolved tag: !custom at line 1, column 8; fix the file$/ },
    { what: 'a timeout past 2^31-1 ms', spawn: false, args: analyze('--debugger-timeout', '2147484'), code: 2, line: /^error: Option '--debugger-timeout' must be a whole number of seconds from 1 to 2147483 \(about 24 days\), got "2147484"$/ },
    { what: 'debugger text that is a folder', spawn: false, args: ['analyze', '--from-output', 'config-folder.yml', '--state-dir', 'state'], code: 1, line: /^error: \S+config-folder\.yml is not a file; check the 'from-output' setting$/ },
  ])('$what: one line, exit $code', async ({ spawn, args, code, line }) => {
    const result = spawn ? await spawnCli(args) : await runCli(args, {}, dir);
    expect(errorLines(result.stderr)).toEqual([expect.stringMatching(line)]);
    expect(result.stderr).not.toMatch(/\(node:\d+\)|Warning| {4}at /);
    expect(result.code).toBe(code);
  });
});
