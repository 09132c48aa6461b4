import type { Gates } from '../domain/job-state.js';
import { codeSpan } from '../base/markdown-escape.js';

/** The gates as a Markdown table, for the pull request body and the job summary. */
export function renderGatesTable(g: Gates): string[] {
  return [
    '| Gate | Result |',
    '| --- | --- |',
    `| Compile | ✅ passed (fix attempt ${g.compile.attempts}, ${g.compile.warnings} warning(s), ${seconds(g.compile.durationMs)}) |`,
    `| Tests (${g.tests.runner}) | ${g.tests.status === 'passed' ? '✅' : '❌'} ${g.tests.passed}/${g.tests.total} passed${g.tests.skipped ? `, ${g.tests.skipped} skipped` : ''}${g.tests.failed ? `; failed: ${g.tests.failedTests.map((t) => codeSpan(t, true)).join(', ')}` : ''}${g.tests.blocking ? '' : ' (non-blocking)'} |`,
    `| Reproduction | ${reproductionCell(g.reproduction)} |`,
    `| Static analysis | ${g.staticAnalysis.tool === null ? 'no analyser installed (clang-tidy or cppcheck): not run' : `${g.staticAnalysis.tool}: ${g.staticAnalysis.findings.length} finding(s) on changed lines`} |`,
    `| Project rules | ${rulesCell(g.rules)} |`,
    `| Isolation | ${isolationCell(g.isolation)} |`,
  ];
}

function rulesCell(r: Gates['rules']): string {
  const files = (list: readonly string[]): string => list.map((f) => codeSpan(f, true)).join(', ');
  const parts = [r.coreFiles.length > 0 ? `⚠️ core files changed: ${files(r.coreFiles)}` : '✅ no core files changed'];
  if (r.buildFiles.length > 0) parts.push(`⚠️ build files changed (allowed by \`allow-build-file-changes\`; they run on the build machine): ${files(r.buildFiles)}`);
  if (r.createdFiles.length > 0) parts.push(`new files: ${files(r.createdFiles)}`);
  return parts.join('; ');
}

/** The detail is crash-autofix's own sentence (tool versions, reasons), so it needs no escaping. */
function isolationCell(i: Gates['isolation']): string {
  if (i === null) return 'not recorded';
  return i.sandbox === 'bwrap' ? `✅ ${i.detail}; allow-listed environment` : `⚠️ ${i.detail}`;
}

/** The reason is crash-autofix's own sentence (signal names, exit codes), so it needs no escaping. */
function reproductionCell(r: Gates['reproduction']): string {
  if (r === null) return 'not configured (`repro-command`)';
  const timing = `unfixed ${seconds(r.unfixed.durationMs)}${r.fixed ? `, fixed ${seconds(r.fixed.durationMs)}` : ''}`;
  switch (r.verdict) {
    case 'passed':
      return `✅ ${r.reason} (${timing})`;
    case 'not-reproduced':
      return `⚠️ not reproduced: ${r.reason}`;
    case 'failed':
      return `❌ ${r.reason}`;
  }
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}
