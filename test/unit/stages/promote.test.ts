import { describe, expect, it } from 'vitest';
import type { StateOf } from '../../../src/domain/job-state.js';
import { promote, type PromoteDeps } from '../../../src/stages/promote.js';
import { fakeIo, type FakeIo } from '../../fakes/fake-release.js';
import { packedRelease, stressTesting } from '../../fakes/sample-release-states.js';

function promoting(release: StateOf<'DEPLOYING'>['release']): StateOf<'PROMOTING'> {
  const s = stressTesting(release);
  return { ...s, status: 'PROMOTING', stress: { startedAt: '2026-12-04T11:03:00.000Z', baseline: [], elapsedMs: 60_000, durationMs: 60_000, checks: [], dumps: [], loads: [], finishedAt: '2026-12-04T11:04:00.000Z' }, production: null };
}

function deps(f: FakeIo): PromoteDeps {
  return {
    io: f.io,
    comments: null,
    environment: 'production',
    jobId: '0123456789abcdef',
    deployments: f.deployments,
    rollback: { command: ['rollback.sh'], timeoutMs: 60_000 },
    plan: { deployCommand: ['deploy.ps1', '{target}'], healthCheck: { kind: 'process', name: 'worldserver' }, healthTimeoutMs: 5_000, deployTimeoutMs: 60_000 },
  };
}

describe('promote', () => {
  it('deploys the same release to production once and records the build that fixed the crash', async () => {
    const { release } = await packedRelease();
    const f = fakeIo();
    f.runner.on({ command: 'pwsh' }, { exitCode: 0 });
    const saved: Array<StateOf<'PROMOTING'>> = [];
    const next = await promote(promoting(release), deps(f), (s) => {
      saved.push(s);
      return Promise.resolve();
    });
    expect(next.status).toBe('DEPLOYED');
    if (next.status !== 'DEPLOYED') return;
    expect(next.fixedIn).toEqual({ commit: release.commit, sha256: release.sha256, buildIds: release.buildIds, at: '2026-12-04T12:00:00.000Z' });
    expect(f.deployments.created.map((d) => [d.environment, d.production])).toEqual([['production', true]]);
    expect(f.runner.calls[0]?.args).toEqual(['-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-File', 'deploy.ps1', 'production']);
    // First checkpoint: the production deployment exists before anything runs.
    expect(saved[0]?.production?.id).toBe(100);
    // Resumed from the last checkpoint: no new deployment, no second deploy command.
    const last = saved[saved.length - 1];
    if (!last) throw new Error('no checkpoint');
    const again = await promote(last, deps(f), () => Promise.resolve());
    expect(again.status).toBe('DEPLOYED');
    expect(f.deployments.created).toHaveLength(1);
    expect(f.runner.calls).toHaveLength(1);
  });

  it('rolls production back when it is not healthy', async () => {
    const { release } = await packedRelease();
    const f = fakeIo({ healthy: () => false });
    f.runner.on(() => true, { exitCode: 0 });
    const next = await promote(promoting(release), deps(f), () => Promise.resolve());
    expect(next.status === 'ROLLED_BACK' && next.rollback).toMatchObject({ target: 'production', reason: expect.stringMatching(/process:worldserver was not healthy within 5 s/) as unknown });
    expect(f.deployments.statesOf(100)).toEqual(['in_progress', 'failure', 'inactive']);
  });
});
