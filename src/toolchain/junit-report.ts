import { XMLParser } from 'fast-xml-parser';

export type TestCaseStatus = 'passed' | 'failed' | 'skipped';

export interface TestCounts {
  total: number;
  passed: number;
  failed: number;
  skipped: number;
  /** In the order the report lists them. */
  failedTests: string[];
}

export interface JunitCase {
  name: string;
  status: TestCaseStatus;
}

export interface JunitReport extends TestCounts {
  cases: JunitCase[];
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  isArray: (name) => name === 'testsuite' || name === 'testcase',
  processEntities: true,
});

/**
 * Reads a JUnit XML report: CTest's `--output-junit` (one `<testsuite>`, a
 * `status` attribute of run/fail/notrun/disabled) and the common
 * `<testsuites>` form other runners write. Null when the text is not JUnit.
 */
export function parseJunit(xml: string): JunitReport | null {
  let doc: unknown;
  try {
    doc = parser.parse(xml);
  } catch {
    return null;
  }
  const root = record(doc);
  if (!root) return null;
  const suites = [...array(root.testsuite), ...array(record(root.testsuites)?.testsuite)];
  if (suites.length === 0) return null;
  const cases: JunitCase[] = [];
  for (const suite of suites) {
    for (const tc of array(record(suite)?.testcase)) {
      const c = record(tc);
      if (!c) continue;
      const raw = c['@_name'];
      const name = typeof raw === 'string' || typeof raw === 'number' ? String(raw) : '';
      cases.push({ name, status: caseStatus(c) });
    }
  }
  const failedTests = cases.filter((c) => c.status === 'failed').map((c) => c.name);
  const skipped = cases.filter((c) => c.status === 'skipped').length;
  return { total: cases.length, passed: cases.length - failedTests.length - skipped, failed: failedTests.length, skipped, failedTests, cases };
}

function caseStatus(c: Record<string, unknown>): TestCaseStatus {
  const status = typeof c['@_status'] === 'string' ? c['@_status'].toLowerCase() : '';
  if ('failure' in c || 'error' in c || status === 'fail' || status === 'failed' || status === 'error') return 'failed';
  if ('skipped' in c || status === 'notrun' || status === 'disabled' || status === 'skipped') return 'skipped';
  return 'passed';
}

function record(value: unknown): Record<string, unknown> | null {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

function array(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}
