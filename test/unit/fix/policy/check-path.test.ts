import { mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkPath, checkPathRules } from '../../../../src/fix/policy/check-path.js';
import { fixPolicy } from '../../../../src/fix/policy/fix-policy.js';
import { makeTempDir } from '../../../fixtures/git-repo.js';

const policy = fixPolicy({ allowedPaths: ['src/**', 'include/**'], corePaths: ['src/core/**'], protectedPaths: ['src/generated/**'] });

function reason(raw: string, p = policy): string {
  const r = checkPathRules(raw, p);
  if (r.ok) throw new Error(`${raw} was accepted`);
  return r.reason;
}

describe('checkPathRules', () => {
  it('accepts an allowed, non-core path', () => {
    expect(checkPathRules('src/net/socket.cpp', policy)).toEqual({ ok: true, path: 'src/net/socket.cpp', core: false, build: false });
  });

  it.each([
    ['a workflow', '.github/workflows/ci.yml', /protected \(\.github\/\*\*\)/],
    ['a workflow in another case', '.GITHUB/workflows/x.yml', /protected/],
    ["the action's own config", '.github/crash-autofix.yml', /protected/],
    ['.gitattributes anywhere', 'src/.gitattributes', /protected/],
    ['.gitmodules', '.gitmodules', /protected/],
    ['CODEOWNERS', 'CODEOWNERS', /protected/],
    ['another CI system', '.gitlab-ci.yml', /protected/],
    ['a protected glob from the settings', 'src/generated/table.cpp', /protected \(src\/generated\/\*\*\)/],
    ['a binary by extension', 'src/libfoo.so', /binary file type \(\.so\)/],
    ['a dump by extension, upper case', 'src/crash.DMP', /binary file type/],
    ['an image', 'src/logo.png', /binary file type/],
  ])('refuses %s', (_what, raw, expected) => {
    expect(reason(raw, fixPolicy({ protectedPaths: ['src/generated/**'] }))).toMatch(expected);
  });

  it('refuses a path outside the allowed paths and names them', () => {
    expect(reason('tools/gen.py')).toMatch(/outside the allowed paths \(src\/\*\*, include\/\*\*\)/);
  });

  it('matches allowed paths case-sensitively, so an allowance is never widened', () => {
    expect(reason('SRC/x.cpp')).toMatch(/outside the allowed paths/);
  });

  it('refuses a core path without allowCoreChanges', () => {
    expect(reason('src/core/engine.cpp')).toMatch(/core path and core changes are not allowed/);
    expect(reason('src/CORE/engine.cpp')).toMatch(/core path/);
  });

  it.each([
    ['CMakeLists.txt'],
    ['src/server/CMakeLists.txt'],
    ['cmake/macros/ConfigureBaseTargets.cmake'],
    ['CMakePresets.json'],
    ['src/game/game.vcxproj'],
    ['TrinityCore.sln'],
    ['Directory.Build.props'],
    ['build/common.targets'],
    ['contrib/build.sh'],
    ['scripts/build.ps1'],
    ['SRC/Makefile'],
  ])('refuses the build file %s unless build file changes are allowed, then flags it', (file) => {
    expect(checkPathRules(file, fixPolicy())).toMatchObject({ ok: false, reason: expect.stringMatching(/is a build file \(.+\) that runs on the build machine, and build file changes are not allowed/) as unknown });
    expect(checkPathRules(file, fixPolicy({ allowBuildFileChanges: true }))).toEqual({ ok: true, path: file, core: false, build: true });
  });

  it("treats the settings' own scripts as build files, and keeps CI files protected even when build files are allowed", () => {
    expect(checkPathRules('tools/repro.py', fixPolicy({ buildScripts: ['tools/repro.py'] }))).toMatchObject({ ok: false, reason: expect.stringContaining('is a build file (tools/repro.py)') as unknown });
    expect(checkPathRules('tools/other.py', fixPolicy({ buildScripts: ['tools/repro.py'] }))).toMatchObject({ ok: true, build: false });
    expect(checkPathRules('.github/workflows/ci.yml', fixPolicy({ allowBuildFileChanges: true }))).toMatchObject({ ok: false, reason: expect.stringContaining('is protected') as unknown });
  });

  it('accepts a core path with allowCoreChanges and flags it', () => {
    expect(checkPathRules('src/core/engine.cpp', { ...policy, allowCoreChanges: true })).toEqual({ ok: true, path: 'src/core/engine.cpp', core: true, build: false });
  });

  it('applies syntax rules first', () => {
    expect(reason('src/../.github/x')).toMatch(/'\.\.' segment/);
  });
});

describe('checkPath on the file system', () => {
  let root = '';
  let outside = '';
  beforeAll(async () => {
    root = await makeTempDir('policy-root-');
    outside = await makeTempDir('policy-outside-');
    await mkdir(path.join(root, 'src'), { recursive: true });
    await writeFile(path.join(root, 'src', 'a.cpp'), 'int a;\n');
    await writeFile(path.join(outside, 'passwd'), 'root\n');
    await symlink(outside, path.join(root, 'src', 'evil'));
    await symlink(path.join(root, '.github'), path.join(root, 'src', 'alias'));
    await symlink(path.join(outside, 'passwd'), path.join(root, 'src', 'link.cpp'));
    await mkdir(path.join(root, 'src', 'dir.cpp'));
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
    await rm(outside, { recursive: true, force: true });
  });

  it('accepts an existing file and a new one, with their absolute paths', async () => {
    expect(await checkPath('src/a.cpp', policy, root)).toEqual({ ok: true, path: 'src/a.cpp', core: false, build: false, absolute: path.join(root, 'src', 'a.cpp'), exists: true });
    expect(await checkPath('src/new/b.cpp', policy, root)).toMatchObject({ ok: true, exists: false, absolute: path.join(root, 'src', 'new', 'b.cpp') });
  });

  it('refuses a path through a symbolic link that leaves the repository', async () => {
    expect(await checkPath('src/evil/passwd', policy, root)).toEqual({ ok: false, reason: 'src/evil is a symbolic link; crash-autofix never writes through links' });
  });

  it('refuses a link that stays inside but would alias a protected folder', async () => {
    expect(await checkPath('src/alias/workflows/ci.yml', policy, root)).toMatchObject({ ok: false, reason: expect.stringMatching(/src\/alias is a symbolic link/) as unknown });
  });

  it('refuses a symbolic link as the target file itself', async () => {
    expect(await checkPath('src/link.cpp', policy, root)).toMatchObject({ ok: false, reason: 'src/link.cpp is a symbolic link; crash-autofix never writes through links' });
  });

  it('refuses a folder as the target and a file used as a folder', async () => {
    expect(await checkPath('src/dir.cpp', policy, root)).toMatchObject({ ok: false, reason: 'src/dir.cpp is not a regular file' });
    expect(await checkPath('src/a.cpp/x.cpp', policy, root)).toMatchObject({ ok: false, reason: 'src/a.cpp is not a folder' });
  });
});
