import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { reportProblems, summaryLine, type VitestReport } from '../../scripts/test-report.js';

const root = '/repo';
const CORPUS_TEST = path.join(root, 'test/unit/debuggers/cdb/corpus.test.ts');
const OTHER_TEST = path.join(root, 'test/unit/redact.test.ts');

function report(files: Record<string, string[]>): VitestReport {
  const statuses = Object.values(files).flat();
  const count = (s: string): number => statuses.filter((x) => x === s).length;
  return {
    numTotalTests: statuses.length,
    numPassedTests: count('passed'),
    numFailedTests: count('failed'),
    numPendingTests: count('skipped') + count('pending'),
    numTodoTests: count('todo'),
    testResults: Object.entries(files).map(([name, list]) => ({ name, assertionResults: list.map((status) => ({ status })) })),
  };
}

const cdb = (present: boolean, files = [CORPUS_TEST]) => [{ label: '../shared/corpus/cdb', present, files }];

describe('the test report .ci/run checks', () => {
  it('closes with the counts', () => {
    expect(summaryLine(report({ [CORPUS_TEST]: ['passed', 'passed', 'skipped'], [OTHER_TEST]: ['failed', 'todo'] }))).toBe('tests: 2 passed, 1 failed, 2 skipped');
  });

  it('accepts a run where a present corpus was read', () => {
    expect(reportProblems(report({ [CORPUS_TEST]: ['passed', 'passed'], [OTHER_TEST]: ['passed'] }), cdb(true), root)).toEqual([]);
  });

  it('accepts skipped corpus tests when the corpus is absent', () => {
    expect(reportProblems(report({ [CORPUS_TEST]: ['skipped'], [OTHER_TEST]: ['passed'] }), cdb(false), root)).toEqual([]);
  });

  it('fails when the corpus is present but its tests were skipped or did not run', () => {
    expect(reportProblems(report({ [CORPUS_TEST]: ['skipped', 'skipped'], [OTHER_TEST]: ['passed'] }), cdb(true), root)).toEqual([
      '../shared/corpus/cdb is present but its tests did not run: test/unit/debuggers/cdb/corpus.test.ts (0 passed, 2 skipped)',
    ]);
    expect(reportProblems(report({ [CORPUS_TEST]: ['passed', 'skipped'] }), cdb(true), root)).toEqual([
      '../shared/corpus/cdb is present but its tests did not run: test/unit/debuggers/cdb/corpus.test.ts (1 passed, 1 skipped)',
    ]);
    expect(reportProblems(report({ [OTHER_TEST]: ['passed'] }), cdb(true), root)).toEqual([
      '../shared/corpus/cdb is present but its tests did not run: test/unit/debuggers/cdb/corpus.test.ts (not in the report)',
    ]);
    expect(reportProblems(report({ [OTHER_TEST]: ['passed'] }), cdb(true, []), root)).toEqual(['../shared/corpus/cdb is present but its tests did not run: no test file reads it']);
  });

  it('fails when no test ran at all', () => {
    expect(reportProblems(report({}), cdb(false), root)).toEqual(['no tests ran']);
  });
});
