import { mkdtemp, readlink, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { produceCore, type BuiltFixture } from '../fixtures/crash-fixture.js';
import { LocalCrashDatabase } from '../../src/adapters/crash-db/local-crash-database.js';
import { GameClient } from '../fixtures/game-server/game-client.js';
import { LOAD_BOTS as BOTS, openReleaseBench, releaseArgs, releaseBuilds, TSX, type ReleaseBench } from '../fixtures/release/release-bench.js';
import { runCli } from '../fixtures/run-cli.js';

/**
 * The release end to end on loopback: the TCP game server deployed by
 * deploy.sh, stressed by the bounded load bots, watched for cores with gdb,
 * rolled back by rollback.sh, each deployment a GitHub Deployment on the stand-in.
 */
const FIXED_SIGNATURE = 'segv-0123456789ab';

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

async function metricScript(b: ReleaseBench): Promise<string> {
  const file = path.join(b.root, 'tick-p99.sh');
  await writeFile(file, `#!/bin/sh\nawk '$1 == "tick-p99-ms" { print $2 }' "${b.testServer}/run/stats.txt"\n`);
  return file;
}

async function stressArgs(b: ReleaseBench, load: string): Promise<string[]> {
  return releaseArgs(b, 'test', [
    '--stress-command', `${TSX} ${BOTS} --port ${b.testPort} --bots 8 --seconds 3 ${load}`,
    '--stress-duration', '4',
    '--stress-interval', '1',
    '--stress-metric-command', await metricScript(b),
    '--stress-metric-max', '500',
    '--dump-dir', path.join(b.testServer, 'run'),
    '--executable', fixed.executable,
  ], 'stress');
}

function statusesOf(b: ReleaseBench, environment: string): string[][] {
  return b.github.state.deploymentBook.deployments.filter((d) => d.environment === environment).map((d) => d.statuses.map((s) => s.state));
}

describe('deploy → stress → promote on the game server', () => {
  it('the fixed build holds under load and is promoted: DEPLOYED with the build that fixed it; an old build\'s dump of the crash is only counted', async () => {
    // The crash the fix is for, as the old build's core reports it.
    const work = await mkdtemp(path.join(os.tmpdir(), 'release-core-'));
    const core = await produceCore(previous.executable, 'null-read', { workDir: work });
    const analysed = await runCli(['analyze', '--dump', core, '--executable', previous.executable, '--state-dir', path.join(work, 'state'), '--source-root', previous.sourceDir, '--json']);
    const signature = (JSON.parse(analysed.stdout) as { signature: string }).signature;
    bench = await openReleaseBench(fixed, previous, signature);
    const deployed = await runCli(['deploy', ...releaseArgs(bench, 'test')], bench.env);
    expect(deployed.stderr).not.toMatch(/^error/m);
    expect(deployed.code).toBe(0);
    expect((await bench.record()).state.status).toBe('STRESS_TESTING');
    expect(await readlink(path.join(bench.testServer, 'current'))).toMatch(/^releases\/[0-9a-f]{12}-[0-9a-f]{12}$/);

    // The bots also send the fixed bug's crash opcode: the fixed build answers it.
    const stressed = await runCli(['stress', ...(await stressArgs(bench, '--crash null-read --crash-after-ms 500'))], bench.env);
    expect(stressed.code, stressed.stderr).toBe(0);
    const afterStress = (await bench.record()).state;
    expect(afterStress.status).toBe('PROMOTING');
    if (afterStress.status !== 'PROMOTING') return;
    expect(afterStress.stress.checks.length).toBeGreaterThanOrEqual(4);
    expect(afterStress.stress.checks.every((c) => !c.failed && c.healthy && c.metric !== null)).toBe(true);
    expect(afterStress.stress.dumps).toEqual([]);
    expect(stressed.stdout).toMatch(/\| Metric p50 \/ p90 \/ p99 \/ max \| [0-9.]+ \/ /);

    const promoted = await runCli(['deploy', ...releaseArgs(bench, 'production', ['--deploy-target', 'production'])], bench.env);
    expect(promoted.code, promoted.stderr).toBe(0);
    const final = (await bench.record()).state;
    expect(final.status).toBe('DEPLOYED');
    if (final.status !== 'DEPLOYED') return;
    expect(final.fixedIn.sha256).toBe(final.release.sha256);
    expect(final.fixedIn.buildIds.length).toBeGreaterThan(0);
    // The production server runs the fixed build.
    const client = await GameClient.connect(bench.productionPort);
    expect(await client.request('crash null-read')).toBe('ok crash null-read');
    client.close();
    expect(statusesOf(bench, 'crash-fix-test')).toEqual([['in_progress', 'success']]);
    expect(statusesOf(bench, 'production')).toEqual([['in_progress', 'success']]);
    expect(bench.github.state.comments.filter((c) => c.issueNumber === bench?.pr).map((c) => c.body)).toEqual([expect.stringContaining('crash-autofix: in production')]);
    expect(await bench.deploys()).toBe(2);
    // The crash database: deployed, fixed in the release's build; the summary shows the record and the six numbers.
    expect(promoted.stdout).toContain('Crash record');
    expect(promoted.stdout).toContain('Success criteria');
    const db = await LocalCrashDatabase.create(path.join(bench.stateDir, 'crash-db.json'));
    const record = await db.get(signature);
    expect(record).toMatchObject({ status: 'deployed', fixedIn: { sha256: final.release.sha256, buildIds: final.release.buildIds } });
    expect(record?.deployments.map((d) => d.target)).toEqual(['test', 'production']);
    // A dump of the same crash from the build before the fix: counted, not a regression.
    const old = await runCli(['analyze', '--dump', core, '--executable', previous.executable, '--state-dir', bench.stateDir, '--source-root', previous.sourceDir]);
    expect(old.code, old.stderr).toBe(0);
    const after = await db.get(signature);
    expect(after?.status).toBe('deployed');
    expect(after?.occurrences.count).toBe((record?.occurrences.count ?? 0) + 1);
    expect(after?.regressions).toEqual([]);
    // Its build id is not one crash-autofix deployed: it cannot be ordered against the fix, and says so.
    expect(after?.unplaced.map((u) => u.build)).toEqual([expect.stringMatching(/^[0-9a-f]{40}$/)]);
    await rm(work, { recursive: true, force: true });
  }, 300_000);

  it('the load triggers a new crash: its core is read into a new intake job, the fix is rolled back with the reason', async () => {
    bench = await openReleaseBench(fixed, previous, FIXED_SIGNATURE);
    expect((await runCli(['deploy', ...releaseArgs(bench, 'test')], bench.env)).code).toBe(0);
    const stressed = await runCli(['stress', ...(await stressArgs(bench, '--crash bug:3 --crash-after-ms 500'))], bench.env);
    expect(stressed.code).toBe(1);
    const state = (await bench.record()).state;
    expect(state.status).toBe('ROLLED_BACK');
    if (state.status !== 'ROLLED_BACK') return;
    expect(state.rollback.reason).toMatch(/the server crashed during the stress run: a new crash \S+ \(intake job [0-9a-f]{16}\)/);
    expect(state.rollback.newJobs).toHaveLength(1);
    expect(state.rollback.dumpSignature).not.toBe(FIXED_SIGNATURE);
    // The new crash's job is in the state folder with its report, ready for a fix job.
    const newJob = JSON.parse(await import('node:fs/promises').then((fs) => fs.readFile(path.join(bench?.stateDir ?? '', 'jobs', state.rollback.newJobs[0] ?? '', 'job.json'), 'utf8'))) as { state: { status: string; report: { signature: string; culprit: { function: string } } } };
    expect(newJob.state.status).toBe('ANALYSIS_PENDING');
    expect(newJob.state.report.signature).toBe(state.rollback.dumpSignature);
    expect(newJob.state.report.culprit.function).toMatch(/bug03/);
    // rollback.sh put v0 back.
    expect(await readlink(path.join(bench.testServer, 'current'))).toBe('releases/v0');
    expect(statusesOf(bench, 'crash-fix-test')).toEqual([['in_progress', 'success', 'failure', 'inactive']]);
    const comment = bench.github.state.comments.find((c) => c.issueNumber === bench?.pr)?.body ?? '';
    expect(comment).toContain('rolled back from crash-fix-test');
    expect(comment).toContain(state.rollback.newJobs[0]);
    expect(stressed.stderr).toMatch(/stress: ROLLED_BACK: job 0123456789abcdef rolled back from test: the server crashed/);
  }, 240_000);

  it('health never comes up: rolled back, the deployment says failure, then inactive', async () => {
    bench = await openReleaseBench(fixed, previous, FIXED_SIGNATURE);
    const args = releaseArgs(bench, 'test');
    // The health check looks at a port nothing listens on.
    args[args.indexOf('--health-check') + 1] = 'tcp://127.0.0.1:9';
    args[args.indexOf('--health-timeout') + 1] = '3';
    const deployed = await runCli(['deploy', ...args], bench.env);
    expect(deployed.code).toBe(1);
    const state = (await bench.record()).state;
    expect(state.status === 'ROLLED_BACK' && state.rollback.reason).toMatch(/^tcp:\/\/127\.0\.0\.1:9 was not healthy within 3 s/);
    expect(await readlink(path.join(bench.testServer, 'current'))).toBe('releases/v0');
    expect(statusesOf(bench, 'crash-fix-test')).toEqual([['in_progress', 'failure', 'inactive']]);
    expect(deployed.stdout).toContain('**Rolled back from test:**');
  }, 120_000);
});
