import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { preflight, type PreflightDeps, type PreflightOptions } from '../../../src/toolchain/preflight.js';
import { CrashAutofixError } from '../../../src/base/errors.js';

/** A build folder that was never configured. */
const NO_BUILD = path.join(os.tmpdir(), 'caf-preflight-no-such-build-folder');

const settings = (overrides: Partial<PreflightOptions> = {}): PreflightOptions => ({ buildCommand: null, testCommand: null, configureArgs: [], platform: 'linux', cxx: null, buildDir: NO_BUILD, ...overrides });

async function configuredBuildDir(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'caf-preflight-'));
  await writeFile(path.join(dir, 'CMakeCache.txt'), 'CMAKE_CXX_COMPILER:FILEPATH=/opt/gcc/bin/g++\n');
  return dir;
}

/** Fakes for the tools: `onPath` lists what a PATH lookup finds; `missing` names adapters that fail to start. */
function deps(options: { onPath?: string[]; changed?: string[]; missing?: Array<'cmake' | 'ctest'> } = {}): PreflightDeps & { asked: string[] } {
  const asked: string[] = [];
  const onPath = new Set(options.onPath ?? ['c++', '/repo/scripts/build.sh']);
  const adapter = (name: 'cmake' | 'ctest') => async (): Promise<unknown> => {
    asked.push(name);
    if (options.missing?.includes(name)) throw new CrashAutofixError('tool-missing', `${name} was not found at '${name}'; install CMake 3.16 or newer`);
    return {};
  };
  return {
    asked,
    which: async (name) => {
      asked.push(`which ${name}`);
      return onPath.has(name) ? `/usr/bin/${name}` : null;
    },
    cmake: adapter('cmake'),
    ctest: adapter('ctest'),
    git: async () => ({ repoDir: '/repo', trackedChanges: async () => options.changed ?? [] }),
  };
}

describe('preflight before the paid model call', () => {
  it('checks cmake, a compiler and ctest by default', async () => {
    const d = deps();
    await preflight(settings(), d);
    expect(d.asked).toEqual(['cmake', 'which c++', 'ctest']);
  });

  it('refuses a checkout with changes to tracked files, naming them, and says to commit or stash', async () => {
    await expect(preflight(settings(), deps({ changed: ['src/a.cpp', 'src/b.cpp', 'CMakeLists.txt', 'x.h'] }))).rejects.toMatchObject({
      kind: 'bad-input',
      message: '/repo has uncommitted changes to tracked files (src/a.cpp, src/b.cpp, CMakeLists.txt and 1 more); the fix is made against the last commit, so commit or stash them first',
    });
  });

  it('names the missing tool and the setting that points at it', async () => {
    await expect(preflight(settings(), deps({ missing: ['cmake'] }))).rejects.toThrow("cmake was not found at 'cmake'");
    await expect(preflight(settings(), deps({ missing: ['ctest'] }))).rejects.toThrow("ctest was not found at 'ctest'");
    await expect(preflight(settings(), deps({ onPath: [] }))).rejects.toMatchObject({
      kind: 'tool-missing',
      message: "No C++ compiler for cmake: CXX is not set and none of c++, g++, clang++ is on PATH; install one (apt-get install g++), set CXX, or pass -DCMAKE_CXX_COMPILER=<path> in 'configure-args'",
    });
    await expect(preflight(settings({ cxx: 'clang++-19 -m64' }), deps())).rejects.toThrow('CXX names the C++ compiler clang++-19, which was not found; install it or fix CXX');
  });

  it('leaves the compiler to cmake when configure-args or a configured build folder name it, and on Windows without CXX', async () => {
    for (const [s, d] of [
      [settings({ configureArgs: ['-DCMAKE_CXX_COMPILER=/opt/gcc/bin/g++'] }), deps({ onPath: [] })],
      [settings({ buildDir: await configuredBuildDir() }), deps({ onPath: [] })],
      [settings({ platform: 'win32' }), deps({ onPath: [] })],
    ] as const) {
      await preflight(s, d);
      expect(d.asked).toEqual(['cmake', 'ctest']);
    }
  });

  it("checks the programs of 'build-command' and 'test-command' instead: a path in the repository, a name on PATH", async () => {
    const d = deps({ onPath: ['/repo/scripts/build.sh', 'make'] });
    await preflight(settings({ buildCommand: ['scripts/build.sh', '--fast'], testCommand: ['make', 'check'] }), d);
    expect(d.asked).toEqual(['which /repo/scripts/build.sh', 'which make']);
    await expect(preflight(settings({ buildCommand: ['ninja'] }), deps({ onPath: [] }))).rejects.toMatchObject({
      kind: 'tool-missing',
      message: "The program of 'build-command', ninja, was not found on PATH or is not executable; install it or fix 'build-command'",
    });
    await expect(preflight(settings({ testCommand: ['./run-tests.sh'] }), deps())).rejects.toThrow(
      "The program of 'test-command', ./run-tests.sh, was not found in the repository (/repo/run-tests.sh) or is not executable; install it or fix 'test-command'",
    );
  });
});
