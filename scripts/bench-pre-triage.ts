/**
 * Native pre-triage speed: stack walks per second over the shared minidumps
 * and over real cores of the mini-server fixture. A figure, no target: the
 * share-scan bench (1,000 dumps pre-bucketed in under 30 s) builds on it.
 */
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { preTriageElfCore } from '../src/adapters/elf/elf-pre-triage.js';
import { preTriageMinidump } from '../src/adapters/minidump/minidump-pre-triage.js';
import { buildFixture, produceCore, type CrashMode } from '../test/fixtures/crash-fixture.js';

async function rate(files: string[], rounds: number, walk: (file: string) => Promise<unknown>): Promise<{ walks: number; perSecond: number }> {
  const t0 = performance.now();
  for (let i = 0; i < rounds; i++) for (const f of files) await walk(f);
  const walks = files.length * rounds;
  return { walks, perSecond: walks / ((performance.now() - t0) / 1000) };
}

export async function benchPreTriage(work: string): Promise<string[]> {
  const lines = ['| Dumps | Walks | Walks/s | 1,000 dumps |', '| --- | ---: | ---: | ---: |'];
  const row = (what: string, r: { walks: number; perSecond: number }): string => `| ${what} | ${r.walks} | ${r.perSecond.toFixed(0)} | ${(1000 / r.perSecond).toFixed(1)} s |`;
  const corpus = path.resolve('..', 'shared', 'corpus', 'minidump');
  if (existsSync(corpus)) {
    // Every corpus dump written at a crash (one was written from a live process).
    const dumps = readdirSync(corpus).filter((f) => f.endsWith('.dmp')).map((f) => path.join(corpus, f));
    const crashed: string[] = [];
    for (const d of dumps) if (await preTriageMinidump(d).then(() => true, () => false)) crashed.push(d);
    lines.push(row(`shared minidumps (${crashed.length})`, await rate(crashed, 20, preTriageMinidump)));
  }
  const fixture = await buildFixture();
  const modes: CrashMode[] = ['null-write', 'libc', 'assert', 'uncaught-exception', 'stack-overflow'];
  const cores: string[] = [];
  for (const mode of modes) cores.push(await produceCore(fixture.executable, mode, { workDir: work }));
  lines.push(row(`mini-server cores (${modes.join(', ')})`, await rate(cores, 10, preTriageElfCore)));
  return lines;
}
