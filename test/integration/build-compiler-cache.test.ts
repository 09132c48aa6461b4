import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExecCmakeClient } from '../../src/toolchain/cmake-client.js';
import { pathLookup } from '../../src/toolchain/path-lookup.js';
import { NodeProcessRunner } from '../../src/adapters/exec/process-runner.js';
import { MINI_SERVER_DIR } from '../fixtures/crash-fixture.js';

const runner = new NodeProcessRunner(process.env);
const TIMEOUT = 5 * 60_000;
// Only a guard for machines without ccache; .ci/run installs it, so CI always runs this.
const ccachePath = await pathLookup(process.env.PATH)('ccache');

interface CacheStats {
  hits: number;
  misses: number;
}

// `--print-stats` (ccache 4.x) prints one `counter<TAB>value` per line, unlike the human `-s` summary.
async function cacheStats(ccache: string, cacheDir: string): Promise<CacheStats> {
  const run = await runner.run(ccache, ['--print-stats'], { env: { CCACHE_DIR: cacheDir }, timeoutMs: 30_000 });
  expect(run.exitCode, run.stderr).toBe(0);
  const counters = new Map(run.stdout.split('\n').map((line) => line.split('\t')).map(([k, v]) => [k ?? '', Number(v)]));
  const count = (key: string): number => counters.get(key) ?? 0;
  return { hits: count('direct_cache_hit') + count('preprocessed_cache_hit'), misses: count('cache_miss') };
}

describe.skipIf(ccachePath === null)('cmake with ccache found on PATH', () => {
  let root: string;
  let sourceDir: string;
  let buildDir: string;
  let cacheDir: string;
  let cmake: ExecCmakeClient;
  let launcher: string | null;
  const savedCacheDir = process.env.CCACHE_DIR;
  const ccache = (): string => ccachePath ?? 'ccache';

  beforeAll(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'caf-ccache-'));
    sourceDir = path.join(root, 'src');
    buildDir = path.join(root, 'build');
    cacheDir = path.join(root, 'ccache');
    await cp(MINI_SERVER_DIR, sourceDir, { recursive: true, filter: (from) => path.basename(from) !== 'build' });
    // The cmake adapter passes no env of its own; its runner inherits process.env, which is how the
    // compilers ccache wraps see a private cache instead of the user's (this file runs in its own fork).
    process.env.CCACHE_DIR = cacheDir;
    cmake = await ExecCmakeClient.create({ runner, which: pathLookup(process.env.PATH) });
  });
  afterAll(async () => {
    if (savedCacheDir === undefined) delete process.env.CCACHE_DIR;
    else process.env.CCACHE_DIR = savedCacheDir;
    await rm(root, { recursive: true, force: true });
  });

  it('picks ccache by itself and records it as the compiler launcher', async () => {
    const configured = await cmake.configure({ sourceDir, buildDir, generator: 'Unix Makefiles', buildType: 'Debug', timeoutMs: TIMEOUT });
    expect(configured).toMatchObject({ ok: true, exitCode: 0 });
    launcher = configured.launcher;
    expect(launcher).toBe(ccache());
    expect(launcher?.endsWith('ccache')).toBe(true);
    const cache = await readFile(path.join(buildDir, 'CMakeCache.txt'), 'utf8');
    expect(cache).toMatch(new RegExp(`^CMAKE_CXX_COMPILER_LAUNCHER:[A-Z]+=${escape(ccache())}$`, 'm'));
  });

  it('serves a clean rebuild from the cache', async () => {
    expect(launcher).not.toBeNull();
    // Counted from here, so compiles CMake may make while configuring do not blur the numbers.
    const before = await cacheStats(ccache(), cacheDir);
    expect((await cmake.build({ buildDir, parallel: 2, timeoutMs: TIMEOUT })).ok).toBe(true);
    const cold = await cacheStats(ccache(), cacheDir);
    expect(cold.hits - before.hits).toBe(0);
    const compiles = cold.misses - before.misses;
    expect(compiles).toBeGreaterThan(0);

    expect((await cmake.build({ buildDir, target: 'clean', timeoutMs: TIMEOUT })).ok).toBe(true);
    expect((await cmake.build({ buildDir, parallel: 2, timeoutMs: TIMEOUT })).ok).toBe(true);
    const warm = await cacheStats(ccache(), cacheDir);
    // Every object compiled cold comes back from the cache, none is compiled again.
    expect(warm.hits - cold.hits).toBe(compiles);
    expect(warm.misses).toBe(cold.misses);
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
