import { mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { NodeProcessRunner } from '../../../../src/adapters/exec/process-runner.js';
import { walkRepository } from '../../../../src/base/fs/repository-walk.js';
import { gitFileLister } from '../../../../src/adapters/git/git-file-lister.js';
import { createGitRepo, makeTempDir, type GitRepoFixture } from '../../../fixtures/git-repo.js';

const listGitFiles = gitFileLister(new NodeProcessRunner(process.env));
const cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const done of cleanup.splice(0)) await done();
});

async function put(root: string, rel: string, content = 'x\n'): Promise<void> {
  const full = path.join(root, rel);
  await mkdir(path.dirname(full), { recursive: true });
  await writeFile(full, content);
}

async function checkout(): Promise<GitRepoFixture> {
  const repo = await createGitRepo({
    commits: [{
      message: 'sources',
      files: {
        '.gitignore': 'cmake-build-debug/\n*.o\n',
        'CMakeLists.txt': 'project(x)\n',
        'src/build/builder.cpp': 'int build();\n',
        'src/out/writer.cpp': 'int write();\n',
        'build/tool.cpp': 'int tool();\n',
        'out/report.cpp': 'int report();\n',
        'src/link.cpp': { symlink: 'build/builder.cpp' },
      },
    }],
  });
  cleanup.push(() => repo.remove());
  // Build output the .gitignore names, an ignored object file and an untracked new source.
  await put(repo.dir, 'cmake-build-debug/CMakeCache.txt');
  await put(repo.dir, 'cmake-build-debug/gen/generated.cpp');
  await put(repo.dir, 'src/main.o');
  await put(repo.dir, 'src/new.cpp');
  return repo;
}

describe('walkRepository in a git checkout', () => {
  it('lists what git knows: tracked build/ and out/ sources and untracked files, not ignored output or links', async () => {
    const repo = await checkout();
    expect(await walkRepository(repo.dir, { maxFiles: 100, listGitFiles })).toEqual({
      files: ['.gitignore', 'CMakeLists.txt', 'build/tool.cpp', 'out/report.cpp', 'src/build/builder.cpp', 'src/new.cpp', 'src/out/writer.cpp'],
      truncated: false,
    });
  });

  it('lists relative to a source root below the top of the checkout', async () => {
    const repo = await checkout();
    expect((await walkRepository(path.join(repo.dir, 'src'), { maxFiles: 100, listGitFiles })).files).toEqual(['build/builder.cpp', 'new.cpp', 'out/writer.cpp']);
  });

  it('drops tracked files deleted from the work tree and stops at the limit in sorted order', async () => {
    const repo = await checkout();
    await rm(path.join(repo.dir, 'CMakeLists.txt'));
    expect(await walkRepository(repo.dir, { maxFiles: 3, listGitFiles })).toEqual({
      files: ['.gitignore', 'build/tool.cpp', 'out/report.cpp'],
      truncated: true,
    });
  });
});

describe('walkRepository outside a git checkout', () => {
  it('skips VCS, dependency and IDE folders and real CMake build folders, but keeps build/ and out/ sources', async () => {
    const root = await makeTempDir('walk-');
    cleanup.push(() => rm(root, { recursive: true, force: true }));
    for (const rel of [
      'src/a.cpp',
      'build/tool.cpp',
      'out/report.cpp',
      'cmake-build-release/src/kept.cpp', // a name alone says nothing
      'cmake-build-debug/CMakeCache.txt',
      'cmake-build-debug/gen/generated.cpp',
      'obj/CMakeFiles/x.dir/flags.make',
      'obj/object.cpp',
      '.git/HEAD',
      '.hg/store',
      '.svn/entries',
      'node_modules/x/index.js',
      '.vscode/settings.json',
      '.idea/workspace.xml',
    ]) {
      await put(root, rel);
    }
    await symlink(path.join(root, 'src'), path.join(root, 'loop'));
    // git is asked, finds no checkout, and the folder is walked.
    expect(await listGitFiles(root)).toBeNull();
    expect(await walkRepository(root, { maxFiles: 100, listGitFiles })).toEqual({
      files: ['build/tool.cpp', 'cmake-build-release/src/kept.cpp', 'out/report.cpp', 'src/a.cpp'],
      truncated: false,
    });
  });

  it('keeps the top folder even when it is a build folder, and walks when git is not installed', async () => {
    const root = await makeTempDir('walk-');
    cleanup.push(() => rm(root, { recursive: true, force: true }));
    await put(root, 'CMakeCache.txt');
    await put(root, 'src/a.cpp');
    const missingGit = gitFileLister(new NodeProcessRunner(process.env), path.join(root, 'no-such-git'));
    expect(await missingGit(root)).toBeNull();
    expect((await walkRepository(root, { maxFiles: 100, listGitFiles: missingGit })).files).toEqual(['CMakeCache.txt', 'src/a.cpp']);
  });
});
