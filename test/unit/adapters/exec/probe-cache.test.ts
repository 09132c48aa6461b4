import { mkdtemp, utimes, writeFile, chmod } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ExecGdbClient } from '../../../../src/adapters/gdb/gdb-client.js';
import { FileProbeCache, toolIdentity } from '../../../../src/adapters/exec/probe-cache.js';
import { fakeGdb } from '../../../fakes/gdb-fake-runner.js';

async function fakeBinary(): Promise<{ dir: string; bin: string }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'probe-'));
  const bin = path.join(dir, 'gdb');
  await writeFile(bin, '#!/bin/sh\n');
  await chmod(bin, 0o755);
  return { dir, bin };
}

describe('probe cache', () => {
  it('finds a command on PATH and keys it by path, size and time', async () => {
    const { dir, bin } = await fakeBinary();
    const id = await toolIdentity('gdb', `/nonexistent:${dir}`, 'linux');
    expect(id).toMatch(new RegExp(`^${bin.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\|10\\|\\d+$`));
    expect(await toolIdentity('gdb', '/nonexistent', 'linux')).toBeNull();
  });

  it('lets ExecGdbClient skip the version probe for a binary it already checked, and re-probe a changed one', async () => {
    const { dir, bin } = await fakeBinary();
    const cache = { cache: new FileProbeCache(path.join(dir, 'state', 'tool-probes.json')), pathEnv: dir, platform: 'linux' as const };
    const first = fakeGdb();
    const a = await ExecGdbClient.create({ runner: first, probeCache: cache });
    expect(first.calls).toHaveLength(2);
    const second = fakeGdb();
    const b = await ExecGdbClient.create({ runner: second, probeCache: cache });
    expect(second.calls).toHaveLength(0);
    expect(b.version).toEqual(a.version);
    await utimes(bin, new Date(), new Date(Date.now() + 60_000));
    const third = fakeGdb();
    await ExecGdbClient.create({ runner: third, probeCache: cache });
    expect(third.calls).toHaveLength(2);
  });

  it('does not cache a failed probe', async () => {
    const { dir } = await fakeBinary();
    const cache = { cache: new FileProbeCache(path.join(dir, 'probes.json')), pathEnv: dir, platform: 'linux' as const };
    await expect(ExecGdbClient.create({ runner: fakeGdb({ python: { stdout: 'Python scripting is not supported in this copy of GDB.' } }), probeCache: cache })).rejects.toThrow(/no Python support/);
    const again = fakeGdb({ python: { stdout: '' } });
    await expect(ExecGdbClient.create({ runner: again, probeCache: cache })).rejects.toThrow(/no Python support/);
    expect(again.calls).toHaveLength(2);
  });
});
