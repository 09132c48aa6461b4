/**
 * `.ci/run`'s last step: prints `tests: N passed, N failed, N skipped` from
 * Vitest's JSON report and fails when no test ran, or when the shared corpus
 * is present but the tests that read it were skipped or did not run.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { CORPUS_KINDS, CORPUS_ROOT } from '../test/fixtures/corpus-notice.js';
import { reportProblems, summaryLine, type CorpusUse, type VitestReport } from './test-report.js';

const reportFile = process.argv[2];
if (!reportFile) throw new Error('usage: tsx scripts/check-test-report.ts VITEST_JSON_REPORT');
const report = JSON.parse(readFileSync(reportFile, 'utf8')) as VitestReport;

// A test file reads a corpus through corpusFolder('<kind>') (test/fixtures/corpus.ts).
const testFiles = readdirSync('test', { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.test.ts'))
  .map((f) => path.resolve('test', f));
const corpora: CorpusUse[] = CORPUS_KINDS.map((kind) => ({
  label: `../shared/corpus/${kind}`,
  present: existsSync(path.join(CORPUS_ROOT, kind)),
  files: testFiles.filter((f) => readFileSync(f, 'utf8').includes(`corpusFolder('${kind}')`)),
}));

console.log(summaryLine(report));
const problems = reportProblems(report, corpora, process.cwd());
for (const problem of problems) console.error(`error: ${problem}`);
process.exitCode = problems.length > 0 ? 1 : 0;
