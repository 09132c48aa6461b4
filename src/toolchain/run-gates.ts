import { readFile } from 'node:fs/promises';
import type { ChangedRange, StaticAnalyzer } from './static-analysis.js';
import { judgeReproduction } from './reproduce.js';
import type { Reproducer } from './reproducer.js';
import type { TestRunner } from './test-runner.js';
import { StageError, asStageError } from '../base/errors.js';
import type { Gates, ReproRun, StateOf } from '../domain/job-state.js';

export interface GateDeps {
  /** ctest in the build folder, or the user's test command in the work tree. */
  tests: TestRunner;
  /** clang-tidy or cppcheck on the changed lines. */
  analyzer: StaticAnalyzer;
  testsBlock: boolean;
  /** With `repro-command`: runs it against the fixed build; null without. */
  reproducer: Pick<Reproducer, 'fixed'> | null;
  /** How the processes above were isolated (sandbox, allow-listed environment). */
  isolation: () => Promise<NonNullable<Gates['isolation']>>;
}

/**
 * The gates after a successful build: the reproduction (a fixed build that
 * still crashes blocks; one whose unfixed build did not crash is reported),
 * tests (blocking only with `tests-block`), static analysis of the changed
 * lines (reported, never blocking), and the project rules.
 */
export async function runGates(state: StateOf<'TESTING'>, deps: GateDeps): Promise<Gates> {
  const reproduction = await reproductionGate(state, deps);
  const tests = await deps.tests.run({ worktreeDir: state.worktree.dir, buildDir: state.build.buildDir });
  if (!tests.ok && deps.testsBlock) {
    const names = tests.failedTests.length > 0 ? `: ${tests.failedTests.slice(0, 10).join(', ')}` : '';
    throw new StageError('test', 'tool-failed', `${tests.failed} of ${tests.total} test(s) failed with the fix${names}; 'tests-block' is on, so no pull request is opened`, false);
  }
  const changed = changedRanges(await readFile(state.worktree.diffFile, 'utf8'));
  const files = state.worktree.files;
  const analysis = await deps.analyzer.analyse({ repoRoot: state.worktree.dir, changedFiles: files.map((f) => f.path), changedRanges: changed, buildDir: state.build.buildDir });
  const isolation = await deps.isolation();
  return {
    compile: { attempts: state.analysis.attempt, warnings: state.build.warnings, durationMs: state.build.durationMs },
    tests: {
      status: tests.ok ? 'passed' : 'failed',
      runner: tests.runner,
      total: tests.total,
      passed: tests.passed,
      failed: tests.failed,
      skipped: tests.skipped,
      failedTests: tests.failedTests,
      blocking: deps.testsBlock,
      durationMs: tests.durationMs,
    },
    staticAnalysis: { tool: analysis.tool, findings: analysis.findings.map(({ file, line, severity, message, check }) => ({ file, line, severity, message, check })) },
    rules: { coreFiles: files.filter((f) => f.core).map((f) => f.path), buildFiles: files.filter((f) => f.build).map((f) => f.path), createdFiles: files.filter((f) => f.created).map((f) => f.path) },
    reproduction,
    isolation,
  };
}

async function reproductionGate(state: StateOf<'TESTING'>, deps: GateDeps): Promise<Gates['reproduction']> {
  const unfixed = state.unfixedRun;
  if (!unfixed || !deps.reproducer) return null;
  let fixed: ReproRun | undefined;
  if (unfixed.crashed) {
    try {
      fixed = await deps.reproducer.fixed(state.worktree.dir, state.build.buildDir);
    } catch (e) {
      throw asStageError('reproduce', e);
    }
  }
  const gate = judgeReproduction(unfixed, fixed);
  if (gate.verdict === 'failed') {
    throw new StageError('reproduce', 'tool-failed', `${gate.reason} The fix does not stop the crash, so no pull request is opened; output: ${fixed?.logFile ?? unfixed.logFile}`, false);
  }
  return { verdict: gate.verdict, reason: gate.reason, unfixed, fixed: fixed ?? null };
}

/** New-side line ranges of a unified diff, per file. */
export function changedRanges(diff: string): ChangedRange[] {
  const ranges: ChangedRange[] = [];
  let file: string | null = null;
  for (const line of diff.split('\n')) {
    const header = /^\+\+\+ (?:b\/)?(.+)$/.exec(line);
    if (header) {
      file = header[1] === '/dev/null' ? null : (header[1] ?? null);
      continue;
    }
    const hunk = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@/.exec(line);
    if (hunk && file !== null) {
      const start = Number(hunk[1]);
      const count = hunk[2] === undefined ? 1 : Number(hunk[2]);
      if (count > 0) ranges.push({ file, startLine: start, endLine: start + count - 1 });
    }
  }
  return ranges;
}
