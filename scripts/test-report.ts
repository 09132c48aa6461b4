/**
 * What `.ci/run` makes of Vitest's JSON report: the closing count line, and
 * the reasons the run fails besides a failed test. A corpus that is present
 * must have been read: its test files ran, passed tests and skipped none.
 */
import path from 'node:path';

export interface VitestReport {
  numTotalTests: number;
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests: number;
  testResults: Array<{ name: string; assertionResults: Array<{ status: string }> }>;
}

export interface CorpusUse {
  /** As the user knows it, e.g. `../shared/corpus/cdb`. */
  label: string;
  present: boolean;
  /** The test files that read it, absolute. */
  files: string[];
}

export function summaryLine(report: VitestReport): string {
  return `tests: ${report.numPassedTests} passed, ${report.numFailedTests} failed, ${report.numPendingTests + report.numTodoTests} skipped`;
}

export function reportProblems(report: VitestReport, corpora: readonly CorpusUse[], root: string): string[] {
  const problems: string[] = [];
  if (report.numTotalTests === 0) problems.push('no tests ran');
  for (const corpus of corpora.filter((c) => c.present)) {
    const notRun: string[] = [];
    for (const file of corpus.files) {
      const results = report.testResults.find((r) => path.resolve(r.name) === path.resolve(file))?.assertionResults;
      const passed = results?.filter((a) => a.status === 'passed').length ?? 0;
      const skipped = results?.filter((a) => a.status !== 'passed' && a.status !== 'failed').length ?? 0;
      const name = path.relative(root, file);
      if (!results) notRun.push(`${name} (not in the report)`);
      else if (passed === 0 || skipped > 0) notRun.push(`${name} (${passed} passed, ${skipped} skipped)`);
    }
    if (corpus.files.length === 0) notRun.push('no test file reads it');
    if (notRun.length > 0) problems.push(`${corpus.label} is present but its tests did not run: ${notRun.join(', ')}`);
  }
  return problems;
}
