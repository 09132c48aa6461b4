import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, symlink, truncate, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CrashAutofixError } from '../../../../src/base/errors.js';
import type { FileRole } from '../../../../src/base/fs/fs-error.js';
import { readOptionalTextFile, readTextFile, readTextFileHead } from '../../../../src/base/fs/read-text-file.js';

const ROLE: FileRole = { what: 'Config file', kind: 'config', fix: "fix the 'config' setting" };
const MAX = 1024;

let dir: string;
let socketServer: Server;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'read-text-'));
  execFileSync('mkfifo', [path.join(dir, 'fifo')]);
  await symlink(path.join(dir, 'loop-b'), path.join(dir, 'loop-a'));
  await symlink(path.join(dir, 'loop-a'), path.join(dir, 'loop-b'));
  await writeFile(path.join(dir, 'plain.yml'), 'model: x\n');
  socketServer = createServer();
  await new Promise<void>((resolve) => socketServer.listen(path.join(dir, 'socket'), resolve));
});
afterAll(async () => {
  await new Promise<void>((resolve) => socketServer.close(() => resolve()));
  await rm(dir, { recursive: true, force: true });
});

/** The error reading `file` throws: a CrashAutofixError of the role's kind on one line. */
async function failure(file: string, maxBytes = MAX): Promise<string> {
  const error: unknown = await readTextFile(file, ROLE, maxBytes).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CrashAutofixError);
  expect((error as CrashAutofixError).kind).toBe('config');
  const message = (error as Error).message;
  expect(message).not.toMatch(/[\n\r]/);
  expect(message).not.toMatch(/^E[A-Z]+:|Error:/);
  return message;
}

describe('readTextFile', () => {
  it('reads a regular file', async () => {
    expect(await readTextFile(path.join(dir, 'plain.yml'), ROLE, MAX)).toBe('model: x\n');
  });

  it('reads files in /proc, whose size says 0', async () => {
    expect(await readTextFile('/proc/self/status', ROLE, 1024 * 1024)).toMatch(/^Name:/);
  });

  it('refuses a FIFO at once instead of blocking on it', async () => {
    expect(await failure(path.join(dir, 'fifo'))).toBe(`Config file ${dir}/fifo is a named pipe (FIFO), not a regular file; fix the 'config' setting`);
  });

  it('refuses devices that never end or hold nothing', async () => {
    expect(await failure('/dev/zero')).toBe(`Config file /dev/zero is a character device, not a regular file; fix the 'config' setting`);
    expect(await failure('/dev/null')).toMatch(/is a character device/);
  });

  it('refuses a socket', async () => {
    expect(await failure(path.join(dir, 'socket'))).toMatch(/^Config file \S+socket is a device or socket, not a regular file; fix the 'config' setting$/);
  });

  it('says a folder is a folder (EISDIR)', async () => {
    expect(await failure(dir)).toBe(`Config file ${dir} is a folder; fix the 'config' setting`);
  });

  it('names ENOTDIR, ELOOP, ENAMETOOLONG and EIO in words', async () => {
    expect(await failure(path.join(dir, 'plain.yml', 'x'))).toMatch(/cannot be opened: a part of its path is a file, not a folder; fix the 'config' setting$/);
    expect(await failure(path.join(dir, 'loop-a'))).toMatch(/cannot be opened: its path runs into a loop of symbolic links;/);
    const long = path.join(dir, 'x'.repeat(5000));
    const message = await failure(long);
    expect(message).toMatch(/cannot be opened: the path is too long \(\d+ characters\);/);
    expect(message.length).toBeLessThan(600);
    // /proc/self/mem is a regular file whose first page is never mapped: reading it fails with EIO.
    expect(await failure('/proc/self/mem')).toBe(
      "Config file /proc/self/mem cannot be read: input/output error (a failing disk or network share, or a special file); fix the 'config' setting",
    );
  });

  it('refuses a file above the cap before reading it, even one over 2 GiB', async () => {
    const big = path.join(dir, 'big.yml');
    await writeFile(big, '');
    await truncate(big, 3 * 1024 * 1024 * 1024);
    expect(await failure(big)).toBe(`Config file ${big} is larger than the 1.0 KiB crash-autofix reads (3.0 GiB); fix the 'config' setting`);
  });

  it('says a missing file does not exist, and the optional reader returns null', async () => {
    expect(await failure(path.join(dir, 'nope.yml'))).toBe(`Config file ${dir}/nope.yml does not exist; fix the 'config' setting`);
    expect(await readOptionalTextFile(path.join(dir, 'nope.yml'), ROLE, MAX)).toBeNull();
    await expect(readOptionalTextFile(path.join(dir, 'fifo'), ROLE, MAX)).rejects.toThrow(/named pipe/);
  });
});

describe('readTextFileHead', () => {
  it('reads the start of a file of any size, and all of a short one', async () => {
    const big = path.join(dir, 'guide.md');
    await writeFile(big, `# Guide\n${'x'.repeat(10_000)}`);
    await truncate(big, 3 * 1024 * 1024 * 1024);
    expect(await readTextFileHead(big, ROLE, 9)).toBe('# Guide\nx');
    expect(await readTextFileHead(path.join(dir, 'plain.yml'), ROLE, 1024)).toBe('model: x\n');
  });

  it('refuses what readTextFile refuses', async () => {
    await expect(readTextFileHead(path.join(dir, 'fifo'), ROLE, 8)).rejects.toMatchObject({ kind: 'config', message: expect.stringMatching(/is a named pipe/) as unknown });
    await expect(readTextFileHead('/dev/zero', ROLE, 8)).rejects.toThrow(/is a character device/);
  });
});
