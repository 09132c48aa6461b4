import { describe, expect, it } from 'vitest';
import { parseCtestSummary } from '../../../src/toolchain/ctest-summary.js';

// ctest 3.25's text for the run in junit-report.test.ts (7 tests, one disabled).
const FAILED_RUN = `Test project /tmp/caf-manual/build
1/7 Test #3: worldserver.ok ...................   Passed    0.02 sec
4/7 Test #5: x.disabled .......................***Not Run (Disabled)   0.00 sec
5/7 Test #4: x.fails ..........................***Failed    0.08 sec
6/7 Test #6: x.skip ...........................***Skipped   0.08 sec
7/7 Test #7: x.crash ..........................***Exception: SegFault  0.02 sec


67% tests passed, 2 tests failed out of 6

Total Test time (real) =   0.14 sec

The following tests did not run:
	  5 - x.disabled (Disabled)
	  6 - x.skip (Skipped)

The following tests FAILED:
	  4 - x.fails (Failed)
	  7 - x.crash (SEGFAULT)
Errors while running CTest
`;

describe('parseCtestSummary', () => {
  it('counts failures, disabled and skipped tests like the JUnit report', () => {
    expect(parseCtestSummary(FAILED_RUN)).toEqual({ total: 7, passed: 3, failed: 2, skipped: 2, failedTests: ['x.fails', 'x.crash'] });
  });

  it('reads a clean run and a run without tests', () => {
    expect(parseCtestSummary('\n100% tests passed, 0 tests failed out of 3\n\nTotal Test time (real) =   0.03 sec\n')).toEqual({ total: 3, passed: 3, failed: 0, skipped: 0, failedTests: [] });
    expect(parseCtestSummary('Test project /b\nNo tests were found!!!\n')).toEqual({ total: 0, passed: 0, failed: 0, skipped: 0, failedTests: [] });
    expect(parseCtestSummary('make: *** No rule')).toBeNull();
  });

  it('reads the singular "1 test failed"', () => {
    expect(parseCtestSummary('0% tests passed, 1 tests failed out of 1\n\nThe following tests FAILED:\n\t  1 - only (Timeout)\n')).toMatchObject({ total: 1, failed: 1, failedTests: ['only'] });
  });
});
