import { describe, expect, it } from 'vitest';
import { fixToolchain } from '../../../src/composition/fix-toolchain.js';
import { buildSettings, type SettingsInput } from '../../../src/settings/build-settings.js';
import type { BuildResult } from '../../../src/toolchain/build-result.js';
import type { CmakeClient } from '../../../src/toolchain/cmake-client.js';
import type { CtestClient, TestResult } from '../../../src/toolchain/ctest-client.js';
import { fakeEnvironment } from '../../fakes/environment.js';
import { FakeProcessRunner } from '../../fakes/fake-process-runner.js';
import type { GitClient } from '../../../src/adapters/git/git-client.js';

const BUILT: BuildResult = { ok: true, durationMs: 1, diagnostics: [], exitCode: 0, timedOut: false, outputTail: '' };
const PASSED: TestResult = { ok: true, total: 2, passed: 2, failed: 0, skipped: 0, failedTests: [], durationMs: 3, junitFile: null, exitCode: 0, timedOut: false, output: '' };
const WORKSPACE = { treeDir: '/w/tree', buildDir: '/w/build', runDir: '/w/run' };
const TARGET = { worktreeDir: '/w/tree', buildDir: '/w/build' };

function settings(values: SettingsInput['values']): ReturnType<typeof buildSettings> {
  return buildSettings({ origin: 'cli', command: 'fix', values: { dump: 'core', ...values }, environment: fakeEnvironment(), readTextFile: async () => null });
}

/** The adapters the toolchain is built from; `used` lists which of cmake and ctest it asked for. */
function adapters(runner: FakeProcessRunner, used: string[]) {
  const cmake: CmakeClient = { isConfigured: async () => true, configure: async () => ({ ...BUILT, launcher: null }), build: async () => BUILT };
  const ctest: CtestClient = { run: async () => PASSED };
  const git = { repoDir: '/work/repo', trackedChanges: async () => [] } as unknown as GitClient;
  return {
    codeRunner: runner,
    cmake: async () => (used.push('cmake'), cmake),
    ctest: async () => (used.push('ctest'), ctest),
    git: async () => git,
  };
}

const JOB = { dir: '/s', writeFile: async (name: string) => `/s/${name}` };

describe('fixToolchain: settings choose the adapters', () => {
  it('builds with cmake in the workspace build folder and tests with ctest by default, without a reproduction gate', async () => {
    const runner = new FakeProcessRunner();
    const used: string[] = [];
    const tools = fixToolchain(await settings({}), adapters(runner, used), async () => WORKSPACE, JOB);
    expect(await tools.builder.build('/w/tree', '/s/build-1.log')).toEqual({ result: BUILT, buildDir: '/w/build' });
    expect(await tools.tests.run(TARGET)).toMatchObject({ ok: true, total: 2, runner: 'ctest' });
    expect(used).toEqual(['cmake', 'ctest']);
    expect(tools.reproducer).toBeNull();
    expect(runner.calls).toEqual([]);
  });

  it("runs 'build-command' and 'test-command' in the work tree through the confined runner instead", async () => {
    const runner = new FakeProcessRunner().on({ command: 'make' }, { exitCode: 0 });
    const used: string[] = [];
    const tools = fixToolchain(await settings({ 'build-command': 'make all', 'test-command': 'make check' }), adapters(runner, used), async () => WORKSPACE, JOB);
    expect((await tools.builder.build('/w/tree', '/s/build-1.log')).buildDir).toBe('/w/tree');
    expect(await tools.tests.run(TARGET)).toMatchObject({ ok: true, total: 1, runner: 'command' });
    expect(runner.calls.map((c) => [c.args.join(' '), c.options?.cwd])).toEqual([['all', '/w/tree'], ['check', '/w/tree']]);
    expect(used).toEqual([]);
  });

  it("reproduces with 'repro-command' in the workspace's run folder", async () => {
    const runner = new FakeProcessRunner().on({ command: '/w/build/server' }, { exitCode: null, signal: 'SIGSEGV' });
    const tools = fixToolchain(await settings({ 'repro-command': '{build-dir}/server --crash' }), adapters(runner, []), async () => WORKSPACE, JOB);
    expect(await tools.reproducer?.fixed('/w/tree', '/w/build')).toMatchObject({ crashed: true, signal: 'SIGSEGV', logFile: '/s/repro-fixed.log' });
    expect(runner.calls[0]?.options?.cwd).toBe('/w/run');
  });

  it("checks the program of 'build-command' before the model is paid", async () => {
    const tools = fixToolchain(await settings({ 'build-command': 'caf-no-such-build-tool --all' }), adapters(new FakeProcessRunner(), []), async () => WORKSPACE, JOB);
    await expect(tools.preflight()).rejects.toMatchObject({ kind: 'tool-missing', message: expect.stringContaining("The program of 'build-command', caf-no-such-build-tool, was not found on PATH") as unknown });
  });
});
