import { readFile, readdir } from 'node:fs/promises';
import net from 'node:net';
import type { HealthTarget } from '../../domain/health.js';
import { describeError } from '../../base/errors.js';
import type { ProcessRunner } from '../exec/process-runner.js';

/** One look at the target: up or not, and why not in a few words. */
export interface HealthAnswer {
  healthy: boolean;
  detail: string;
}

export interface HealthProbe {
  probe(target: HealthTarget, timeoutMs: number): Promise<HealthAnswer>;
}

/**
 * Health checks from this machine: a TCP connect, an HTTP GET that must
 * answer 2xx, or a process by name (`/proc` on Linux, `tasklist` on Windows).
 */
export class NodeHealthProbe implements HealthProbe {
  private constructor(
    private readonly runner: ProcessRunner,
    private readonly platform: NodeJS.Platform,
  ) {}

  /** Nothing to check up front: the probes are sockets and the process table. */
  static create(runner: ProcessRunner, platform: NodeJS.Platform): Promise<NodeHealthProbe> {
    return Promise.resolve(new NodeHealthProbe(runner, platform));
  }

  probe(target: HealthTarget, timeoutMs: number): Promise<HealthAnswer> {
    if (target.kind === 'tcp') return tcp(target.host, target.port, timeoutMs);
    if (target.kind === 'http') return http(target.url, timeoutMs);
    return this.processRuns(target.name);
  }

  private async processRuns(name: string): Promise<HealthAnswer> {
    if (this.platform === 'win32') {
      const image = name.toLowerCase().endsWith('.exe') ? name : `${name}.exe`;
      const result = await this.runner.run('tasklist', ['/FI', `IMAGENAME eq ${image}`, '/NH', '/FO', 'CSV'], { timeoutMs: 15_000 });
      const running = result.stdout.toLowerCase().includes(`"${image.toLowerCase()}"`);
      return { healthy: running, detail: running ? `${image} runs` : `no ${image} process` };
    }
    const entries = await readdir('/proc').catch(() => [] as string[]);
    for (const pid of entries.filter((e) => /^[0-9]+$/.test(e))) {
      const comm = await readFile(`/proc/${pid}/comm`, 'utf8').catch(() => '');
      // comm holds the first 15 characters of the program's name.
      if (comm.trim() !== '' && comm.trim() === name.slice(0, 15)) return { healthy: true, detail: `${name} runs (pid ${pid})` };
    }
    return { healthy: false, detail: `no ${name} process` };
  }
}

function tcp(host: string, port: number, timeoutMs: number): Promise<HealthAnswer> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (answer: HealthAnswer): void => {
      socket.destroy();
      resolve(answer);
    };
    socket.setTimeout(timeoutMs, () => done({ healthy: false, detail: `no answer from ${host}:${port} in ${timeoutMs} ms` }));
    socket.once('connect', () => done({ healthy: true, detail: `${host}:${port} accepts connections` }));
    socket.once('error', (e: NodeJS.ErrnoException) => done({ healthy: false, detail: `${host}:${port}: ${e.code ?? e.message}` }));
  });
}

async function http(url: string, timeoutMs: number): Promise<HealthAnswer> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), redirect: 'manual' });
    await response.body?.cancel();
    const ok = response.status >= 200 && response.status < 300;
    return { healthy: ok, detail: `${url} answered ${response.status}` };
  } catch (error) {
    return { healthy: false, detail: `${url}: ${describeError(error)}` };
  }
}
