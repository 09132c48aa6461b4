import { describe, expect, it } from 'vitest';
import { renderGatesTable } from '../../../src/publish/render-gates.js';
import type { Gates, ReproRun } from '../../../src/domain/job-state.js';

const run = (over: Partial<ReproRun>): ReproRun => ({ crashed: false, signal: null, exitCode: 0, timedOut: false, durationMs: 1500, logFile: '/s/r.log', ...over });
const gates = (over: Partial<Gates> = {}): Gates => ({
  compile: { attempts: 2, warnings: 1, durationMs: 41_000 },
  tests: { status: 'failed', runner: 'ctest', total: 3, passed: 2, failed: 1, skipped: 0, failedTests: ['world|tests'], blocking: false, durationMs: 900 },
  staticAnalysis: { tool: null, findings: [] },
  rules: { coreFiles: [], buildFiles: [], createdFiles: ['src/guard.h'] },
  reproduction: null,
  isolation: { sandbox: 'bwrap', detail: 'bubblewrap 0.8.0: own user, PID and network namespaces, no network, home hidden' },
  ...over,
});

describe('renderGatesTable', () => {
  it('puts every gate in one row, escaping test and file names', () => {
    expect(renderGatesTable(gates())).toEqual([
      '| Gate | Result |',
      '| --- | --- |',
      '| Compile | ✅ passed (fix attempt 2, 1 warning(s), 41.0 s) |',
      '| Tests (ctest) | ❌ 2/3 passed; failed: `world\\|tests` (non-blocking) |',
      '| Reproduction | not configured (`repro-command`) |',
      '| Static analysis | no analyser installed (clang-tidy or cppcheck): not run |',
      '| Project rules | ✅ no core files changed; new files: `src/guard.h` |',
      '| Isolation | ✅ bubblewrap 0.8.0: own user, PID and network namespaces, no network, home hidden; allow-listed environment |',
    ]);
  });

  it('flags build files a fix was allowed to change, and gates that ran without a sandbox', () => {
    const rows = renderGatesTable(gates({ rules: { coreFiles: [], buildFiles: ['CMakeLists.txt'], createdFiles: [] }, isolation: { sandbox: 'none', detail: 'no sandbox: bwrap is not on PATH (allow-listed environment only)' } }));
    expect(rows[6]).toBe('| Project rules | ✅ no core files changed; ⚠️ build files changed (allowed by `allow-build-file-changes`; they run on the build machine): `CMakeLists.txt` |');
    expect(rows[7]).toBe('| Isolation | ⚠️ no sandbox: bwrap is not on PATH (allow-listed environment only) |');
    expect(renderGatesTable(gates({ isolation: null }))[7]).toBe('| Isolation | not recorded |');
  });

  it('shows a passed and a not-reproduced reproduction with their timings', () => {
    const passed = gates({ reproduction: { verdict: 'passed', reason: 'The unfixed build crashes (SIGSEGV); the fixed build exited with code 0.', unfixed: run({ crashed: true }), fixed: run({ durationMs: 250 }) } });
    expect(renderGatesTable(passed)[4]).toBe('| Reproduction | ✅ The unfixed build crashes (SIGSEGV); the fixed build exited with code 0. (unfixed 1.5 s, fixed 0.3 s) |');
    const notReproduced = gates({ reproduction: { verdict: 'not-reproduced', reason: 'The unfixed build did not crash (exited with code 0), so the reproduction proves nothing.', unfixed: run({}), fixed: null } });
    expect(renderGatesTable(notReproduced)[4]).toBe('| Reproduction | ⚠️ not reproduced: The unfixed build did not crash (exited with code 0), so the reproduction proves nothing. |');
  });
});
