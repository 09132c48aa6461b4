import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pathLookup } from '../../src/toolchain/path-lookup.js';
import { detectAnalyzer, runStaticAnalysis } from '../../src/toolchain/static-analysis.js';
import { NodeProcessRunner } from '../../src/adapters/exec/process-runner.js';

const runner = new NodeProcessRunner(process.env);
const which = pathLookup(process.env.PATH);
const hasCppcheck = (await which('cppcheck')) !== null;

const SOURCE = `int first(int* p) {
  int a[3];
  a[3] = 1;
  return *p + a[0];
}

int second() {
  int* q = 0;
  return *q;
}
`;

describe('static analysis gate', () => {
  let repo: string;
  beforeAll(async () => {
    repo = await mkdtemp(path.join(os.tmpdir(), 'caf-sa-repo-'));
    await mkdir(path.join(repo, 'src'));
    await writeFile(path.join(repo, 'src', 'bug.cpp'), SOURCE);
  });
  afterAll(() => rm(repo, { recursive: true, force: true }));

  it('reports no tool, and runs nothing, when neither analyser is on PATH', async () => {
    const emptyPath = path.join(repo, 'empty-bin');
    await mkdir(emptyPath);
    const none = pathLookup(emptyPath);
    expect(await detectAnalyzer(none, repo)).toBeNull();
    const result = await runStaticAnalysis({ repoRoot: repo, changedFiles: ['src/bug.cpp'], changedRanges: [{ file: 'src/bug.cpp', startLine: 1, endLine: 10 }], runner, which: none, timeoutMs: 60_000 });
    expect(result).toEqual({ tool: null, findings: [], timedOut: false });
  });

  it.runIf(hasCppcheck)('runs the real cppcheck and keeps only findings on changed lines', async () => {
    const onlySecond = await runStaticAnalysis({ repoRoot: repo, changedFiles: ['src/bug.cpp'], changedRanges: [{ file: 'src/bug.cpp', startLine: 7, endLine: 10 }], runner, which, timeoutMs: 120_000 });
    expect(onlySecond.tool).toBe('cppcheck');
    expect(onlySecond.findings.map((f) => [f.file, f.line, f.check])).toEqual([['src/bug.cpp', 9, 'nullPointer']]);
    const all = await runStaticAnalysis({ repoRoot: repo, changedFiles: ['src/bug.cpp'], changedRanges: [{ file: 'src/bug.cpp', startLine: 1, endLine: 10 }], runner, which, timeoutMs: 120_000 });
    expect(all.findings.map((f) => f.check)).toContain('arrayIndexOutOfBounds');
  });
});
