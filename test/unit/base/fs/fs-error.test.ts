import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CrashAutofixError } from '../../../../src/base/errors.js';
import { asFileError, describeFsError, errnoCode, errnoWords, fileError, type FileRole } from '../../../../src/base/fs/fs-error.js';
import { NodeProcessRunner } from '../../../../src/adapters/exec/process-runner.js';

const ROLE: FileRole = { what: 'Patch', kind: 'bad-input', fix: 'run the job again', folderFix: 'name a file, not a folder' };

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'fs-error-'));
  await writeFile(path.join(dir, 'plain'), 'x');
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The error a real readFile of `file` throws. */
async function readError(file: string): Promise<unknown> {
  return readFile(file).then(
    () => expect.unreachable(`${file} was readable`),
    (e: unknown) => e,
  );
}

describe('describeFsError', () => {
  it('says what went wrong with a real missing file, folder and file-as-folder', async () => {
    expect(describeFsError(await readError(path.join(dir, 'nope')), 'nope')).toBe('does not exist');
    expect(describeFsError(await readError(dir), dir)).toBe('is a folder');
    expect(describeFsError(await readError(path.join(dir, 'plain', 'x')), 'x')).toBe('cannot be opened: a part of its path is a file, not a folder');
  });

  it('names codes it has words for, and shows the code or message of any other', () => {
    const errno = (code: string) => Object.assign(new Error(`${code}: raw`), { code });
    expect(describeFsError(errno('EACCES'), 'f')).toBe('cannot be read: permission denied');
    expect(describeFsError(errno('ENOSPC'), 'f')).toBe('cannot be read: no space left on the disk');
    expect(describeFsError(errno('ENAMETOOLONG'), 'abcd')).toBe('cannot be opened: the path is too long (4 characters)');
    expect(describeFsError(errno('ESTALE'), 'f')).toBe('cannot be read (ESTALE)');
    expect(describeFsError(new Error('disk on fire'), 'f')).toBe('cannot be read (disk on fire)');
  });
});

describe('errnoCode and errnoWords', () => {
  it('reads only errno codes', () => {
    expect(errnoCode(Object.assign(new Error('x'), { code: 'ELOOP' }))).toBe('ELOOP');
    expect(errnoCode(Object.assign(new Error('x'), { code: 'ERR_INVALID_ARG_TYPE' }))).toBeNull();
    expect(errnoCode(null)).toBeNull();
    expect(errnoWords(Object.assign(new Error('x'), { code: 'EPERM' }))).toBe('permission denied');
    expect(errnoWords('plain text')).toBe('plain text');
  });

  it('turns a real spawn of a file that is not executable into plain words', async () => {
    const error = await new NodeProcessRunner(process.env).run(path.join(dir, 'plain'), []).then(
      () => expect.unreachable('a non-executable file ran'),
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(CrashAutofixError);
    expect((error as CrashAutofixError).message).toBe(`Cannot run '${path.join(dir, 'plain')}': permission denied`);
  });
});

describe('fileError and asFileError', () => {
  it('builds one line with the role, the words and the fix, keeping the cause', async () => {
    const cause = await readError(path.join(dir, 'nope'));
    const error = fileError(path.join(dir, 'nope'), ROLE, cause);
    expect(error.kind).toBe('bad-input');
    expect(error.message).toBe(`Patch ${path.join(dir, 'nope')} does not exist; run the job again`);
    expect(error.cause).toBe(cause);
  });

  it('gives a folder the folder fix', async () => {
    expect(fileError(dir, ROLE, await readError(dir)).message).toBe(`Patch ${dir} is a folder; name a file, not a folder`);
  });

  it('shortens a very long path, keeping its start and end', () => {
    const long = `/${'a'.repeat(400)}/end.txt`;
    const message = fileError(long, ROLE, Object.assign(new Error('x'), { code: 'ENOENT' })).message;
    expect(message).toContain('…');
    expect(message).toContain('/end.txt does not exist');
    expect(message.length).toBeLessThan(330);
  });

  it('passes anything that is not an errno error through unchanged', () => {
    const bug = new TypeError('bug');
    const ours = new CrashAutofixError('config', 'already one line');
    expect(asFileError('f', ROLE, bug)).toBe(bug);
    expect(asFileError('f', ROLE, ours)).toBe(ours);
    expect(asFileError('f', ROLE, Object.assign(new Error('x'), { code: 'EIO' }))).toBeInstanceOf(CrashAutofixError);
  });
});
