import { existsSync } from 'node:fs';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBuildCommand } from '../../src/toolchain/build-command.js';
import { ExecCmakeClient } from '../../src/toolchain/cmake-client.js';
import { splitCommandLine } from '../../src/toolchain/command-line.js';
import { ExecCtestClient } from '../../src/toolchain/ctest-client.js';
import { formatForModel, toAnnotations } from '../../src/toolchain/diagnostics-format.js';
import { parseJunit } from '../../src/toolchain/junit-report.js';
import { pathLookup } from '../../src/toolchain/path-lookup.js';
import { runTestCommand } from '../../src/toolchain/test-command.js';
import { NodeProcessRunner } from '../../src/adapters/exec/process-runner.js';
import { MINI_SERVER_DIR } from '../fixtures/crash-fixture.js';

const runner = new NodeProcessRunner(process.env);
const TIMEOUT = 5 * 60_000;
const compiled = (log: string): string[] => [...log.matchAll(/Building CXX object (\S+)/g)].map((m) => m[1] ?? '');

// One copy of the fixture, configured once; the tests below run in order and share it.
describe('cmake and ctest on a copy of the mini-server fixture', () => {
  let root: string;
  let sourceDir: string;
  let buildDir: string;
  let cmake: ExecCmakeClient;
  let ctest: ExecCtestClient;
  const player = (): string => path.join(sourceDir, 'src', 'game', 'player.cpp');
  const tests = (): string => path.join(sourceDir, 'tests', 'world-tests.cpp');

  beforeAll(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'caf-build-'));
    sourceDir = path.join(root, 'src');
    buildDir = path.join(root, 'build');
    await cp(MINI_SERVER_DIR, sourceDir, { recursive: true, filter: (from) => path.basename(from) !== 'build' });
    cmake = await ExecCmakeClient.create({ runner, which: pathLookup(process.env.PATH) });
    ctest = await ExecCtestClient.create({ runner });
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it('configures and builds cleanly, writing the log where asked', async () => {
    expect(await cmake.isConfigured({ sourceDir, buildDir })).toBe(false);
    const configured = await cmake.configure({ sourceDir, buildDir, generator: 'Unix Makefiles', buildType: 'Debug', timeoutMs: TIMEOUT, logFile: path.join(root, 'logs', 'configure.log') });
    expect(configured).toMatchObject({ ok: true, exitCode: 0, diagnostics: [] });
    expect(await cmake.isConfigured({ sourceDir, buildDir, generator: 'Unix Makefiles' })).toBe(true);
    expect(existsSync(path.join(buildDir, 'compile_commands.json'))).toBe(true);

    const logFile = path.join(root, 'logs', 'build-1.log');
    const built = await cmake.build({ buildDir, parallel: 2, timeoutMs: TIMEOUT, logFile });
    expect(built.ok).toBe(true);
    expect(built.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(compiled(await readFile(logFile, 'utf8'))).toHaveLength(20);
  });

  it('reports an undeclared identifier with file, line and column, for the model and for annotations', async () => {
    const original = await readFile(player(), 'utf8');
    expect(original).toContain('    m_experience += xp;');
    await writeFile(player(), original.replace('    m_experience += xp;', '    m_experience += undeclaredBonus + xp;'));
    const built = await cmake.build({ buildDir, parallel: 2, timeoutMs: TIMEOUT, logFile: path.join(root, 'logs', 'build-2.log') });
    expect(built.ok).toBe(false);
    expect(built.exitCode).not.toBe(0);
    const [first] = built.diagnostics;
    expect(first).toMatchObject({ severity: 'error', file: player(), line: 22, column: 21 });
    expect(first?.message).toMatch(/undeclaredBonus.* was not declared in this scope/);

    const text = formatForModel(built.diagnostics, 2000);
    expect(text).toMatch(/^1 error\(s\), \d+ warning\(s\)\n/);
    expect(text).toContain(`${player()}:22:21: error: `);
    expect(toAnnotations(built.diagnostics, sourceDir)[0]).toMatchObject({ severity: 'error', file: 'src/game/player.cpp', line: 22, column: 21 });

    // Fixing it recompiles only that file.
    await writeFile(player(), original);
    const rebuilt = await cmake.build({ buildDir, parallel: 2, timeoutMs: TIMEOUT, logFile: path.join(root, 'logs', 'build-3.log') });
    expect(rebuilt.ok).toBe(true);
    expect(compiled(await readFile(path.join(root, 'logs', 'build-3.log'), 'utf8'))).toEqual(['CMakeFiles/mini_game.dir/src/game/player.cpp.o']);
  });

  it('runs ctest and counts from the JUnit report', async () => {
    const junitFile = path.join(root, 'logs', 'ctest.xml');
    const result = await ctest.run({ buildDir, timeoutMs: TIMEOUT, parallel: 2, junitFile });
    expect(result).toMatchObject({ ok: true, total: 3, passed: 3, failed: 0, skipped: 0, failedTests: [], junitFile, exitCode: 0 });
    expect(parseJunit(await readFile(junitFile, 'utf8'))?.cases.map((c) => c.name).sort()).toEqual(['world.latency', 'world.players', 'worldserver.ok']);
    expect((await ctest.run({ buildDir, timeoutMs: TIMEOUT, regex: '^world\\.' })).total).toBe(2);
  });

  it('names the failing test when a test breaks', async () => {
    const original = await readFile(tests(), 'utf8');
    await writeFile(tests(), original.replace('thrall->GetLevel() == 11', 'thrall->GetLevel() == 12'));
    try {
      expect((await cmake.build({ buildDir, parallel: 2, timeoutMs: TIMEOUT })).ok).toBe(true);
      const result = await ctest.run({ buildDir, timeoutMs: TIMEOUT });
      expect(result).toMatchObject({ ok: false, total: 3, passed: 2, failed: 1, failedTests: ['world.players'], exitCode: 8 });
      expect(result.output).toContain('FAILED: 1000 xp at level 10 gives one level');
    } finally {
      await writeFile(tests(), original);
    }
  });

  it('runs a custom build and test command without a shell', async () => {
    const build = await runBuildCommand(runner, { argv: splitCommandLine(`cmake --build "${buildDir}" --target worldserver`, 'build-command', 'linux'), cwd: sourceDir, timeoutMs: TIMEOUT });
    expect(build).toMatchObject({ ok: true, exitCode: 0, diagnostics: [] });
    const passing = await runTestCommand(runner, { argv: ['./worldserver', 'ok'], cwd: buildDir, timeoutMs: TIMEOUT });
    expect(passing).toMatchObject({ ok: true, exitCode: 0 });
    expect(passing.output).toContain('shutting down');
    expect(await runTestCommand(runner, { argv: ['ctest', '-R', 'nothing-matches', '--no-tests=error'], cwd: buildDir, timeoutMs: TIMEOUT })).toMatchObject({ ok: false });
  });
});
