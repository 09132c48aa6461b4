import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { preTriageElfCore } from '../../../../src/adapters/elf/elf-pre-triage.js';
import { fakeExecutableImage } from '../../../fakes/gdb-fake-elf.js';
import { stackBytes } from '../../../fixtures/walk-minidump.js';
import { programImage, walkCore, type WalkCore } from '../../../fixtures/walk-core.js';

const RSP = 4;
const RBP = 5;
const APP = 0x555555554000n;
const LIBC = 0x7f0000000000n;
const S = 0x7ffe00000000n;
const BUILD_ID = '5536f86333057a031127e4ec79c2228eb3a9ca91';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'elf-pre-triage-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

let count = 0;
async function triage(core: Buffer, options: Parameters<typeof preTriageElfCore>[1] = {}): Promise<Awaited<ReturnType<typeof preTriageElfCore>>> {
  const file = path.join(dir, `core.${++count}`);
  await writeFile(file, core);
  return preTriageElfCore(file, options);
}

/** The program's file (mapped at APP from offset 0): its build id, function table and the given code. */
async function programFile(buildId: string, functions: number[], code: [offset: number, bytes: number[]][]): Promise<string> {
  const file = path.join(dir, `worldserver.${++count}`);
  await writeFile(file, programImage(buildId, functions, code));
  return file;
}

/** `call rel32` ending at `returnOffset`, to `target`. */
function callTo(returnOffset: number, target: number): [number, number[]] {
  const b = Buffer.alloc(5);
  b[0] = 0xe8;
  b.writeInt32LE(target - returnOffset, 1);
  return [returnOffset - 5, [...b]];
}

function crash(pc: bigint, gpr: Partial<Record<number, bigint>>, words: [bigint, bigint][], extra: Partial<WalkCore> = {}): Buffer {
  const page = Buffer.alloc(4096);
  fakeExecutableImage(BUILD_ID).copy(page);
  return walkCore({
    machine: 'x86-64',
    signal: 11,
    siCode: 1,
    faultAddress: 0n,
    tid: 4242,
    pc,
    gpr,
    files: [
      { path: '/srv/game/worldserver', start: APP, end: APP + 0x20000n, firstPage: page },
      { path: '/usr/lib/x86_64-linux-gnu/libc.so.6', start: LIBC, end: LIBC + 0x200000n },
    ],
    stack: { start: S, bytes: stackBytes(S, 0x1000, words) },
    ...extra,
  });
}

const walked = (t: { frames: { module: string | null; offset: number | null; trust: string }[] }) => t.frames.map((f) => `${f.trust} ${f.module}+0x${f.offset?.toString(16)}`);

