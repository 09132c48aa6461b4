/**
 * Writes action.yml and the README's settings/outputs tables from the
 * definitions in src/, so the three never disagree. `--check` fails when the
 * committed files differ.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { renderActionYml, renderReadmeTables, replaceBetweenMarkers } from './docs-render.js';

const check = process.argv.includes('--check');
const files: Array<[string, (old: string) => string]> = [
  ['action.yml', () => renderActionYml()],
  ['README.md', (old) => replaceBetweenMarkers(old, renderReadmeTables())],
];
let stale = 0;
for (const [file, render] of files) {
  const old = readFileSync(file, 'utf8');
  const next = render(old);
  if (old !== next) {
    if (check) {
      console.error(`${file} is out of date with src/settings/definitions.ts; run 'npm run docs'`);
      stale++;
    } else writeFileSync(file, next);
  }
}
process.exitCode = stale > 0 ? 1 : 0;
