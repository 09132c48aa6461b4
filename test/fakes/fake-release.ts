import type { DeploymentClient, DeploymentRef, DeploymentState, NewDeployment } from '../../src/adapters/github/deployment-client.js';
import type { HealthAnswer, HealthProbe } from '../../src/adapters/probe/health-probe.js';
import type { HealthTarget } from '../../src/domain/health.js';
import type { ReleaseIo } from '../../src/release/release-io.js';
import { FakeProcessRunner } from './fake-process-runner.js';

/** Deployments kept in memory, with every status set, for stage tests. */
export class FakeDeployments implements DeploymentClient {
  readonly created: Array<NewDeployment & { id: number }> = [];
  readonly statuses: Array<{ id: number; state: DeploymentState; description: string }> = [];

  findDeployment(environment: string, sha: string, jobId: string): Promise<DeploymentRef | null> {
    const found = this.created.find((d) => d.environment === environment && d.ref === sha && d.jobId === jobId);
    return Promise.resolve(found ? { id: found.id, url: `https://api.github.test/deployments/${found.id}` } : null);
  }

  createDeployment(d: NewDeployment): Promise<DeploymentRef> {
    const id = 100 + this.created.length;
    this.created.push({ ...d, id });
    return Promise.resolve({ id, url: `https://api.github.test/deployments/${id}` });
  }

  setDeploymentStatus(id: number, status: { state: DeploymentState; description: string }): Promise<void> {
    this.statuses.push({ id, state: status.state, description: status.description });
    return Promise.resolve();
  }

  statesOf(id: number): DeploymentState[] {
    return this.statuses.filter((s) => s.id === id).map((s) => s.state);
  }
}

/** A health check answering from a script: `healthy(n)` says whether the n-th probe (0-based) passes. */
export class ScriptedProbe implements HealthProbe {
  readonly probes: HealthTarget[] = [];
  constructor(private readonly healthy: (n: number) => boolean) {}
  probe(target: HealthTarget): Promise<HealthAnswer> {
    const n = this.probes.length;
    this.probes.push(target);
    const ok = this.healthy(n);
    return Promise.resolve({ healthy: ok, detail: ok ? 'up' : 'connection refused' });
  }
}

/** A clock that moves only when the code under test sleeps (or a fake command takes time). */
export class FakeClock {
  constructor(public ms = Date.parse('2026-12-04T12:00:00.000Z')) {}
  now = (): Date => new Date(this.ms);
  sleep = (ms: number): Promise<void> => {
    this.ms += ms;
    return Promise.resolve();
  };
}

export interface FakeIo {
  io: ReleaseIo;
  runner: FakeProcessRunner;
  clock: FakeClock;
  deployments: FakeDeployments;
  lines: string[];
}

export function fakeIo(options: { healthy?: (n: number) => boolean; github?: boolean; platform?: NodeJS.Platform } = {}): FakeIo {
  const runner = new FakeProcessRunner();
  const clock = new FakeClock();
  const deployments = new FakeDeployments();
  const lines: string[] = [];
  const io: ReleaseIo = {
    runner,
    baseEnv: { PATH: '/usr/bin' },
    platform: options.platform ?? 'linux',
    cwd: '/repo',
    probe: new ScriptedProbe(options.healthy ?? (() => true)),
    deployments: options.github === false ? null : deployments,
    runUrl: 'https://github.test/acme/server/actions/runs/4242',
    sleep: clock.sleep,
    now: clock.now,
    log: { info: (m) => lines.push(m), warning: (m) => lines.push(`warning: ${m}`) },
  };
  return { io, runner, clock, deployments, lines };
}
