import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnalyzerFinding } from '../../../src/toolchain/analyzer-output.js';
import { detectAnalyzer, onChangedLines, runStaticAnalysis, staticAnalyzer } from '../../../src/toolchain/static-analysis.js';
import { FakeProcessRunner } from '../../fakes/fake-process-runner.js';

const finding = (file: string, line: number): AnalyzerFinding => ({ file, line, column: 1, severity: 'warning', message: 'm', check: 'c' });
const only = (names: Record<string, string>) => (name: string): Promise<string | null> => Promise.resolve(names[name] ?? null);

describe('onChangedLines', () => {
  it('keeps findings inside a changed range, repository-relative', () => {
    const kept = onChangedLines(
      [finding('/repo/src/a.cpp', 10), finding('src/a.cpp', 12), finding('/repo/src/a.cpp', 20), finding('/repo/src/b.cpp', 10), finding('/usr/include/x.h', 10)],
      [{ file: 'src/a.cpp', startLine: 10, endLine: 12 }, { file: './src/c.cpp', startLine: 1, endLine: 1 }],
      '/repo',
    );
    expect(kept.map((f) => [f.file, f.line])).toEqual([['src/a.cpp', 10], ['src/a.cpp', 12]]);
  });
});

describe('analyser detection and runs', () => {
  let buildDir: string;
  beforeAll(async () => {
    buildDir = await mkdtemp(path.join(os.tmpdir(), 'caf-sa-'));
  });
  afterAll(() => rm(buildDir, { recursive: true, force: true }));

  it('prefers clang-tidy only with a compilation database', async () => {
    const both = only({ 'clang-tidy': '/usr/bin/clang-tidy', cppcheck: '/usr/bin/cppcheck' });
    expect(await detectAnalyzer(both, buildDir)).toEqual({ tool: 'cppcheck', path: '/usr/bin/cppcheck' });
    await writeFile(path.join(buildDir, 'compile_commands.json'), '[]');
    expect(await detectAnalyzer(both, buildDir)).toEqual({ tool: 'clang-tidy', path: '/usr/bin/clang-tidy' });
    expect(await detectAnalyzer(only({}), buildDir)).toBeNull();
  });

  it('runs cppcheck on changed sources only and filters to changed lines', async () => {
    const runner = new FakeProcessRunner().on({ command: '/usr/bin/cppcheck' }, { stderr: 'src/a.cpp:3:4: error: Null pointer dereference: p [nullPointer]\nsrc/a.cpp:30:4: error: Other [x]\n' });
    const result = await runStaticAnalysis({
      repoRoot: '/repo', changedFiles: ['src/a.cpp', 'src/a.h', 'README.md'], changedRanges: [{ file: 'src/a.cpp', startLine: 1, endLine: 5 }],
      runner, which: only({ cppcheck: '/usr/bin/cppcheck' }), timeoutMs: 1000,
    });
    expect(result).toEqual({ tool: 'cppcheck', timedOut: false, findings: [{ file: 'src/a.cpp', line: 3, column: 4, severity: 'error', message: 'Null pointer dereference: p', check: 'nullPointer' }] });
    expect(runner.calls[0]?.args.at(-1)).toBe('src/a.cpp');
    expect(runner.calls[0]?.args.filter((a) => a.endsWith('.h') || a.endsWith('.md'))).toEqual([]);
  });

  it('does not run anything when no source changed', async () => {
    const runner = new FakeProcessRunner();
    expect(await runStaticAnalysis({ repoRoot: '/repo', changedFiles: ['CMakeLists.txt'], changedRanges: [{ file: 'CMakeLists.txt', startLine: 1, endLine: 2 }], runner, which: only({ cppcheck: '/c' }), timeoutMs: 1 })).toEqual({ tool: 'cppcheck', findings: [], timedOut: false });
    expect(runner.calls).toEqual([]);
  });
});

describe('staticAnalyzer', () => {
  it("runs with its runner, PATH and time limit on each fix's work tree, files and lines", async () => {
    const runner = new FakeProcessRunner().on({ command: '/usr/bin/cppcheck' }, { stderr: '/w/tree/src/a.cpp:4:2: warning: Variable x is reassigned [redundantAssignment]\n' });
    const analyzer = staticAnalyzer({ runner, which: only({ cppcheck: '/usr/bin/cppcheck' }), timeoutMs: 4321 });
    const result = await analyzer.analyse({ repoRoot: '/w/tree', changedFiles: ['src/a.cpp'], changedRanges: [{ file: 'src/a.cpp', startLine: 4, endLine: 4 }], buildDir: '/w/build' });
    expect(result).toEqual({ tool: 'cppcheck', timedOut: false, findings: [{ file: 'src/a.cpp', line: 4, column: 2, severity: 'warning', message: 'Variable x is reassigned', check: 'redundantAssignment' }] });
    expect(runner.calls[0]?.options).toEqual({ cwd: '/w/tree', timeoutMs: 4321, env: { LC_ALL: 'C' } });
  });

  it('says no tool ran when neither analyser is installed', async () => {
    const runner = new FakeProcessRunner();
    const analyzer = staticAnalyzer({ runner, which: only({}), timeoutMs: 1000 });
    expect(await analyzer.analyse({ repoRoot: '/w/tree', changedFiles: ['src/a.cpp'], changedRanges: [{ file: 'src/a.cpp', startLine: 1, endLine: 1 }], buildDir: '/w/build' })).toEqual({ tool: null, findings: [], timedOut: false });
    expect(runner.calls).toEqual([]);
  });
});
