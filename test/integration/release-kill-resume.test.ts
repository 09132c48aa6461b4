import { spawn } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { NodeProcessRunner } from '../../src/adapters/exec/process-runner.js';
import type { JobState } from '../../src/domain/job-state.js';
import type { BuiltFixture } from '../fixtures/crash-fixture.js';
import { JOB_ID, LOAD_BOTS as BOTS, openReleaseBench, releaseArgs, releaseBuilds, TSX, type ReleaseBench } from '../fixtures/release/release-bench.js';

/**
 * kill -9 of the deploy and stress commands in each stage, then a re-run:
 * it resumes from the last checkpoint, with one GitHub Deployment per
 * environment and no finished deploy run twice.
 */
const CHILD = fileURLToPath(new URL('../fixtures/cli-child.ts', import.meta.url));
const runner = new NodeProcessRunner(process.env);

let previous: BuiltFixture;
let fixed: BuiltFixture;
let bench: ReleaseBench | null = null;

beforeAll(async () => {
  [previous, fixed] = await releaseBuilds();
}, 600_000);

afterEach(async () => {
  if (bench) expect(bench.github.failures).toEqual([]);
  await bench?.close();
  bench = null;
});

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  output: string;
}

/** Runs the CLI in its own process; `killWhen` is polled on the job record, and the process is killed with SIGKILL once it holds. */
async function runChild(b: ReleaseBench, args: string[], killWhen?: (state: JobState) => boolean): Promise<Exit> {
  const child = spawn(TSX, [CHILD, ...args], { cwd: b.repo, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...b.env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<Exit>((resolve) => child.on('close', (code, signal) => resolve({ code, signal, output })));
  if (killWhen) {
    const file = path.join(b.stateDir, 'jobs', JOB_ID, 'job.json');
    for (let i = 0; i < 1200; i++) {
      const state = (JSON.parse(await readFile(file, 'utf8').catch(() => '{}')) as { state?: JobState }).state;
      if (state && killWhen(state)) {
        child.kill('SIGKILL');
        // A killed job's runner ends its children too.
        await runner.run('pkill', ['-9', '-f', `${b.root}/deploy-counted.sh|load-bots.ts --port ${b.testPort}`]);
        break;
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  return exited;
}

function deploymentsIn(b: ReleaseBench, environment: string): number {
  return b.github.state.deploymentBook.deployments.filter((d) => d.environment === environment).length;
}

const stressFlags = (b: ReleaseBench): string[] => ['--stress-command', `${TSX} ${BOTS} --port ${b.testPort} --bots 4 --seconds 20`, '--stress-duration', '6', '--stress-interval', '1', '--dump-dir', path.join(b.testServer, 'run'), '--executable', fixed.executable];

describe('a release killed with SIGKILL resumes', () => {
  it('in DEPLOYING, during the deploy command and during the health wait; then in STRESS_TESTING and PROMOTING', async () => {
    bench = await openReleaseBench(fixed, previous, 'segv-0123456789ab');
    const b = bench;
    // 1. Killed while the deploy command runs: the re-run deploys again (it never finished), with the same GitHub Deployment.
    await writeFile(path.join(b.root, 'delay'), '30');
    const killed1 = await runChild(b, ['deploy', ...releaseArgs(b, 'test')], (s) => s.status === 'DEPLOYING' && s.test.deployStartedAt !== null);
    expect(killed1.signal).toBe('SIGKILL');
    expect(await b.deploys()).toBe(0);
    await writeFile(path.join(b.root, 'delay'), '0');

    // 2. Killed in the health wait, after the deploy command finished: the health check looks at a port nothing listens on.
    const wrongHealth = releaseArgs(b, 'test');
    wrongHealth[wrongHealth.indexOf('--health-check') + 1] = 'tcp://127.0.0.1:9';
    const killed2 = await runChild(b, ['deploy', ...wrongHealth], (s) => s.status === 'DEPLOYING' && s.test.deployedAt !== null);
    expect(killed2.signal).toBe('SIGKILL');
    expect(killed2.output).toContain('did not finish (the job was stopped): running it again');
    expect(await b.deploys()).toBe(1);

    const resumed = await runChild(b, ['deploy', ...releaseArgs(b, 'test')]);
    expect(resumed.code, resumed.output).toBe(0);
    expect(resumed.output).toContain('checking health only');
    expect(await b.deploys()).toBe(1);
    expect(deploymentsIn(b, 'crash-fix-test')).toBe(1);

    // 3. Killed mid-stress: the re-run goes on with the time that was left.
    const killed3 = await runChild(b, ['stress', ...releaseArgs(b, 'test', stressFlags(b), 'stress')], (s) => s.status === 'STRESS_TESTING' && (s.stress?.checks.length ?? 0) >= 2);
    expect(killed3.signal).toBe('SIGKILL');
    const stressed = await runChild(b, ['stress', ...releaseArgs(b, 'test', stressFlags(b), 'stress')]);
    expect(stressed.code, stressed.output).toBe(0);
    expect(stressed.output).toMatch(/Resuming the stress run: [2-6] of 6 s done, [2-9] check\(s\)/);
    const promoting = (await b.record()).state;
    expect(promoting.status).toBe('PROMOTING');
    if (promoting.status === 'PROMOTING') expect(promoting.stress.elapsedMs).toBe(6000);

    // 4. Killed while production deploys: one production Deployment, one production deploy.
    await writeFile(path.join(b.root, 'delay'), '30');
    const production = releaseArgs(b, 'production', ['--deploy-target', 'production']);
    const killed4 = await runChild(b, ['deploy', ...production], (s) => s.status === 'PROMOTING' && s.production?.deployStartedAt != null);
    expect(killed4.signal).toBe('SIGKILL');
    await writeFile(path.join(b.root, 'delay'), '0');
    const promoted = await runChild(b, ['deploy', ...production]);
    expect(promoted.code, promoted.output).toBe(0);
    expect((await b.record()).state.status).toBe('DEPLOYED');
    expect(deploymentsIn(b, 'production')).toBe(1);
    expect(deploymentsIn(b, 'crash-fix-test')).toBe(1);
    expect(await b.deploys()).toBe(2);
    // A re-run of a finished release does nothing.
    const again = await runChild(b, ['deploy', ...production]);
    expect(again.code).toBe(0);
    expect(again.output).toContain('already past deploy (production) (DEPLOYED); nothing to do');
    expect(await b.deploys()).toBe(2);
  }, 300_000);
});
