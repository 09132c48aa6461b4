import { mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ToolInputError } from '../../../../src/base/errors.js';
import { createRepoReader } from '../../../../src/fix/repo/repo-reader.js';
import { NodeProcessRunner } from '../../../../src/adapters/exec/process-runner.js';
import { gitFileLister } from '../../../../src/adapters/git/git-file-lister.js';
import { createGitRepo, makeTempDir, type GitRepoFixture } from '../../../fixtures/git-repo.js';

let root = '';
let outside = '';
const numbered = Array.from({ length: 1000 }, (_, i) => `line ${i + 1}`).join('\n') + '\n';

beforeAll(async () => {
  root = await makeTempDir('reader-');
  outside = await makeTempDir('reader-outside-');
  const files: Record<string, string | Buffer> = {
    'src/socket.cpp': 'int read(Conn* c) {\n  return c->fd; // TODO null\n}\n',
    'src/win.cpp': 'int a;\r\nint b;\r\n',
    'src/big.txt': numbered,
    'src/long.txt': 'x'.repeat(5000) + '\n',
    'include/socket.h': 'int read(Conn* c);\n',
    'build/CMakeCache.txt': 'CMAKE_BUILD_TYPE:STRING=Debug\n',
    'build/gen.cpp': 'int read(Generated* g);\n',
    'out/emit.cpp': 'int read(Out* o);\n',
    'src/blob.bin': Buffer.from([1, 0, 2, 3]),
    'src/data.dat': Buffer.from([0x72, 0x65, 0x61, 0x64, 0x00]),
    '.git/config': '[core]\n',
    'README.md': 'read me\n',
  };
  for (const [rel, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(root, rel)), { recursive: true });
    await writeFile(path.join(root, rel), content);
  }
  await writeFile(path.join(outside, 'secret.txt'), 'read secret\n');
  await symlink(outside, path.join(root, 'src', 'evil'));
  await symlink(path.join(root, '.git'), path.join(root, 'gitlink'));
  await symlink(path.join(root, 'include'), path.join(root, 'inc'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
  await rm(outside, { recursive: true, force: true });
});

describe('RepoReader.readFile', () => {
  const reader = () => createRepoReader(root);

  it('reads a range of lines with the total', async () => {
    expect(await reader().readFile('src/big.txt', { startLine: 10, endLine: 12 })).toEqual({
      path: 'src/big.txt',
      totalLines: 1000,
      startLine: 10,
      lines: ['line 10', 'line 11', 'line 12'],
      truncated: false,
    });
  });

  it('bounds the lines per call and says so', async () => {
    const excerpt = await reader().readFile('src/big.txt');
    expect(excerpt.lines).toHaveLength(400);
    expect(excerpt.truncated).toBe(true);
  });

  it('bounds bytes and cuts very long lines', async () => {
    const excerpt = await createRepoReader(root, { maxBytes: 40 }).readFile('src/big.txt');
    expect(excerpt.lines).toEqual(['line 1', 'line 2', 'line 3', 'line 4', 'line 5']);
    expect(excerpt.truncated).toBe(true);
    const long = await reader().readFile('src/long.txt');
    expect(long.lines[0]).toHaveLength(2001);
    expect(long.truncated).toBe(true);
  });

  it('splits CRLF files into lines', async () => {
    expect((await reader().readFile('src/win.cpp')).lines).toEqual(['int a;', 'int b;']);
  });

  it('follows a link that stays inside the repository', async () => {
    expect((await reader().readFile('inc/socket.h')).lines).toEqual(['int read(Conn* c);']);
  });

  it.each([
    ['an escape', '../../etc/passwd', /'\.\.' segment/],
    ['an absolute path', '/etc/passwd', /absolute/],
    ['.git', '.git/config', /inside \.git/],
    ['a link out of the repository', 'src/evil/secret.txt', /resolves outside the repository/],
    ['a link into .git', 'gitlink/config', /resolves into \.git/],
    ['a missing file', 'src/nope.cpp', /does not exist; use list_files/],
    ['a folder', 'src', /is a folder; use list_files/],
    ['a binary file', 'src/blob.bin', /binary file/],
  ])('refuses %s with a ToolInputError', async (_what, p, reason) => {
    const error = await reader().readFile(p).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ToolInputError);
    expect((error as Error).message).toMatch(reason);
  });

  it('refuses bad ranges', async () => {
    await expect(reader().readFile('src/socket.cpp', { startLine: 0 })).rejects.toThrow(/startLine must be a whole number from 1, got 0/);
    await expect(reader().readFile('src/socket.cpp', { startLine: 3, endLine: 2 })).rejects.toThrow(/endLine 2 is before startLine 3/);
    await expect(reader().readFile('src/socket.cpp', { startLine: 50 })).rejects.toThrow(/has 3 lines; startLine 50 is past its end/);
  });
});

