import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BuildResult } from '../../../src/toolchain/build-result.js';
import type { BuildInput, CmakeClient, ConfigureInput, ConfigureResult } from '../../../src/toolchain/cmake-client.js';
import { cmakeFixBuilder, commandFixBuilder, type CmakeBuilderOptions } from '../../../src/toolchain/fix-builder.js';
import { FakeProcessRunner } from '../../fakes/fake-process-runner.js';

const OK: BuildResult = { ok: true, durationMs: 40, diagnostics: [], exitCode: 0, timedOut: false, outputTail: '' };

/** A cmake adapter that records what it is asked; `configured` says whether the build folder has a cache for the tree. */
class RecordingCmake implements CmakeClient {
  readonly calls: Array<['isConfigured', { sourceDir: string; buildDir: string }] | ['configure', ConfigureInput] | ['build', BuildInput]> = [];
  constructor(
    private readonly configured: boolean,
    private readonly configureResult: ConfigureResult = { ...OK, launcher: null },
  ) {}
  isConfigured(input: { sourceDir: string; buildDir: string }): Promise<boolean> {
    this.calls.push(['isConfigured', input]);
    return Promise.resolve(this.configured);
  }
  configure(input: ConfigureInput): Promise<ConfigureResult> {
    this.calls.push(['configure', input]);
    return Promise.resolve(this.configureResult);
  }
  build(input: BuildInput): Promise<BuildResult> {
    this.calls.push(['build', input]);
    return Promise.resolve({ ...OK, logFile: input.logFile });
  }
}

function options(cmake: RecordingCmake, over: Partial<CmakeBuilderOptions> = {}): CmakeBuilderOptions {
  return {
    cmake: () => Promise.resolve(cmake),
    buildDir: () => Promise.resolve('/w/build'),
    config: 'RelWithDebInfo',
    launcher: 'auto',
    configureArgs: ['-DWITH_TESTS=ON'],
    target: null,
    parallel: 4,
    timeoutMs: 60_000,
    ...over,
  };
}

describe('cmakeFixBuilder', () => {
  it('configures an unconfigured build folder for the work tree, then builds it, logging both to the same file', async () => {
    const cmake = new RecordingCmake(false);
    const built = await cmakeFixBuilder(options(cmake)).build('/w/tree', '/s/build-1.log');
    expect(built).toEqual({ result: { ...OK, logFile: '/s/build-1.log' }, buildDir: '/w/build' });
    expect(cmake.calls).toEqual([
      ['isConfigured', { sourceDir: '/w/tree', buildDir: '/w/build' }],
      ['configure', { sourceDir: '/w/tree', buildDir: '/w/build', buildType: 'RelWithDebInfo', extraArgs: ['-DWITH_TESTS=ON'], timeoutMs: 60_000, logFile: '/s/build-1.log' }],
      ['build', { buildDir: '/w/build', target: undefined, config: 'RelWithDebInfo', parallel: 4, timeoutMs: 60_000, logFile: '/s/build-1.log' }],
    ]);
  });

  it('only builds a folder configured before, for the target the settings name', async () => {
    const cmake = new RecordingCmake(true);
    await cmakeFixBuilder(options(cmake, { target: 'worldserver' })).build('/w/tree', '/s/build-2.log');
    expect(cmake.calls.map(([what]) => what)).toEqual(['isConfigured', 'build']);
    expect(cmake.calls[1]?.[1]).toMatchObject({ target: 'worldserver' });
  });

  it('describes itself for the build identity: config, target and configure arguments', () => {
    expect(cmakeFixBuilder(options(new RecordingCmake(true), { target: 'worldserver' })).describe()).toBe('cmake RelWithDebInfo target=worldserver -DWITH_TESTS=ON');
    expect(commandFixBuilder({ runner: new FakeProcessRunner(), argv: ['make', '-j8'], timeoutMs: 1 }).describe()).toBe('command make -j8');
  });

  it('returns a failed configure without building', async () => {
    const failed: ConfigureResult = { ...OK, ok: false, exitCode: 1, launcher: null };
    const cmake = new RecordingCmake(false, failed);
    expect(await cmakeFixBuilder(options(cmake)).build('/w/tree', '/s/build-1.log')).toEqual({ result: failed, buildDir: '/w/build' });
    expect(cmake.calls.map(([what]) => what)).toEqual(['isConfigured', 'configure']);
  });

  it.each([
    ['auto', undefined, false],
    ['none', null, true],
    ['ccache', 'ccache', true],
    ['sccache', 'sccache', true],
  ] as const)("passes 'compiler-launcher: %s' to cmake as %s", async (choice, launcher, named) => {
    const cmake = new RecordingCmake(false);
    await cmakeFixBuilder(options(cmake, { launcher: choice })).build('/w/tree', '/s/b.log');
    const configure = cmake.calls.find(([what]) => what === 'configure')?.[1] as ConfigureInput;
    expect('launcher' in configure).toBe(named);
    expect(configure.launcher).toBe(launcher);
  });

  it('asks for the build folder (locking the workspace) before it starts cmake', async () => {
    const order: string[] = [];
    const cmake = new RecordingCmake(true);
    const builder = cmakeFixBuilder(options(cmake, { buildDir: async () => (order.push('lock'), '/w/build'), cmake: async () => (order.push('cmake'), cmake) }));
    await builder.build('/w/tree', '/s/b.log');
    expect(order).toEqual(['lock', 'cmake']);
  });
});

describe('commandFixBuilder', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'caf-fix-builder-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("runs 'build-command' in the work tree, which is also its build folder, and parses its diagnostics", async () => {
    const runner = new FakeProcessRunner().on({ command: 'make' }, { exitCode: 2, stderr: "src/a.cpp:3:1: error: expected ';' before '}' token\n" });
    const logFile = path.join(dir, 'build-1.log');
    const built = await commandFixBuilder({ runner, argv: ['make', '-j2', 'all'], timeoutMs: 9000 }).build('/w/tree', logFile);
    expect(runner.calls).toEqual([{ command: 'make', args: ['-j2', 'all'], options: { cwd: '/w/tree', timeoutMs: 9000 } }]);
    expect(built.buildDir).toBe('/w/tree');
    expect(built.result).toMatchObject({ ok: false, exitCode: 2, logFile, diagnostics: [{ severity: 'error', file: 'src/a.cpp', line: 3, message: "expected ';' before '}' token" }] });
    expect(await readFile(logFile, 'utf8')).toBe("src/a.cpp:3:1: error: expected ';' before '}' token\n");
  });
});
