import { describe, expect, it } from 'vitest';
import { parseJunit } from '../../../src/toolchain/junit-report.js';

// Written by ctest 3.25 --output-junit for a run with a pass, a failure, a crash, a disabled and a skipped test.
const CTEST_JUNIT = `<?xml version="1.0" encoding="UTF-8"?>
<testsuite name="(empty)"
	tests="6" failures="2" disabled="1" skipped="1" hostname="" time="0" timestamp="2026-11-24T05:33:55">
	<testcase name="world.players" classname="world.players" time="0.0194482" status="run">
		<system-out></system-out>
	</testcase>
	<testcase name="x.fails" classname="x.fails" time="0.0838429" status="fail">
		<failure message=""/>
		<system-out>FAILED: &lt;1000 xp&gt; gives one level</system-out>
	</testcase>
	<testcase name="x.disabled" classname="x.disabled" time="0" status="disabled">
		<system-out>Disabled</system-out>
	</testcase>
	<testcase name="x.skip" classname="x.skip" time="0.0845074" status="notrun">
		<skipped message="SKIP_RETURN_CODE=1"/>
		<system-out></system-out>
	</testcase>
	<testcase name="x.crash" classname="x.crash" time="0.0175982" status="fail">
		<failure message=""/>
		<system-out></system-out>
	</testcase>
	<testcase name="worldserver.ok" classname="worldserver.ok" time="0.02" status="run">
		<system-out>[worldserver] ok</system-out>
	</testcase>
</testsuite>`;

describe('parseJunit', () => {
  it('counts a CTest report by each case status', () => {
    const report = parseJunit(CTEST_JUNIT);
    expect(report).toMatchObject({ total: 6, passed: 2, failed: 2, skipped: 2, failedTests: ['x.fails', 'x.crash'] });
    expect(report?.cases.map((c) => c.status)).toEqual(['passed', 'failed', 'skipped', 'skipped', 'failed', 'passed']);
  });

  it('reads the <testsuites> form with one case and error elements', () => {
    const xml = '<testsuites><testsuite name="a"><testcase name="only"><error message="boom"/></testcase></testsuite><testsuite name="b"><testcase name="t1"/><testcase name="t2"><skipped/></testcase></testsuite></testsuites>';
    expect(parseJunit(xml)).toMatchObject({ total: 3, passed: 1, failed: 1, skipped: 1, failedTests: ['only'] });
  });

  it('returns null for text that is not JUnit', () => {
    expect(parseJunit('')).toBeNull();
    expect(parseJunit('<html><body/></html>')).toBeNull();
  });
});