describe('RepoReader.listFiles', () => {
  it('lists a folder sorted, without .git, with links that stay inside', async () => {
    expect(await createRepoReader(root).listFiles('')).toEqual({
      entries: [
        { name: 'README.md', type: 'file' },
        { name: 'build', type: 'dir' },
        { name: 'inc', type: 'dir' },
        { name: 'include', type: 'dir' },
        { name: 'out', type: 'dir' },
        { name: 'src', type: 'dir' },
      ],
      truncated: false,
    });
  });

  it('bounds the entries', async () => {
    expect(await createRepoReader(root, { maxEntries: 2 }).listFiles('src')).toEqual({
      entries: [
        { name: 'big.txt', type: 'file' },
        { name: 'blob.bin', type: 'file' },
      ],
      truncated: true,
    });
  });

  it('refuses a file, an escape and .git', async () => {
    await expect(createRepoReader(root).listFiles('README.md')).rejects.toThrow(/is a file, not a folder/);
    await expect(createRepoReader(root).listFiles('src/evil')).rejects.toThrow(/resolves outside the repository/);
    await expect(createRepoReader(root).listFiles('.git')).rejects.toThrow(ToolInputError);
  });
});

describe('RepoReader.searchCode', () => {
  it('finds matches in text files, skipping real build folders (CMakeCache.txt), binaries, .git and links', async () => {
    const result = await createRepoReader(root).searchCode('\\bread\\b');
    expect(result).toEqual({
      matches: [
        { path: 'README.md', line: 1, text: 'read me' },
        { path: 'include/socket.h', line: 1, text: 'int read(Conn* c);' },
        { path: 'out/emit.cpp', line: 1, text: 'int read(Out* o);' },
        { path: 'src/socket.cpp', line: 1, text: 'int read(Conn* c) {' },
      ],
      truncated: false,
    });
  });

  it('limits the search with a glob; a glob without / matches file names anywhere', async () => {
    expect((await createRepoReader(root).searchCode('read', 'include/**')).matches.map((m) => m.path)).toEqual(['include/socket.h']);
    expect((await createRepoReader(root).searchCode('read', '*.cpp')).matches.map((m) => m.path)).toEqual(['out/emit.cpp', 'src/socket.cpp']);
  });

  it('bounds the matches', async () => {
    const result = await createRepoReader(root, { maxMatches: 5 }).searchCode('^line');
    expect(result.matches).toHaveLength(5);
    expect(result.truncated).toBe(true);
  });

  it('refuses an invalid regular expression with a message the model can act on', async () => {
    const error = await createRepoReader(root).searchCode('read(').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ToolInputError);
    expect((error as Error).message).toMatch(/^invalid regular expression "read\(": .*; use JavaScript RegExp syntax$/);
  });

  it('stops a catastrophic pattern instead of hanging', async () => {
    await writeFile(path.join(root, 'src', 'evil.txt'), `${'a'.repeat(40)}!\n`);
    const reader = createRepoReader(root, { searchTimeoutMs: 300 });
    await expect(reader.searchCode('^(a+)+$', 'src/evil.txt')).rejects.toThrow(/took longer than 0.3 s; use a simpler pattern/);
    await rm(path.join(root, 'src', 'evil.txt'));
  });
});

describe('RepoReader in a git checkout', () => {
  const listGitFiles = gitFileLister(new NodeProcessRunner(process.env));
  let repo: GitRepoFixture;
  beforeAll(async () => {
    repo = await createGitRepo({
      commits: [{
        message: 'sources',
        files: {
          '.gitignore': 'cmake-build-debug/\n',
          'src/build/builder.cpp': 'int read(Builder* b);\n',
          'out/report.cpp': 'int read(Report* r);\n',
        },
      }],
    });
    await repo.write('cmake-build-debug/gen/generated.cpp', 'int read(Generated* g);\n');
  });
  afterAll(async () => {
    await repo.remove();
  });

  it('searches tracked build/ and out/ sources but not ignored build output', async () => {
    const result = await createRepoReader(repo.dir, {}, listGitFiles).searchCode('\\bread\\b');
    expect(result.matches.map((m) => m.path)).toEqual(['out/report.cpp', 'src/build/builder.cpp']);
  });

  it('lists and reads a tracked build/ folder', async () => {
    const reader = createRepoReader(repo.dir, {}, listGitFiles);
    expect(await reader.listFiles('src/build')).toEqual({ entries: [{ name: 'builder.cpp', type: 'file' }], truncated: false });
    expect((await reader.readFile('src/build/builder.cpp')).lines).toEqual(['int read(Builder* b);']);
    expect((await reader.readFile('out/report.cpp')).lines).toEqual(['int read(Report* r);']);
  });

  it('keeps .git unreadable', async () => {
    const reader = createRepoReader(repo.dir, {}, listGitFiles);
    await expect(reader.readFile('.git/HEAD')).rejects.toThrow(ToolInputError);
    await expect(reader.listFiles('.git')).rejects.toThrow(ToolInputError);
    expect((await reader.searchCode('ref: refs/heads')).matches).toEqual([]);
  });
});