describe('pre-triage of a Linux core', () => {
  it('reads the signal, the thread, the modules with their build ids, and walks the frame-pointer chain', async () => {
    const B1 = S + 0x40n;
    const B2 = S + 0x80n;
    const t = await triage(crash(APP + 0x1100n, { [RSP]: S, [RBP]: B1 }, [[B1, B2], [B1 + 8n, APP + 0x1200n], [B2, 0n], [B2 + 8n, APP + 0x1300n]]));
    expect(t).toMatchObject({
      format: 'elf-core',
      cpu: 'amd64',
      exception: { code: 'SIGSEGV', name: 'Segmentation fault', address: '0x0', description: 'SEGV_MAPERR: address not mapped to object at 0x0' },
      crashingThreadId: '4242',
      faultingModule: 'worldserver',
      faultingOffset: 0x1100,
    });
    expect(t.modules).toEqual([
      { name: 'worldserver', path: '/srv/game/worldserver', base: `0x${APP.toString(16)}`, size: 0x20000, buildId: BUILD_ID },
      { name: 'libc.so.6', path: '/usr/lib/x86_64-linux-gnu/libc.so.6', base: `0x${LIBC.toString(16)}`, size: 0x200000, buildId: null },
    ]);
    // The chain ends at a null frame pointer; the last return address is found by a scan.
    expect(walked(t)).toEqual(['context worldserver+0x1100', 'frame-pointer worldserver+0x1200', 'scan worldserver+0x1300']);
    expect(t.walk.end).toBe('end-of-stack');
  });

  it('does not lose the caller of a library function that keeps no frame pointer (strlen called from the program)', async () => {
    const B1 = S + 0x40n;
    const B2 = S + 0x80n;
    // rsp holds the return into the program; rbp is still the program's own frame, one further up.
    const t = await triage(crash(LIBC + 0x9ad8n, { [RSP]: S, [RBP]: B1 }, [[S, APP + 0x1400n], [B1, B2], [B1 + 8n, APP + 0x1500n], [B2, 0n]]));
    expect(walked(t).slice(0, 3)).toEqual(['context libc.so.6+0x9ad8', 'scan worldserver+0x1400', 'frame-pointer worldserver+0x1500']);
  });

  it('after an abort inside the C library, resumes the program’s frame-pointer chain from the frame pointer the library saved', async () => {
    const F = S + 0x80n; // the program's frame that called abort
    const G = S + 0xc0n;
    const t = await triage(
      crash(LIBC + 0x8aeecn, { [RSP]: S, [RBP]: 0x7f0000123456n }, [
        [S + 0x10n, LIBC + 0x26472n], // raise returns into abort
        [S + 0x20n, F], // abort pushed the program's rbp
        [S + 0x38n, APP + 0x1600n], // abort returns into the program
        [S + 0x50n, APP + 0x1999n], // stale, in the program's locals
        [F, G],
        [F + 8n, APP + 0x1700n],
        [G, S + 0x100n],
        [G + 8n, APP + 0x1800n],
      ]),
    );
    expect(walked(t)).toEqual([
      'context libc.so.6+0x8aeec',
      'scan libc.so.6+0x26472',
      'scan worldserver+0x1600',
      'frame-pointer worldserver+0x1700',
      'frame-pointer worldserver+0x1800',
    ]);
  });

  it('ends a frame-pointer chain that loops back on itself', async () => {
    const A = S + 0x40n;
    const B = S + 0x80n;
    const t = await triage(crash(APP + 0x1100n, { [RSP]: S, [RBP]: A }, [[A, B], [A + 8n, APP + 0x1200n], [B, A], [B + 8n, APP + 0x1300n]]));
    expect(walked(t)).toEqual(['context worldserver+0x1100', 'frame-pointer worldserver+0x1200', 'scan worldserver+0x1300']);
    expect(t.walk.end).toBe('end-of-stack');
  });

  it('walks an i386 core by its frame pointers', async () => {
    const stack = 0xbf000000n;
    const B1 = stack + 0x20n;
    const core = walkCore({
      machine: 'i386',
      signal: 6,
      siCode: -6,
      faultAddress: 0n,
      tid: 77,
      pc: 0x8049100n,
      gpr: { [RSP]: stack, [RBP]: B1 },
      files: [{ path: '/srv/app32', start: 0x8048000n, end: 0x8060000n }],
      stack: { start: stack, bytes: stackBytes(stack, 0x100, [[B1, B1 + 0x20n], [B1 + 4n, 0x8049200n], [B1 + 0x20n, B1 + 0x40n], [B1 + 0x24n, 0x8049300n]], 4) },
    });
    const t = await triage(core);
    expect(t).toMatchObject({ cpu: 'x86', exception: { code: 'SIGABRT', address: null, description: 'SI_TKILL: sent by tkill() from inside the process (abort, raise)' } });
    expect(walked(t).slice(0, 3)).toEqual(['context app32+0x1100', 'frame-pointer app32+0x1200', 'frame-pointer app32+0x1300']);
  });

  it('gives the context frame alone when the core holds no stack', async () => {
    const t = await triage(crash(APP + 0x1100n, { [RSP]: S, [RBP]: S }, [], { stack: undefined }));
    expect(walked(t)).toEqual(['context worldserver+0x1100']);
    expect(t.walk.end).toBe('no-stack-memory');
  });

  it('refuses in one line a core without a thread status note', async () => {
    await expect(triage(crash(APP, { [RSP]: S }, [], { noThread: true }))).rejects.toThrow(
      /^\S+core\.\d+ is a core dump without a thread status note \(NT_PRSTATUS\); it is damaged or was not written at a crash, copy the core again or pass another one$/,
    );
  });

  it('refuses in one line a truncated core and a program passed as the core', async () => {
    const whole = crash(APP + 0x1100n, { [RSP]: S, [RBP]: S }, []);
    await expect(triage(whole.subarray(0, whole.length - 100))).rejects.toThrow(/is a truncated core dump: its memory segments needs \d+ bytes but the file has \d+; copy the complete core/);
    await expect(triage(fakeExecutableImage(BUILD_ID))).rejects.toThrow(/is an executable or shared library, not a core dump; pass the core file as 'dump'/);
  });

  describe('with the program file at hand', () => {
    // The owner of rbp starts at 0x1100; its caller (at 0x1480) called it directly and returns to 0x1500.
    // On the stack below the owner's frame: a function pointer, a stale return address into another
    // function (0x1600 in the one at 0x1580, after a call to 0x1a00), and the owner's own call into the library (0x1150).
    const B = S + 0x60n;
    const words: [bigint, bigint][] = [
      [S + 0x8n, APP + 0x1800n],
      [S + 0x10n, APP + 0x1600n],
      [S + 0x28n, APP + 0x1150n],
      [B, S + 0xa0n],
      [B + 8n, APP + 0x1500n],
      [S + 0xa0n, 0n],
    ];
    const functions = [0x1000, 0x1100, 0x1480, 0x1580, 0x1800, 0x1a00];
    const code = [callTo(0x1500, 0x1100), callTo(0x1600, 0x1a00), [0x114e, [0xff, 0xd2]] as [number, number[]]];

    it('takes only words a call precedes, and the return into the function that owns rbp, by its function table', async () => {
      const file = await programFile(BUILD_ID, functions, code);
      const t = await triage(crash(LIBC + 0x8aeecn, { [RSP]: S, [RBP]: B }, words), { moduleFile: (m) => (m.name === 'worldserver' ? file : null) });
      expect(walked(t).slice(0, 3)).toEqual(['context libc.so.6+0x8aeec', 'scan worldserver+0x1150', 'frame-pointer worldserver+0x1500']);
    });

    it('without it, or with another build of it, takes the first word that points into code', async () => {
      const other = await programFile('00'.repeat(20), functions, code);
      for (const moduleFile of [() => null, () => other]) {
        const t = await triage(crash(LIBC + 0x8aeecn, { [RSP]: S, [RBP]: B }, words), { moduleFile });
        expect(walked(t)[1]).toBe('scan worldserver+0x1800');
      }
    });
  });
});
