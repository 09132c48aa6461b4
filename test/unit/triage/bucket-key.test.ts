import { describe, expect, it } from 'vitest';
import type { RawCrash, RawFrame } from '../../../src/domain/raw-crash.js';
import type { ModuleBuildId } from '../../../src/domain/dump-bucket.js';
import { bucketOf } from '../../../src/triage/bucket-key.js';
import { buildReport } from '../../../src/triage/build-report.js';

const MODULES = [
  { name: 'worldserver', path: 'C:\\srv\\worldserver.exe', base: '0x140000000', end: '0x141000000', version: null },
  { name: 'ntdll', path: 'C:\\Windows\\System32\\ntdll.dll', base: '0x7ff800000000', end: '0x7ff800200000', version: null },
  { name: 'ucrtbase', path: 'C:\\Windows\\System32\\ucrtbase.dll', base: '0x7ff700000000', end: '0x7ff700100000', version: null },
];
const PROGRAM: ModuleBuildId = { name: 'worldserver', id: '5A9832E52d000' };
const BUILDS: ModuleBuildId[] = [PROGRAM, { name: 'ntdll', id: 'NT1' }, { name: 'ucrtbase', id: 'UC1' }];

function frame(index: number, module: string, offset: number, named?: { function: string; file: string; line: number }): RawFrame {
  const base = BigInt(MODULES.find((m) => m.name === module)?.base ?? '0');
  return { index, address: `0x${(base + BigInt(offset)).toString(16)}`, module, function: named?.function ?? null, file: named?.file ?? null, line: named?.line ?? null, inline: false };
}

async function report(code: string, frames: RawFrame[]) {
  const raw: RawCrash = {
    debugger: { name: 'minidump', version: null },
    exception: { code, name: code, address: frames[0]?.address ?? null, description: null },
    crashingThreadId: '1',
    threads: [{ id: '1', name: null, frames }],
    modules: MODULES,
    process: { name: null, pid: null, commandLine: null },
    analysis: null,
  };
  return buildReport(raw, { repoFiles: ['src/world.cpp', 'src/map.cpp'], readSource: () => Promise.resolve(null), culpritIgnore: [], contextLines: 0, dump: { path: null, format: 'minidump', fingerprint: null, executable: null }, now: new Date(0) });
}

describe('bucketOf', () => {
  it('with symbols: the report signature, stable across builds, and different in-app bugs apart', async () => {
    const a = await report('c0000005', [frame(0, 'worldserver', 0x1000, { function: 'World::tick()', file: 'C:/build/src/world.cpp', line: 12 }), frame(1, 'worldserver', 0x2000, { function: 'main', file: 'C:/build/src/main.cpp', line: 3 })]);
    const b = await report('c0000005', [frame(0, 'worldserver', 0x1800, { function: 'Map::load()', file: 'C:/build/src/map.cpp', line: 40 }), frame(1, 'worldserver', 0x2000, { function: 'main', file: 'C:/build/src/main.cpp', line: 3 })]);
    const bucketA = bucketOf(a, BUILDS, PROGRAM);
    expect(bucketA).toMatchObject({ signature: a.signature, scope: 'stable', culprit: 'World::tick() (src/world.cpp:12)', program: 'worldserver', build: '5A9832E52d000' });
    expect(bucketOf(a, [{ name: 'worldserver', id: 'OTHER' }], { name: 'worldserver', id: 'OTHER' }).signature).toBe(bucketA.signature);
    expect(bucketOf(b, BUILDS, PROGRAM).signature).not.toBe(bucketA.signature);
  });

  it('without symbols: program offsets with the build, so a rebuild opens another bucket and the report says so', async () => {
    const r = await report('c0000005', [frame(0, 'ntdll', 0x500), frame(1, 'worldserver', 0x1234), frame(2, 'worldserver', 0x2000)]);
    const here = bucketOf(r, BUILDS, PROGRAM);
    expect(here.scope).toBe('build');
    expect(here.basis[0]).toBe('worldserver+0x1234@5A9832E52d000');
    const rebuilt = bucketOf(r, [{ name: 'worldserver', id: 'NEWBUILD' }], { name: 'worldserver', id: 'NEWBUILD' });
    expect(rebuilt.signature).not.toBe(here.signature);
    // Another in-app place, same build: another bucket.
    const other = bucketOf(await report('c0000005', [frame(0, 'ntdll', 0x500), frame(1, 'worldserver', 0x5678), frame(2, 'worldserver', 0x2000)]), BUILDS, PROGRAM);
    expect(other.signature).not.toBe(here.signature);
  });

  it('a crash wholly inside system modules is never bucketed by its exception kind alone', async () => {
    const abortA = await report('c0000409', [frame(0, 'ucrtbase', 0x100, { function: 'abort', file: 'minkernel/crts/abort.cpp', line: 77 }), frame(1, 'ntdll', 0x900)]);
    const abortB = await report('c0000409', [frame(0, 'ucrtbase', 0x100, { function: 'abort', file: 'minkernel/crts/abort.cpp', line: 77 }), frame(1, 'ntdll', 0x900)]);
    const a = bucketOf(abortA, BUILDS, PROGRAM);
    const b = bucketOf(abortB, [{ name: 'worldserver', id: 'ANOTHERPROGRAM' }, { name: 'ntdll', id: 'NT1' }, { name: 'ucrtbase', id: 'UC1' }], { name: 'worldserver', id: 'ANOTHERPROGRAM' });
    expect(a.scope).toBe('build');
    expect(a.basis).toEqual(['ucrtbase+0x100@UC1', 'ntdll+0x900@NT1', 'program@5A9832E52d000']);
    expect(b.signature).not.toBe(a.signature);
    expect(a.signature).toMatch(/^[a-z0-9-]+-[0-9a-f]{12}$/);
  });

  it('an address outside every module counts as unmapped, not as a module offset', async () => {
    const wild = await report('c0000005', [{ index: 0, address: '0x1234', module: null, function: null, file: null, line: null, inline: false }]);
    expect(bucketOf(wild, BUILDS, PROGRAM).basis).toEqual(['unmapped', 'program@5A9832E52d000']);
  });
});
