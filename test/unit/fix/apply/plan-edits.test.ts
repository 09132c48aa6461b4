import { mkdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEditValidator } from '../../../../src/fix/apply/edit-validator.js';
import { planEdits } from '../../../../src/fix/apply/plan-edits.js';
import type { Edit } from '../../../../src/domain/fix-proposal.js';
import { fixPolicy } from '../../../../src/fix/policy/fix-policy.js';
import { makeTempDir } from '../../../fixtures/git-repo.js';

const policy = fixPolicy({ allowedPaths: ['src/**'], corePaths: ['src/core/**'] });
const SOCKET = 'int read(Conn* c) {\n  return c->fd;\n}\n\nint close(Conn* c) {\n  return c->fd;\n}\n';

let root = '';
beforeEach(async () => {
  root = await makeTempDir('plan-');
  await mkdir(path.join(root, 'src', 'core'), { recursive: true });
  await writeFile(path.join(root, 'src', 'socket.cpp'), SOCKET);
  await writeFile(path.join(root, 'src', 'win.cpp'), 'int a;\r\nint b;\r\nint c;\r\n');
  await writeFile(path.join(root, 'src', 'core', 'engine.cpp'), 'void run() {}\n');
  await writeFile(path.join(root, 'src', 'blob.txt'), Buffer.from([0x41, 0x00, 0x42]));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

async function problems(edits: Edit[], p = policy): Promise<string[]> {
  return (await planEdits(edits, p, root)).problems.map((x) => x.reason);
}

describe('planEdits', () => {
  it('replaces text that occurs exactly once and writes nothing', async () => {
    const plan = await planEdits([{ path: 'src/socket.cpp', old_text: 'int read(Conn* c) {\n  return c->fd;', new_text: 'int read(Conn* c) {\n  if (!c) return -1;\n  return c->fd;' }], policy, root);
    expect(plan.problems).toEqual([]);
    expect(plan.files).toEqual([
      { path: 'src/socket.cpp', absolute: path.join(root, 'src', 'socket.cpp'), core: false, build: false, created: false, content: SOCKET.replace('{\n  return c->fd;', '{\n  if (!c) return -1;\n  return c->fd;') },
    ]);
    expect(await readFile(path.join(root, 'src', 'socket.cpp'), 'utf8')).toBe(SOCKET);
  });

  it('applies several edits to one file in order', async () => {
    const plan = await planEdits(
      [
        { path: 'src/socket.cpp', old_text: 'int read(', new_text: 'int read_conn(' },
        { path: 'src/socket.cpp', old_text: 'int read_conn(Conn* c) {', new_text: 'int read_conn(const Conn* c) {' },
      ],
      policy,
      root,
    );
    expect(plan.problems).toEqual([]);
    expect(plan.files[0]?.content.startsWith('int read_conn(const Conn* c) {\n')).toBe(true);
  });

  it('refuses old_text that occurs twice and says how to fix it', async () => {
    expect(await problems([{ path: 'src/socket.cpp', old_text: '  return c->fd;', new_text: '  return c ? c->fd : -1;' }])).toEqual([
      'old_text occurs 2 times in src/socket.cpp; include more surrounding lines so it matches exactly once',
    ]);
  });

  it('refuses old_text that does not occur, whitespace included', async () => {
    expect(await problems([{ path: 'src/socket.cpp', old_text: 'return  c->fd;', new_text: 'x' }])).toEqual([
      'old_text occurs 0 times in src/socket.cpp; copy it exactly from the current file (read_file), including indentation',
    ]);
  });

  it("matches a CRLF file when the model sent LF, and writes the file's CRLF", async () => {
    const plan = await planEdits([{ path: 'src/win.cpp', old_text: 'int a;\nint b;\n', new_text: 'int a = 0;\nint b = 0;\n' }], policy, root);
    expect(plan.problems).toEqual([]);
    expect(plan.files[0]?.content).toBe('int a = 0;\r\nint b = 0;\r\nint c;\r\n');
  });

  it('creates a new file inside the allowed paths', async () => {
    const plan = await planEdits([{ path: 'src/util/guard.h', old_text: '', new_text: '#pragma once\n' }], policy, root);
    expect(plan.problems).toEqual([]);
    expect(plan.files).toEqual([{ path: 'src/util/guard.h', absolute: path.join(root, 'src', 'util', 'guard.h'), core: false, build: false, created: true, content: '#pragma once\n' }]);
  });

  it('refuses a new file outside the allowed paths', async () => {
    expect(await problems([{ path: 'tools/new.py', old_text: '', new_text: 'print(1)\n' }])).toEqual([expect.stringMatching(/^tools\/new\.py is outside the allowed paths/)]);
  });

  it('refuses empty old_text on an existing file (no overwrite)', async () => {
    expect(await problems([{ path: 'src/socket.cpp', old_text: '', new_text: 'int x;\n' }])).toEqual([
      'src/socket.cpp already exists; to change it set old_text to the exact text to replace',
    ]);
  });

  it('refuses an edit to a missing file', async () => {
    expect(await problems([{ path: 'src/nope.cpp', old_text: 'x', new_text: 'y' }])).toEqual([expect.stringMatching(/^src\/nope\.cpp does not exist/)]);
  });

  it('refuses deleting a whole file', async () => {
    expect(await problems([{ path: 'src/socket.cpp', old_text: SOCKET, new_text: '' }])).toEqual([expect.stringMatching(/would empty src\/socket\.cpp; deleting a whole file is not allowed/)]);
  });

  it('refuses binary new_text with NUL bytes', async () => {
    expect(await problems([{ path: 'src/new.cpp', old_text: '', new_text: '\x7fELF\0\0\0' }])).toEqual(['the edit to src/new.cpp contains NUL bytes; only text can be written']);
  });

  it('refuses editing a binary file', async () => {
    expect(await problems([{ path: 'src/blob.txt', old_text: 'A', new_text: 'B' }])).toEqual([expect.stringMatching(/not a UTF-8 text file/)]);
  });

  it('refuses an oversize edit and an oversize total', async () => {
    const small = fixPolicy({ maxEditBytes: 10, maxTotalBytes: 15 });
    expect(await problems([{ path: 'src/socket.cpp', old_text: 'int read(', new_text: 'x'.repeat(11) }], small)).toEqual([expect.stringMatching(/11 bytes, more than the 10 allowed per edit/)]);
    expect(
      await problems(
        [
          { path: 'src/socket.cpp', old_text: 'int read(', new_text: 'int rd(' },
          { path: 'src/socket.cpp', old_text: 'int close(', new_text: 'int clos(' },
        ],
        small,
      ),
    ).toEqual([expect.stringMatching(/add up to more than 15 bytes/)]);
  });

  it('refuses a core path without allowCoreChanges and flags it with', async () => {
    const edit = { path: 'src/core/engine.cpp', old_text: 'void run() {}', new_text: 'void run() { check(); }' };
    expect(await problems([edit])).toEqual([expect.stringMatching(/core path and core changes are not allowed/)]);
    const plan = await planEdits([edit], { ...policy, allowCoreChanges: true }, root);
    expect(plan.files.map((f) => [f.path, f.core])).toEqual([['src/core/engine.cpp', true]]);
  });

  it('refuses writing through a symbolic link that leaves the repository', async () => {
    const outside = await makeTempDir('plan-outside-');
    await symlink(outside, path.join(root, 'src', 'evil'));
    expect(await problems([{ path: 'src/evil/x.cpp', old_text: '', new_text: 'int x;\n' }])).toEqual(['src/evil is a symbolic link; crash-autofix never writes through links']);
    await rm(outside, { recursive: true, force: true });
  });

  it('reports every problem with its edit index, for the model to correct at once', async () => {
    const plan = await planEdits(
      [
        { path: '../../etc/passwd', old_text: '', new_text: 'x' },
        { path: 'src/socket.cpp', old_text: 'int close(', new_text: 'int close_conn(' },
        { path: '.github/workflows/ci.yml', old_text: 'on:', new_text: 'on: push' },
      ],
      policy,
      root,
    );
    expect(plan.problems.map((p) => [p.editIndex, p.path])).toEqual([
      [0, '../../etc/passwd'],
      [2, '.github/workflows/ci.yml'],
    ]);
  });
});

describe('createEditValidator', () => {
  it('is a dry run returning the problems', async () => {
    const validator = createEditValidator(policy, root);
    expect(await validator.check([{ path: 'src/socket.cpp', old_text: 'int close(', new_text: 'int close_conn(' }])).toEqual([]);
    expect(await validator.check([{ path: 'src/socket.cpp', old_text: 'missing', new_text: 'x' }])).toHaveLength(1);
    expect(await readFile(path.join(root, 'src', 'socket.cpp'), 'utf8')).toBe(SOCKET);
  });
});
