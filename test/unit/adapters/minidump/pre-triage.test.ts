import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memorySource, type ByteSource } from '../../../../src/adapters/minidump/byte-source.js';
import { preTriageMinidump, preTriageMinidumpSource } from '../../../../src/adapters/minidump/minidump-pre-triage.js';
import { buildUnwindPe, type UnwindPe } from '../../../fixtures/pe-unwind-fixture.js';
import { SYNTHETIC_MODULE, cpuContext, syntheticMinidump } from '../../../fixtures/synthetic-minidump.js';
import { stackBytes, walkMinidump, type WalkDump } from '../../../fixtures/walk-minidump.js';

const RSP = 4;
const RBP = 5;

let pe: UnwindPe;
let dir: string;
beforeAll(async () => {
  pe = await buildUnwindPe();
  dir = await mkdtemp(path.join(os.tmpdir(), 'pre-triage-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A Windows x64 crash in unwind.exe's `inner`, called from `middle`: the stack its prologue leaves, plus a decoy return address for a scan. */
function x64Crash(timeDateStamp = pe.timeDateStamp): WalkDump {
  const S = 0x7ff000000n;
  const frameBase = S + 0x40n;
  const bytes = stackBytes(S, 0x1200, [
    [S + 0x8n, pe.symbol('trampoline_ret')], // stale: a scan takes it, the unwind data skips it
    [frameBase + 0x1000n, 0xb0b0n],
    [frameBase + 0x1008n, 0xbebe0n],
    [frameBase + 0x1010n, pe.symbol('middle_ret')],
  ]);
  return {
    cpu: 'amd64',
    platform: 'windows',
    modules: [{ base: pe.imageBase, size: pe.sizeOfImage, path: 'C:\\game\\unwind.exe', timeDateStamp }],
    pc: pe.symbol('inner_body'),
    gpr: { [RSP]: S, [RBP]: frameBase + 0x80n },
    stack: { start: S, bytes },
  };
}

const offset = (address: bigint): number => Number(address - pe.imageBase);

describe('pre-triage of a minidump', () => {
  it('walks x64 frames by the unwind data of the module file given, and says it used it', async () => {
    const t = await preTriageMinidumpSource(walkMinidump(x64Crash()), 'x64.dmp', { moduleFile: (m) => (m.name === 'unwind.exe' ? pe.file : null) });
    expect(t).toMatchObject({ format: 'minidump', cpu: 'amd64', exception: { code: 'c0000005' }, crashingThreadId: String(0x1234), faultingModule: 'unwind', faultingOffset: offset(pe.symbol('inner_body')) });
    expect(t.frames.slice(0, 2)).toEqual([
      { address: `0x${pe.symbol('inner_body').toString(16)}`, module: 'unwind', offset: offset(pe.symbol('inner_body')), trust: 'context' },
      { address: `0x${pe.symbol('middle_ret').toString(16)}`, module: 'unwind', offset: offset(pe.symbol('middle_ret')), trust: 'cfi' },
    ]);
    expect(t.walk.notes).toEqual([expect.stringMatching(/^unwind\.exe: unwind data from .*unwind\.exe \(5 functions\)$/)]);
    expect(t.modules).toEqual([{ name: 'unwind', path: 'C:\\game\\unwind.exe', base: `0x${pe.imageBase.toString(16)}`, size: pe.sizeOfImage, buildId: `${pe.timeDateStamp.toString(16).toUpperCase().padStart(8, '0')}${pe.sizeOfImage.toString(16)}` }]);
  });

  it('scans instead when the module file is another build, and says why', async () => {
    const t = await preTriageMinidumpSource(walkMinidump(x64Crash(pe.timeDateStamp + 1)), 'x64.dmp', { moduleFile: () => pe.file });
    expect(t.walk.notes).toEqual([expect.stringMatching(/^unwind\.exe: unwind data not used: .*unwind\.exe is another build \(TimeDateStamp [0-9A-F]{8}, SizeOfImage 0x[0-9a-f]+; the dump's module has [0-9A-F]{8}, 0x[0-9a-f]+\)$/)]);
    expect(t.frames[1]).toMatchObject({ offset: offset(pe.symbol('trampoline_ret')), trust: 'scan' });
  });

  it('scans instead when the module file is not a PE, and says why', async () => {
    const text = path.join(dir, 'unwind.exe');
    await writeFile(text, 'not a program, just text that someone named unwind.exe\n'.repeat(4));
    const t = await preTriageMinidumpSource(walkMinidump(x64Crash()), 'x64.dmp', { moduleFile: () => text });
    expect(t.walk.notes).toEqual([`unwind.exe: unwind data not used: ${text} is not a PE file (no MZ header)`]);
    expect(t.frames[1]?.trust).toBe('scan');
  });

  it('follows an x86 frame-pointer chain and stops where it loops back', async () => {
    const S = 0x0012f000n;
    const app = { base: 0x400000n, size: 0x10000, path: 'C:\\game\\app.exe' };
    // ebp chain: A -> B -> A. The walk must not go round.
    const A = S + 0x20n;
    const B = S + 0x60n;
    const bytes = stackBytes(S, 0x100, [
      [A, B],
      [A + 4n, 0x401111n],
      [B, A],
      [B + 4n, 0x402222n],
    ], 4);
    const t = await preTriageMinidumpSource(walkMinidump({ cpu: 'x86', platform: 'windows', modules: [app], pc: 0x400500n, gpr: { [RSP]: S, [RBP]: A }, stack: { start: S, bytes } }), 'x86.dmp');
    expect(t.frames.map((f) => [f.address, f.trust])).toEqual([
      ['0x400500', 'context'],
      ['0x401111', 'frame-pointer'],
      ['0x402222', 'frame-pointer'],
    ]);
    expect(t.walk.end).toBe('end-of-stack');
  });

  it('stops at the frame limit on a stack of nothing but return addresses', async () => {
    const S = 0x7ff000000n;
    const words: [bigint, bigint][] = Array.from({ length: 4096 }, (_, i) => [S + BigInt(i * 8), 0x1000n + BigInt(i)]);
    const dump = walkMinidump({ cpu: 'amd64', platform: 'linux', modules: [{ base: 0x1000n, size: 0x10000, path: '/srv/app' }], pc: 0x1500n, gpr: { [RSP]: S, [RBP]: 0n }, stack: { start: S, bytes: stackBytes(S, 4096 * 8, words) } });
    const t = await preTriageMinidumpSource(dump, 'scan.dmp', { maxFrames: 50 });
    expect(t.frames).toHaveLength(50);
    expect(new Set(t.frames.slice(1).map((f) => f.trust))).toEqual(new Set(['scan']));
    expect(t.walk.end).toBe('frame-limit');
  });

  it('reads the stack from the memory list when the thread names none, and at most a bounded window of a huge one', async () => {
    const S = 0x7ff000000n;
    const huge = 16 * 1024 * 1024;
    const bytes = stackBytes(S, huge, [[S + 0x10n, 0x1234n]]);
    const dump = walkMinidump({ cpu: 'amd64', platform: 'linux', modules: [{ base: 0x1000n, size: 0x10000, path: '/srv/app' }], pc: 0x1500n, gpr: { [RSP]: S, [RBP]: 0n }, memory: [{ start: S, bytes }] });
    let read = 0;
    const inner = memorySource(dump);
    const counting: ByteSource = { size: inner.size, read: (o, l) => ((read += l), inner.read(o, l)) };
    const t = await preTriageMinidumpSource(counting, 'full.dmp');
    expect(t.frames.map((f) => [f.address, f.trust])).toEqual([
      ['0x1500', 'context'],
      ['0x1234', 'scan'],
    ]);
    expect(read).toBeLessThan(3 * 1024 * 1024);
  });

  it('gives the context frame alone when the dump holds no stack for the thread', async () => {
    const dump = walkMinidump({ cpu: 'amd64', platform: 'windows', modules: [{ base: 0x1000n, size: 0x10000, path: 'C:\\app.exe' }], pc: 0x1500n, gpr: { [RSP]: 0x5000n } });
    const t = await preTriageMinidumpSource(dump, 'nostack.dmp');
    expect(t.frames).toEqual([{ address: '0x1500', module: 'app', offset: 0x500, trust: 'context' }]);
    expect(t.walk.end).toBe('no-stack-memory');
  });

  it('gives the context frame alone for a CPU it cannot walk (ARM64)', async () => {
    const pc = SYNTHETIC_MODULE.base + 0x1000n;
    const context = cpuContext(912, [
      [0, 4, 0x00400002n],
      [264, 8, pc],
    ]);
    const t = await preTriageMinidumpSource(syntheticMinidump({ system: { arch: 12, platform: 2 }, code: 0xc0000005, address: pc, parameters: [0n, 0x10n], context }), 'arm64.dmp');
    expect(t).toMatchObject({ cpu: 'arm64', faultingModule: 'crashy', frames: [{ address: `0x${pc.toString(16)}`, module: 'crashy', trust: 'context' }], walk: { end: 'unsupported-cpu' } });
  });

  it('refuses in one line a stack that claims more bytes than the file holds', async () => {
    const S = 0x7ff000000n;
    const dump = walkMinidump({ cpu: 'amd64', platform: 'linux', modules: [], pc: 0x1500n, gpr: { [RSP]: S }, stack: { start: S, bytes: Buffer.alloc(64) }, stackSizeClaim: 0x7fffffff });
    await expect(preTriageMinidumpSource(dump, 'liar.dmp')).rejects.toThrow(/^liar\.dmp is truncated: the stack of thread 4660 at RVA 0x[0-9a-f]+ needs \d+ bytes but the file has \d+; copy the complete dump$/);
  });

  it('refuses in one line a memory range that runs past the end of the file', async () => {
    const S = 0x7ff000000n;
    const dump = Buffer.from(walkMinidump({ cpu: 'amd64', platform: 'linux', modules: [], pc: 0x1500n, gpr: { [RSP]: S }, memory: [{ start: S, bytes: Buffer.alloc(4096) }] }));
    // Grow the one range's size in MemoryListStream (type 5) beyond the file.
    const entry = [0, 1, 2, 3, 4].map((i) => 32 + i * 12).find((at) => dump.readUInt32LE(at) === 5) ?? 0;
    dump.writeUInt32LE(0x40000000, dump.readUInt32LE(entry + 8) + 4 + 8);
    await expect(preTriageMinidumpSource(dump, 'cut.dmp')).rejects.toThrow(/^cut\.dmp is truncated: the memory at 0x7ff000000 at RVA 0x[0-9a-f]+ needs \d+ bytes but the file has \d+; copy the complete dump$/);
  });

  it('names the file and the problem when the dump is not there', async () => {
    await expect(preTriageMinidump(path.join(dir, 'missing.dmp'))).rejects.toThrow(/missing\.dmp/);
  });
});
