import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { StateOf } from '../../../src/domain/job-state.js';
import { deployToTest, type DeployStageDeps } from '../../../src/stages/deploy-to-test.js';
import { fakeIo, type FakeIo } from '../../fakes/fake-release.js';
import { deploying, packedRelease } from '../../fakes/sample-release-states.js';

function comments(): NonNullable<DeployStageDeps['comments']> & { bodies: string[] } {
  const bodies: string[] = [];
  return {
    bodies,
    addComment: (_n, body) => {
      bodies.push(body);
      return Promise.resolve({ url: 'https://github.test/c/1' });
    },
    listComments: () => Promise.resolve(bodies.map((body, i) => ({ id: i + 1, author: 'bot', body }))),
  };
}

function deps(f: FakeIo, c = comments()): DeployStageDeps & { comments: ReturnType<typeof comments> } {
  return {
    io: f.io,
    comments: c,
    rollback: { command: ['rollback.sh', '{version}'], timeoutMs: 60_000 },
    plan: { deployCommand: ['deploy.sh', '{target}', '{build-dir}', '{commit}'], healthCheck: { kind: 'tcp', host: '127.0.0.1', port: 8085 }, healthTimeoutMs: 10_000, deployTimeoutMs: 60_000 },
  };
}

describe('deployToTest', () => {
  it('runs the deploy command with its placeholders, waits for health and moves on to the stress run', async () => {
    const { release } = await packedRelease();
    const f = fakeIo({ healthy: (n) => n >= 2 });
    f.runner.on({ command: 'sh' }, { exitCode: 0 });
    const saved: Array<StateOf<'DEPLOYING'>> = [];
    const next = await deployToTest(deploying(release), deps(f), (s) => {
      saved.push(s);
      return Promise.resolve();
    });
    expect(next.status).toBe('STRESS_TESTING');
    const call = f.runner.calls[0];
    expect(call?.command).toBe('sh');
    expect(call?.args).toEqual(['deploy.sh', 'test', release.dir, release.commit]);
    expect(call?.options?.baseEnv).toEqual({ PATH: '/usr/bin' });
    expect(call?.options?.env?.CRASH_AUTOFIX_VERSION).toBe(`${release.commit.slice(0, 12)}-${release.sha256.slice(0, 12)}`);
    // Checkpoints: before the command (started) and after it (deployed).
    expect(saved.map((s) => [s.test.deployStartedAt !== null, s.test.deployedAt !== null])).toEqual([[true, false], [true, true]]);
    expect(f.deployments.statesOf(100)).toEqual(['in_progress', 'success']);
    if (next.status === 'STRESS_TESTING') expect(next.test.healthyAt).not.toBeNull();
  });

  it('does not deploy again when a run before this one finished the deploy command', async () => {
    const { release } = await packedRelease();
    const f = fakeIo();
    const state = deploying(release);
    const next = await deployToTest({ ...state, test: { ...state.test, deployStartedAt: '2026-12-04T11:01:30.000Z', deployedAt: '2026-12-04T11:01:40.000Z' } }, deps(f), () => Promise.resolve());
    expect(next.status).toBe('STRESS_TESTING');
    expect(f.runner.calls).toEqual([]);
    expect(f.lines.join('\n')).toContain('checking health only');
  });

  it('rolls back when health never comes: failure then inactive, one comment with the reason', async () => {
    const { release } = await packedRelease();
    const f = fakeIo({ healthy: () => false });
    f.runner.on({ args: ['deploy.sh', 'test', release.dir, release.commit] }, { exitCode: 0 });
    f.runner.on({ argsInclude: ['rollback.sh'] }, { exitCode: 0 });
    const d = deps(f);
    const next = await deployToTest(deploying(release), d, () => Promise.resolve());
    expect(next.status).toBe('ROLLED_BACK');
    if (next.status !== 'ROLLED_BACK') return;
    expect(next.rollback.reason).toMatch(/tcp:\/\/127\.0\.0\.1:8085 was not healthy within 10 s \(connection refused\)/);
    expect(next.rollback.commandExitCode).toBe(0);
    expect(f.runner.calls.map((c) => c.args[0])).toEqual(['deploy.sh', 'rollback.sh']);
    expect(f.deployments.statesOf(100)).toEqual(['in_progress', 'failure', 'inactive']);
    expect(d.comments.bodies).toHaveLength(1);
    expect(d.comments.bodies[0]).toContain('rolled back from crash-fix-test');
    expect(d.comments.bodies[0]).toContain('was not healthy');
    // The health wait slept in its own steps, up to the timeout and no further.
    expect(f.clock.ms - Date.parse('2026-12-04T12:00:00.000Z')).toBe(10_000);
  });

  it('rolls back when the deploy command fails, quoting the end of its output', async () => {
    const { release } = await packedRelease();
    const f = fakeIo();
    f.runner.once({ argsInclude: ['deploy.sh'] }, { exitCode: 3, stderr: 'sc.exe: access denied\n' });
    f.runner.on({ argsInclude: ['rollback.sh'] }, { exitCode: 0 });
    const next = await deployToTest(deploying(release), deps(f), () => Promise.resolve());
    expect(next.status === 'ROLLED_BACK' && next.rollback.reason).toBe('deploy-command exited 3: sc.exe: access denied');
  });

  it('refuses a release whose files changed since they were packed', async () => {
    const { release } = await packedRelease();
    await writeFile(path.join(release.dir, 'bin', 'worldserver'), 'tampered');
    const f = fakeIo();
    await expect(deployToTest(deploying(release), deps(f), () => Promise.resolve())).rejects.toThrow(/bin\/worldserver .* changed since it was packed: refusing to deploy/);
    expect(f.runner.calls).toEqual([]);
  });
});
