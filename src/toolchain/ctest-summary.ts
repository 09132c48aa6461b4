import type { TestCounts } from './junit-report.js';

const SUMMARY = /(\d+)% tests passed,\s+(\d+) tests? failed out of (\d+)/;
const LISTED = /^\s*\d+\s+-\s+(.+?)\s+\(([^)]+)\)\s*$/;

/**
 * Counts from the text CTest prints at the end of a run, for CTest older than
 * 3.21 (no `--output-junit`):
 *
 *     67% tests passed, 2 tests failed out of 6
 *     The following tests did not run:
 *       5 - x.disabled (Disabled)
 *     The following tests FAILED:
 *       4 - x.fails (Failed)
 *
 * "out of" leaves disabled tests out and counts skipped ones as passed; the
 * result counts both as skipped, as the JUnit report does. Null without a summary line.
 */
export function parseCtestSummary(output: string): TestCounts | null {
  const lines = output.split(/\r?\n/);
  let summary: RegExpExecArray | null = null;
  const failedTests: string[] = [];
  const notRun: { name: string; reason: string }[] = [];
  let section: 'failed' | 'not-run' | null = null;
  for (const line of lines) {
    const s = SUMMARY.exec(line);
    if (s) {
      summary = s;
      section = null;
      continue;
    }
    if (/^The following tests FAILED:/.test(line)) section = 'failed';
    else if (/^The following tests did not run:/.test(line)) section = 'not-run';
    else if (section) {
      const m = LISTED.exec(line);
      if (!m?.[1]) {
        if (line.trim() !== '') section = null;
        continue;
      }
      if (section === 'failed') failedTests.push(m[1]);
      else notRun.push({ name: m[1], reason: m[2] ?? '' });
    }
  }
  if (!summary) {
    return /No tests were found/.test(output) ? { total: 0, passed: 0, failed: 0, skipped: 0, failedTests: [] } : null;
  }
  const failed = Number(summary[2]);
  const disabled = notRun.filter((t) => t.reason === 'Disabled').length;
  const total = Number(summary[3]) + disabled;
  const skipped = notRun.length;
  return { total, passed: Math.max(0, total - failed - skipped), failed, skipped, failedTests };
}
