import http from 'node:http';
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { NodeProcessRunner } from '../../../../src/adapters/exec/process-runner.js';
import { NodeHealthProbe } from '../../../../src/adapters/probe/health-probe.js';

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

function listen<S extends net.Server>(server: S): Promise<number> {
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => resolve((server.address() as net.AddressInfo).port));
    closers.push(() => new Promise((r) => server.close(() => r())));
  });
}

describe('NodeHealthProbe on this machine', () => {
  it('tcp: a listening port is healthy, a closed one is not', async () => {
    const probe = await NodeHealthProbe.create(new NodeProcessRunner(process.env), 'linux');
    const port = await listen(net.createServer((s) => s.end()));
    expect(await probe.probe({ kind: 'tcp', host: '127.0.0.1', port }, 2000)).toEqual({ healthy: true, detail: `127.0.0.1:${port} accepts connections` });
    const closed = await probe.probe({ kind: 'tcp', host: '127.0.0.1', port: 9 }, 2000);
    expect(closed).toEqual({ healthy: false, detail: '127.0.0.1:9: ECONNREFUSED' });
  });

  it('http: 2xx is healthy; 503 and a redirect are not', async () => {
    const probe = await NodeHealthProbe.create(new NodeProcessRunner(process.env), 'linux');
    const port = await listen(http.createServer((req, res) => {
      if (req.url === '/ok') res.writeHead(204).end();
      else if (req.url === '/moved') res.writeHead(302, { location: '/ok' }).end();
      else res.writeHead(503).end('starting');
    }));
    expect(await probe.probe({ kind: 'http', url: `http://127.0.0.1:${port}/ok` }, 2000)).toMatchObject({ healthy: true, detail: expect.stringContaining('answered 204') as unknown });
    expect(await probe.probe({ kind: 'http', url: `http://127.0.0.1:${port}/starting` }, 2000)).toMatchObject({ healthy: false, detail: expect.stringContaining('answered 503') as unknown });
    expect((await probe.probe({ kind: 'http', url: `http://127.0.0.1:${port}/moved` }, 2000)).healthy).toBe(false);
  });

  it('process: finds a running program by name in /proc', async () => {
    const probe = await NodeHealthProbe.create(new NodeProcessRunner(process.env), 'linux');
    const sleeper = new NodeProcessRunner(process.env).run('sleep', ['1']);
    await new Promise((r) => setTimeout(r, 200));
    expect((await probe.probe({ kind: 'process', name: 'sleep' }, 1000)).healthy).toBe(true);
    expect(await probe.probe({ kind: 'process', name: 'no-such-worldserver' }, 1000)).toEqual({ healthy: false, detail: 'no no-such-worldserver process' });
    await sleeper.catch(() => undefined);
  }, 5_000);
});
