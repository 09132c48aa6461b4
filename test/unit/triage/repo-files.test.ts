import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CrashAutofixError } from '../../../src/base/errors.js';
import { NodeProcessRunner } from '../../../src/adapters/exec/process-runner.js';
import { gitFileLister } from '../../../src/adapters/git/git-file-lister.js';
import { createPathMapper } from '../../../src/triage/path-map.js';
import { createSourceReader, listRepositoryFiles, looksBinary } from '../../../src/triage/repo-files.js';
import { createGitRepo } from '../../fixtures/git-repo.js';

const listGitFiles = gitFileLister(new NodeProcessRunner(process.env));

let base: string;
let root: string;

async function put(rel: string, content: string | Buffer = 'x\n'): Promise<void> {
  const full = path.join(root, rel);
  await mkdir(path.dirname(full), { recursive: true });
  await writeFile(full, content);
}

beforeEach(async () => {
  base = await mkdtemp(path.join(tmpdir(), 'repo-files-'));
  root = path.join(base, 'repo');
  await mkdir(root);
});
afterEach(async () => {
  await rm(base, { recursive: true, force: true });
});

describe('listRepositoryFiles', () => {
  it('outside git: lists files with / separators, sorted, skipping VCS, dependency and real build folders only', async () => {
    for (const rel of [
      'src/server/game/Player.cpp',
      'src/server/game/Player.h',
      'CMakeLists.txt',
      '.git/HEAD',
      'node_modules/x/index.js',
      'build/src/gen.cpp',
      'cmake-build-debug/CMakeCache.txt',
      'cmake-build-debug/gen.cpp',
      'out/x.cpp',
      'src/build-helpers.cmake',
    ]) {
      await put(rel);
    }
    expect(await listRepositoryFiles(root, { listGitFiles })).toEqual({
      files: ['CMakeLists.txt', 'build/src/gen.cpp', 'out/x.cpp', 'src/build-helpers.cmake', 'src/server/game/Player.cpp', 'src/server/game/Player.h'],
      truncated: false,
    });
  });

  it('in a git checkout: tracked build/ and out/ sources are listed, mapped and read; ignored build output is not', async () => {
    const repo = await createGitRepo({
      commits: [{
        message: 'sources',
        files: {
          '.gitignore': 'cmake-build-debug/\n',
          'src/build/Builder.cpp': 'int build() { return *p; }\n',
          'src/out/Writer.cpp': 'int write();\n',
          'out/Report.cpp': 'int report();\n',
        },
      }],
    });
    try {
      await repo.write('cmake-build-debug/src/build/Builder.cpp', 'generated copy\n');
      const listed = await listRepositoryFiles(repo.dir, { listGitFiles });
      expect(listed.files).toEqual(['.gitignore', 'out/Report.cpp', 'src/build/Builder.cpp', 'src/out/Writer.cpp']);
      const mapper = createPathMapper(listed.files);
      expect(mapper.map('/home/ci/work/src/build/Builder.cpp')).toBe('src/build/Builder.cpp');
      expect(mapper.map('C:\\agent\\_work\\1\\s\\src\\out\\Writer.cpp')).toBe('src/out/Writer.cpp');
      expect(mapper.map('/home/ci/work/out/Report.cpp')).toBe('out/Report.cpp');
      expect(await createSourceReader(repo.dir)('src/build/Builder.cpp')).toBe('int build() { return *p; }\n');
    } finally {
      await repo.remove();
    }
  });

  it('does not follow symbolic links', async () => {
    await put('src/a.cpp');
    await symlink(path.join(root, 'src'), path.join(root, 'loop'));
    expect((await listRepositoryFiles(root)).files).toEqual(['src/a.cpp']);
  });

  it('stops at the file limit and says so', async () => {
    for (let i = 0; i < 5; i++) await put(`f${i}.cpp`);
    const listed = await listRepositoryFiles(root, { maxFiles: 3 });
    expect(listed).toEqual({ files: ['f0.cpp', 'f1.cpp', 'f2.cpp'], truncated: true });
  });

  it('fails with one clear line when the root is not a directory', async () => {
    await put('file.txt');
    for (const bad of [path.join(root, 'missing'), path.join(root, 'file.txt')]) {
      const error = await listRepositoryFiles(bad).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(CrashAutofixError);
      expect((error as CrashAutofixError).kind).toBe('bad-input');
      expect((error as CrashAutofixError).message).toMatch(/^Source root .* is not a readable directory .*source-root/);
      expect((error as CrashAutofixError).message).not.toContain('\n');
    }
  });
});

describe('createSourceReader', () => {
  it('reads repository files as text', async () => {
    await put('src/a.cpp', 'int main() {}\n');
    expect(await createSourceReader(root)('src/a.cpp')).toBe('int main() {}\n');
  });

  it('returns null for missing, escaping, binary, oversized and non-file paths', async () => {
    await put('bin.dat', Buffer.from([1, 2, 0, 3]));
    await put('big.cpp', 'x'.repeat(100));
    await put('dir/a.cpp');
    await writeFile(path.join(base, 'outside.cpp'), 'secret');
    const read = createSourceReader(root, 50);
    for (const rel of ['missing.cpp', '../outside.cpp', path.join(base, 'outside.cpp'), 'bin.dat', 'big.cpp', 'dir', '']) {
      expect(await read(rel), rel).toBeNull();
    }
  });

  it('detects binary content by a NUL byte near the start', () => {
    expect(looksBinary(Buffer.from('plain text'))).toBe(false);
    expect(looksBinary(Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x00]))).toBe(true);
  });
});
