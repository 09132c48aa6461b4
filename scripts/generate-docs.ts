/**
 * Writes every action.yml (the root one for `fix`, `<command>/action.yml` for
 * the others) and the README's settings/actions/outputs tables from the
 * tables in src/, so they never disagree. `--check` fails when a committed
 * file differs.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { actionLayouts, renderActionYml, renderReadmeTables, replaceBetweenMarkers } from './docs-render.js';

const check = process.argv.includes('--check');
const files: Array<[string, (old: string) => string]> = [
  ...actionLayouts().map((a): [string, () => string] => [a.file, () => renderActionYml(a.command)]),
  ['README.md', (old) => replaceBetweenMarkers(old, renderReadmeTables())],
];
let stale = 0;
for (const [file, render] of files) {
  let old = '';
  try {
    old = readFileSync(file, 'utf8');
  } catch {
    // A new action's folder: written below, or reported as missing.
  }
  const next = render(old);
  if (old !== next) {
    if (check) {
      console.error(`${file} is out of date with src/settings/definitions.ts; run 'npm run docs'`);
      stale++;
    } else {
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, next);
    }
  }
}
process.exitCode = stale > 0 ? 1 : 0;
