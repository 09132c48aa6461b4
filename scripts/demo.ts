/**
 * npm run demo: builds the bundled sample server, crashes it, lets the kernel
 * write a real core file, and runs the committed CLI bundle on it.
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { buildFixture, produceCore } from '../test/fixtures/crash-fixture.js';

const missing = ['gdb', 'cmake', 'c++'].filter((tool) => spawnSync(tool, ['--version'], { stdio: 'ignore' }).error !== undefined);
if (missing.length > 0) {
  console.error(`The demo needs ${missing.join(', ')} on PATH; install them (Debian/Ubuntu: apt-get install gdb cmake g++) and run it again.`);
  process.exit(1);
}

console.error('▶ Building the sample server (test/fixtures/mini-server) with cmake');
const fixture = await buildFixture();
console.error('▶ Crashing it: worldserver null-write (a Playerbot module bug)');
const work = await mkdtemp(path.join(os.tmpdir(), 'crash-autofix-demo-'));
const core = await produceCore(fixture.executable, 'null-write', { workDir: work });
console.error(`  core file: ${core}`);
console.error('▶ crash-autofix analyze');
const cli = path.resolve('dist/cli/index.js');
const args = [cli, 'analyze', '--dump', core, '--executable', fixture.executable, '--source-root', fixture.sourceDir, '--state-dir', path.join(work, 'state')];
console.error(`  $ node ${args.map((a) => (a.includes(' ') ? JSON.stringify(a) : a)).join(' ')}`);
const result = spawnSync(process.execPath, args, { stdio: 'inherit' });
process.exit(result.status ?? 1);
