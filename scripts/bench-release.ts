/**
 * The release's own overhead around the user's commands: `deploy` (test),
 * `stress` and `deploy` (production) through the CLI on the release bench
 * (GitHub stand-in, a real mini-server build packed and checked), with
 * `true` as every command and a health check that answers at once. Each
 * command's wall time minus the stress duration and the time of the user's
 * commands themselves (a bare `true` spawn, measured here) is the overhead.
 * Target: under 2 s per stage.
 */
import { NodeProcessRunner } from '../src/adapters/exec/process-runner.js';
import { openReleaseBench, releaseBuilds } from '../test/fixtures/release/release-bench.js';
import { runCli } from '../test/fixtures/run-cli.js';

const TARGET_MS = 2000;
const STRESS_MS = 1000;

export interface ReleaseBenchResult {
  rows: string[];
  met: boolean;
}

export async function benchRelease(): Promise<ReleaseBenchResult> {
  const [previous, fixed] = await releaseBuilds();
  const bench = await openReleaseBench(fixed, previous, 'segv-0123456789ab');
  const runner = new NodeProcessRunner(process.env);
  try {
    const health = `tcp://127.0.0.1:${new URL(bench.github.baseUrl).port}`;
    const common = ['--state-dir', bench.stateDir, '--source-root', bench.repo, '--repository', 'acme/server', '--job-id', '0123456789abcdef', '--health-check', health];
    const commands = ['--deploy-command', 'true', '--rollback-command', 'true'];
    const stages: Array<{ name: string; args: string[]; commandRuns: number; waitMs: number }> = [
      { name: 'deploy (test): pack, check, Deployment, deploy, health', args: ['deploy', ...common, ...commands], commandRuns: 1, waitMs: 0 },
      { name: 'stress: checks, dump folder, verdict', args: ['stress', ...common, '--rollback-command', 'true', '--stress-command', 'true', '--stress-metric-command', 'echo 5', '--stress-metric-max', '10', '--stress-duration', '1', '--stress-interval', '1'], commandRuns: 2, waitMs: STRESS_MS },
      { name: 'deploy (production): check, Deployment, deploy, health', args: ['deploy', ...common, ...commands, '--deploy-target', 'production'], commandRuns: 1, waitMs: 0 },
    ];
    const spawnStarted = performance.now();
    for (let i = 0; i < 5; i++) await runner.run('true', []);
    const spawnMs = (performance.now() - spawnStarted) / 5;
    const rows = ['| Stage | Wall | User commands and waits | Overhead | Target |', '| --- | ---: | ---: | ---: | --- |'];
    let met = true;
    for (const stage of stages) {
      const started = performance.now();
      const run = await runCli(stage.args, bench.env);
      const wall = performance.now() - started;
      if (run.code !== 0) throw new Error(`${stage.args[0] ?? ''} failed: ${run.stderr}`);
      const theirs = stage.waitMs + stage.commandRuns * spawnMs;
      const overhead = wall - theirs;
      const ok = overhead < TARGET_MS;
      met &&= ok;
      rows.push(`| ${stage.name} | ${wall.toFixed(0)} ms | ${theirs.toFixed(0)} ms | ${overhead.toFixed(0)} ms | ${ok ? 'met' : 'MISSED'} (< ${TARGET_MS} ms) |`);
    }
    return { rows, met };
  } finally {
    await bench.close();
  }
}
