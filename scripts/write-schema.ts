/** Writes schema/crash-report.schema.json from the zod schema; `--check` fails when it is stale. */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { crashReportJsonSchema } from './schema-render.js';

const file = 'schema/crash-report.schema.json';
const next = crashReportJsonSchema();
if (process.argv.includes('--check')) {
  let old = '';
  try {
    old = readFileSync(file, 'utf8');
  } catch {
    // missing counts as stale
  }
  if (old !== next) {
    console.error(`${file} is out of date; run 'npm run schema'`);
    process.exitCode = 1;
  }
} else {
  mkdirSync('schema', { recursive: true });
  writeFileSync(file, next);
}
