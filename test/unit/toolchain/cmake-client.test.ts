import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExecCmakeClient } from '../../../src/toolchain/cmake-client.js';
import { FakeProcessRunner } from '../../fakes/fake-process-runner.js';

const VERSION = { stdout: 'cmake version 3.25.1\n' };

describe('ExecCmakeClient (scripted cmake)', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'caf-cmake-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('refuses cmake older than 3.16', async () => {
    const runner = new FakeProcessRunner().on({ args: ['--version'] }, { stdout: 'cmake version 3.10.2\n' });
    await expect(ExecCmakeClient.create({ runner, cmakePath: '/opt/cmake' })).rejects.toThrow("cmake 3.10.2 at '/opt/cmake' is too old; crash-autofix needs cmake 3.16 or newer");
  });

  it('passes a launcher found on PATH and clears it when there is none', async () => {
    const runner = new FakeProcessRunner().on({ args: ['--version'] }, VERSION).on({ argsInclude: ['-S'] }, { stdout: '-- Generating done\n' });
    const withCcache = await ExecCmakeClient.create({ runner, which: (n) => Promise.resolve(n === 'sccache' ? '/usr/bin/sccache' : null) });
    const input = { sourceDir: path.join(dir, 'src'), buildDir: path.join(dir, 'b'), buildType: 'Debug', timeoutMs: 1000 };
    const result = await withCcache.configure({ ...input, generator: 'Unix Makefiles', extraArgs: ['-DX=1'] });
    expect(result).toMatchObject({ ok: true, launcher: '/usr/bin/sccache', diagnostics: [] });
    expect(runner.calls.at(-1)?.args).toEqual([
      '-S', input.sourceDir, '-B', input.buildDir, '-DCMAKE_BUILD_TYPE=Debug', '-DCMAKE_EXPORT_COMPILE_COMMANDS=ON', '-G', 'Unix Makefiles',
      '-DCMAKE_CXX_COMPILER_LAUNCHER=/usr/bin/sccache', '-DCMAKE_C_COMPILER_LAUNCHER=/usr/bin/sccache', '-DX=1',
    ]);
    expect((await withCcache.configure({ ...input, launcher: 'ccache' })).launcher).toBeNull();
    expect(runner.calls.at(-1)?.args).toContain('-UCMAKE_CXX_COMPILER_LAUNCHER');
    await withCcache.configure({ ...input, launcher: null });
    expect(runner.calls.at(-1)?.args.some((a) => a.startsWith('-DCMAKE_CXX_COMPILER_LAUNCHER'))).toBe(false);
  });

  it('reports a CMake error from configure as diagnostics, and a build timeout', async () => {
    const runner = new FakeProcessRunner()
      .on({ args: ['--version'] }, VERSION)
      .on({ argsInclude: ['-S'] }, { exitCode: 1, stderr: 'CMake Error at CMakeLists.txt:3 (add_executable):\n  Cannot find source file:\n\n    nope.cpp\n\n' })
      .on({ argsInclude: ['--build'] }, { exitCode: null, signal: 'SIGKILL', timedOut: true, stdout: '[ 10%] Building CXX object a.o\n' });
    const cmake = await ExecCmakeClient.create({ runner });
    const logFile = path.join(dir, 'logs', 'configure.log');
    const configured = await cmake.configure({ sourceDir: dir, buildDir: path.join(dir, 'b2'), buildType: 'Release', timeoutMs: 1000, logFile });
    expect(configured).toMatchObject({ ok: false, exitCode: 1, logFile, diagnostics: [{ severity: 'error', file: 'CMakeLists.txt', line: 3, message: 'Cannot find source file: nope.cpp' }] });
    const built = await cmake.build({ buildDir: path.join(dir, 'b2'), target: 'app', config: 'Debug', parallel: 2, timeoutMs: 5 });
    expect(built).toMatchObject({ ok: false, timedOut: true, exitCode: null, outputTail: '[ 10%] Building CXX object a.o\n' });
    expect(runner.calls.at(-1)?.args).toEqual(['--build', path.join(dir, 'b2'), '--target', 'app', '--config', 'Debug', '--parallel', '2']);
    expect(runner.calls.at(-1)?.options?.timeoutMs).toBe(5);
  });

  it('knows a build folder is configured only for the same source folder and generator', async () => {
    const runner = new FakeProcessRunner().on({ args: ['--version'] }, VERSION);
    const cmake = await ExecCmakeClient.create({ runner });
    const src = path.join(dir, 'src');
    const build = path.join(dir, 'cfg');
    await mkdir(src, { recursive: true });
    await mkdir(build, { recursive: true });
    expect(await cmake.isConfigured({ sourceDir: src, buildDir: build })).toBe(false);
    await writeFile(path.join(build, 'CMakeCache.txt'), `# This is the CMakeCache file.\nCMAKE_GENERATOR:INTERNAL=Unix Makefiles\nCMAKE_HOME_DIRECTORY:INTERNAL=${src}\n`);
    expect(await cmake.isConfigured({ sourceDir: src, buildDir: build })).toBe(true);
    expect(await cmake.isConfigured({ sourceDir: src, buildDir: build, generator: 'Ninja' })).toBe(false);
    expect(await cmake.isConfigured({ sourceDir: dir, buildDir: build })).toBe(false);
  });
});
