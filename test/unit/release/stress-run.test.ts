import { describe, expect, it } from 'vitest';
import type { StressRun } from '../../../src/domain/release.js';
import { runStress, type StressPlan, type StressWatch } from '../../../src/release/stress-run.js';
import { fakeIo } from '../../fakes/fake-release.js';
import { packedRelease } from '../../fakes/sample-release-states.js';

const PLAN: StressPlan = {
  load: null,
  durationMs: 60_000,
  intervalMs: 10_000,
  failureLimit: 0,
  health: { kind: 'tcp', host: '127.0.0.1', port: 8085 },
  metric: null,
  fixedSignature: 'segv-0123456789ab',
  environment: 'crash-fix-test',
};

/** A dump folder that gains `appear` files after `afterChecks` listings. */
function watch(existing: string[], appear: Array<{ file: string; signature: string | null }> = [], afterChecks = 2): StressWatch & { triaged: string[] } {
  let listings = 0;
  const triaged: string[] = [];
  return {
    triaged,
    listDumps() {
      listings++;
      // The first listing is the baseline; then one per check.
      return Promise.resolve(listings - 1 > afterChecks ? [...existing, ...appear.map((a) => a.file)] : existing);
    },
    triage(file) {
      triaged.push(file);
      const a = appear.find((x) => x.file === file);
      return Promise.resolve({ sha256: 'e'.repeat(64), signature: a?.signature ?? null, jobId: a?.signature ? 'fedcba9876543210' : null, note: a?.signature ? 'job fedcba9876543210' : 'gdb could not read it' });
    },
  };
}

describe('runStress', () => {
  it('passes after the whole duration of healthy checks, saving each one; old dumps are not this run’s', async () => {
    const { release } = await packedRelease();
    const f = fakeIo();
    const saves: StressRun[] = [];
    const { run, verdict } = await runStress(f.io, release, PLAN, watch(['/dumps/old.core']), null, (r) => {
      saves.push(r);
      return Promise.resolve();
    });
    expect(verdict).toEqual({ passed: true });
    expect(run.checks).toHaveLength(6);
    expect(run.elapsedMs).toBe(60_000);
    expect(run.baseline).toEqual(['/dumps/old.core']);
    expect(run.finishedAt).not.toBeNull();
    // Start, six checks, finish.
    expect(saves).toHaveLength(8);
  });

  it('fails at once on a dump of the fixed crash, and names a new crash’s intake job', async () => {
    const { release } = await packedRelease();
    const same = await runStress(fakeIo().io, release, PLAN, watch([], [{ file: '/dumps/core.77', signature: PLAN.fixedSignature }]), null, () => Promise.resolve());
    expect(same.verdict).toMatchObject({ passed: false, dumpSignature: PLAN.fixedSignature, reason: expect.stringMatching(/the fixed crash segv-0123456789ab happened again .*the fix did not hold/) as unknown });
    expect(same.run.checks).toHaveLength(3);
    const other = await runStress(fakeIo().io, release, PLAN, watch([], [{ file: '/dumps/core.78', signature: 'abort-111111111111' }]), null, () => Promise.resolve());
    expect(other.verdict).toMatchObject({ passed: false, newJobs: ['fedcba9876543210'], dumpSignature: 'abort-111111111111' });
    expect(other.run.dumps[0]).toMatchObject({ verdict: 'new-crash', jobId: 'fedcba9876543210' });
    const unreadable = await runStress(fakeIo().io, release, PLAN, watch([], [{ file: '/dumps/core.79', signature: null }]), null, () => Promise.resolve());
    expect(unreadable.verdict).toMatchObject({ passed: false, reason: expect.stringMatching(/could not be read \(gdb could not read it\)/) as unknown });
  });

  it('counts failed health checks against the limit', async () => {
    const { release } = await packedRelease();
    // Probe 2 fails: one failed check, tolerated with limit 1, not with 0.
    const tolerated = await runStress(fakeIo({ healthy: (n) => n !== 2 }).io, release, { ...PLAN, failureLimit: 1 }, watch([]), null, () => Promise.resolve());
    expect(tolerated.verdict).toEqual({ passed: true });
    expect(tolerated.run.checks.filter((c) => c.failed)).toHaveLength(1);
    const strict = await runStress(fakeIo({ healthy: (n) => n !== 2 }).io, release, PLAN, watch([]), null, () => Promise.resolve());
    expect(strict.verdict).toMatchObject({ passed: false, reason: expect.stringMatching(/1 failed check\(s\), more than stress-failure-limit 0; the last: tcp:\/\/127\.0\.0\.1:8085: connection refused/) as unknown });
  });

  it('reads the metric at each check: over the limit fails, no number is said plainly and never a pass', async () => {
    const { release } = await packedRelease();
    const f = fakeIo();
    const values = ['12.5', '14', 'n/a', '13', '90', '11'];
    let i = 0;
    f.runner.on({ command: 'metric' }, () => ({ exitCode: 0, stdout: `${values[i++] ?? ''}\n` }));
    const { run, verdict } = await runStress(f.io, release, { ...PLAN, failureLimit: 5, metric: { command: ['metric'], max: 50 } }, watch([]), null, () => Promise.resolve());
    expect(verdict).toEqual({ passed: true });
    expect(run.checks.map((c) => c.metric)).toEqual([12.5, 14, null, 13, 90, 11]);
    expect(run.checks.map((c) => c.failed)).toEqual([false, false, true, false, true, false]);
    expect(run.checks[2]?.note).toContain('no metric data (the command printed "n/a"): not counted as a pass');
    expect(run.checks[4]?.note).toContain('metric 90 over the limit 50');
  });

  it('resumes a killed run with the time that was left', async () => {
    const { release } = await packedRelease();
    const resumed: StressRun = { startedAt: '2026-12-04T11:00:00.000Z', baseline: [], elapsedMs: 40_000, durationMs: 60_000, checks: [1, 2, 3, 4].map((n) => ({ at: `2026-12-04T11:00:${n}0.000Z`, healthy: true, metric: null, failed: false, note: 'ok' })), dumps: [], loads: [], finishedAt: null };
    const f = fakeIo();
    const { run, verdict } = await runStress(f.io, release, PLAN, watch([]), resumed, () => Promise.resolve());
    expect(verdict).toEqual({ passed: true });
    expect(run.checks).toHaveLength(6);
    expect(f.lines[0]).toContain('Resuming the stress run: 40 of 60 s done, 4 check(s)');
  });

  it('runs the load command for the window; a load that fails counts as a failed check', async () => {
    const { release } = await packedRelease();
    const f = fakeIo();
    // The bots run until stopped at the end of the window.
    f.runner.on({ command: 'bots' }, (call) => {
      f.clock.ms += call.options?.timeoutMs ?? 0;
      return { exitCode: null, signal: 'SIGKILL', timedOut: true };
    });
    const ok = await runStress(f.io, release, { ...PLAN, load: ['bots', '--port', '8085'] }, watch([]), null, () => Promise.resolve());
    expect(ok.verdict).toEqual({ passed: true });
    expect(ok.run.loads).toEqual([{ exitCode: null, durationMs: 0, stoppedAtEnd: true }]);
    const g = fakeIo();
    g.runner.on({ command: 'bots' }, () => ({ exitCode: 2, stderr: 'server unreachable: ECONNREFUSED' }));
    const bad = await runStress(g.io, release, { ...PLAN, load: ['bots'] }, watch([]), null, () => Promise.resolve());
    expect(bad.verdict).toMatchObject({ passed: false, reason: expect.stringMatching(/stress-command exited 2: server unreachable: ECONNREFUSED/) as unknown });
  });
});
