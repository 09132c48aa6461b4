/**
 * npm run bench:fix: the fix rate of crash-autofix on crash scenarios with
 * known fixes (bench/fix-scenarios), with the real model. Without
 * ANTHROPIC_API_KEY it says so and exits 0. `npm run bench:fix -- --help`.
 */
import { captureEnvironment } from '../src/settings/environment.js';
import { benchFix } from './fix-bench/bench-fix.js';

process.exitCode = await benchFix(process.argv.slice(2), {
  environment: captureEnvironment(),
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
});
