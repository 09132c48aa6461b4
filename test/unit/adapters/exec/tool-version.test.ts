import { describe, expect, it } from 'vitest';
import { formatVersion, probeToolVersion, parseToolVersion, readVersion, versionAtLeast } from '../../../../src/adapters/exec/tool-version.js';
import { CrashAutofixError } from '../../../../src/base/errors.js';
import { FakeProcessRunner } from '../../../fakes/fake-process-runner.js';

describe('parseToolVersion', () => {
  it('reads cmake, ctest, cppcheck and clang-tidy banners', () => {
    expect(parseToolVersion('cmake version 3.25.1\n\nCMake suite maintained and supported by Kitware (kitware.com/cmake).\n', 'cmake')).toEqual({ major: 3, minor: 25, patch: 1, parts: [3, 25, 1], text: '3.25.1' });
    expect(parseToolVersion('ctest version 3.31.0-rc2\n', 'ctest')?.text).toBe('3.31.0');
    expect(parseToolVersion('Cppcheck 2.10\n', 'cppcheck')).toEqual({ major: 2, minor: 10, patch: 0, parts: [2, 10], text: '2.10' });
    expect(parseToolVersion('Ubuntu LLVM version 15.0.7\n  Optimized build.', 'LLVM')?.major).toBe(15);
    expect(parseToolVersion('something else 1.2', 'cmake')).toBeNull();
  });

  it('reads bubblewrap and both cdb banners', () => {
    expect(parseToolVersion('bubblewrap 0.8.0\n', 'bubblewrap')?.text).toBe('0.8.0');
    expect(parseToolVersion('Microsoft (R) Windows Debugger Version 10.0.14321.1024 AMD64', 'Debugger Version')?.parts).toEqual([10, 0, 14321, 1024]);
    expect(parseToolVersion('cmake\nversion 3.25.1', 'cmake')).toBeNull();
  });

  it('compares major and minor', () => {
    const v = readVersion('3.16') ?? expect.unreachable();
    expect(versionAtLeast(v, [3, 16])).toBe(true);
    expect(versionAtLeast(v, [3, 21])).toBe(false);
    expect(versionAtLeast(v, [2, 99])).toBe(true);
  });

  it('compares every dotted part numerically, missing parts as 0', () => {
    const at = (text: string, min: number[]) => versionAtLeast(readVersion(text) ?? expect.unreachable(text), min);
    expect(at('10.0.22621.2428', [10, 0])).toBe(true);
    expect(at('6.3.9600.16384', [10, 0])).toBe(false);
    expect(at('10.0', [10, 0, 1])).toBe(false);
    expect(at('10.10', [10, 9])).toBe(true);
    expect(at('8.2', [8])).toBe(true);
    expect(at('7.12', [8])).toBe(false);
  });

  it('reads only the leading dotted number', () => {
    expect(readVersion('2.45.1.windows.1')).toMatchObject({ parts: [2, 45, 1], text: '2.45.1' });
    expect(readVersion('3.31.0-rc2')?.text).toBe('3.31.0');
    expect(readVersion('13')).toBeNull();
    expect(readVersion('v1.2')).toBeNull();
    expect(formatVersion([3, 16])).toBe('3.16');
  });
});

describe('probeToolVersion', () => {
  const install = "install CMake or set 'cmake-path'";

  it('refuses a version below the minimum with one line', async () => {
    const runner = new FakeProcessRunner().on({ command: 'cmake' }, { stdout: 'cmake version 3.10.2\n' });
    await expect(probeToolVersion(runner, { toolPath: 'cmake', name: 'cmake', min: [3, 16], install })).rejects.toThrow(
      "cmake 3.10.2 at 'cmake' is too old; crash-autofix needs cmake 3.16 or newer: install CMake or set 'cmake-path'",
    );
  });

  it('says what it got when the output is not a version', async () => {
    const runner = new FakeProcessRunner().on({ command: 'cmake' }, { exitCode: 1, stderr: 'segfault\nin probe' });
    const error = await probeToolVersion(runner, { toolPath: 'cmake', name: 'cmake', min: [3, 16], install }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CrashAutofixError);
    expect((error as CrashAutofixError).kind).toBe('tool-missing');
    expect((error as CrashAutofixError).message).toBe("'cmake --version' did not report a cmake version (segfault in probe); install CMake or set 'cmake-path'");
  });

  it('names the setting when the program is not there at all (real spawn)', async () => {
    const { NodeProcessRunner } = await import('../../../../src/adapters/exec/process-runner.js');
    await expect(probeToolVersion(new NodeProcessRunner(process.env), { toolPath: '/nonexistent/cmake', name: 'cmake', min: [3, 16], install })).rejects.toThrow(
      "cmake was not found at '/nonexistent/cmake'; install CMake or set 'cmake-path'",
    );
  });
});
