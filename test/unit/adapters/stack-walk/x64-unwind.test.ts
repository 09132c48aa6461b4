import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CodeMap } from '../../../../src/adapters/stack-walk/code-map.js';
import { PeUnwindFile } from '../../../../src/adapters/stack-walk/pe-unwind-file.js';
import { StackMemory } from '../../../../src/adapters/stack-walk/stack-memory.js';
import { walkStack } from '../../../../src/adapters/stack-walk/walk-stack.js';
import { registers, type WalkEnv, type WalkedFrame } from '../../../../src/adapters/stack-walk/walk-types.js';
import { MINGW_OBJDUMP, buildUnwindPe, mustRun, type UnwindPe } from '../../../fixtures/pe-unwind-fixture.js';
import { stackBytes } from '../../../fixtures/walk-minidump.js';

// Registers by x86 encoding number.
const RBX = 3;
const RSP = 4;
const RBP = 5;
const RSI = 6;
const RDI = 7;
const R12 = 12;
const R13 = 13;

let fixture: UnwindPe;
let pe: PeUnwindFile;
let dir: string;
beforeAll(async () => {
  fixture = await buildUnwindPe();
  dir = await mkdtemp(path.join(os.tmpdir(), 'x64-unwind-'));
  const opened = await PeUnwindFile.open(fixture.file);
  if (typeof opened === 'string') throw new Error(opened);
  pe = opened;
});
afterAll(async () => {
  await pe.close();
  await rm(dir, { recursive: true, force: true });
});

/** A copy of unwind.exe with `damage` applied, opened; or the one line that says why it cannot be. */
async function damaged(name: string, damage: (image: Buffer, peHeader: number) => Buffer): Promise<PeUnwindFile | string> {
  const image = Buffer.from(readFileSync(fixture.file));
  const file = path.join(dir, name);
  await writeFile(file, damage(image, image.readUInt32LE(0x3c)));
  return PeUnwindFile.open(file);
}

const rvaOf = (symbol: string): number => Number(fixture.symbol(symbol) - fixture.imageBase);

function env(start: bigint, bytes: Buffer): WalkEnv {
  const module = { start: fixture.imageBase, end: fixture.imageBase + BigInt(fixture.sizeOfImage), index: 0 };
  return { memory: new StackMemory(start, bytes, 8), code: new CodeMap([module]), wordSize: 8, moduleBase: () => fixture.imageBase, unwind: { forModule: () => Promise.resolve(pe) } };
}

const context = (pc: bigint, gpr: Partial<Record<number, bigint>>): WalkedFrame => ({ regs: registers(pc, gpr), trust: 'context' });
const summary = (frames: WalkedFrame[]) => frames.map((f) => ({ pc: f.regs.pc, sp: f.regs.gpr[RSP], trust: f.trust }));

describe('x64 unwind data from a PE that mingw-w64 linked', () => {
  it('finds the same functions in .pdata as objdump', async () => {
    const text = await mustRun(MINGW_OBJDUMP, ['-x', fixture.file]);
    const rows = [...text.matchAll(/^\s*[0-9a-f]{16}:\s+([0-9a-f]{16}) ([0-9a-f]{16}) ([0-9a-f]{16})$/gm)];
    expect(rows.length).toBeGreaterThanOrEqual(5);
    expect(pe.functionCount).toBe(rows.length);
    for (const [, begin = '', end = '', unwind = ''] of rows) {
      const rva = (h: string): number => Number(BigInt(`0x${h}`) - fixture.imageBase);
      expect(pe.lookup(rva(begin))).toEqual({ begin: rva(begin), end: rva(end), unwindInfo: rva(unwind) });
      expect(pe.lookup(rva(end) - 1)?.begin).toBe(rva(begin));
    }
    expect(pe.lookup(Number(fixture.symbol('leaf') - fixture.imageBase))).toBeNull();
  });

  it('undoes pushes, both large allocations, the frame register, near and far saves, a machine frame and chained info', async () => {
    const S = 0x20000000n;
    const R0 = S + 0x100n; // the context's rsp, 0x40 below inner's frame base (an alloca)
    const FB = R0 + 0x40n;
    const M0 = FB + 0x1018n;
    const T0 = M0 + 0x110020n;
    const O0 = T0 + 0x28n + 0x30n + 0x40n;
    const saved = { rsi: 0x5151n, rbx: 0xb0b0n, rbp: 0xbebe0n, r13: 0x1313n, rdi: 0xd1d1n, r12: 0x1212n, rbx2: 0xb2b2n };
    const bytes = stackBytes(S, Number(O0 + 0x28n - S), [
      [FB + 0x20n, saved.rsi],
      [FB + 0x1000n, saved.rbx],
      [FB + 0x1008n, saved.rbp],
      [FB + 0x1010n, fixture.symbol('middle_ret')],
      [M0 + 0x80000n, saved.r13],
      [M0 + 0x110008n, saved.rdi],
      [M0 + 0x110010n, saved.r12],
      [M0 + 0x110018n, fixture.symbol('trampoline_ret')],
      // The machine frame after its error code: rip, cs, eflags, rsp, ss.
      [T0 + 0x28n + 0x8n, fixture.symbol('outer_cold_resume')],
      [T0 + 0x28n + 0x20n, O0],
      [O0 + 0x18n, saved.rbx2],
      [O0 + 0x20n, fixture.symbol('outer_ret')],
    ]);
    const start = context(fixture.symbol('inner_body'), { [RSP]: R0, [RBP]: FB + 0x80n, [RBX]: 1n, [RSI]: 2n });
    const walk = await walkStack(start, env(S, bytes), 'amd64-windows');
    expect(summary(walk.frames)).toEqual([
      { pc: fixture.symbol('inner_body'), sp: R0, trust: 'context' },
      { pc: fixture.symbol('middle_ret'), sp: M0, trust: 'cfi' },
      { pc: fixture.symbol('trampoline_ret'), sp: T0, trust: 'cfi' },
      { pc: fixture.symbol('outer_cold_resume'), sp: O0, trust: 'cfi' },
      { pc: fixture.symbol('outer_ret'), sp: O0 + 0x28n, trust: 'cfi' },
    ]);
    const [, middle, trampoline, , outer] = walk.frames;
    expect(middle?.regs.gpr).toMatchObject({ [RBX]: saved.rbx, [RBP]: saved.rbp, [RSI]: saved.rsi });
    expect(trampoline?.regs.gpr).toMatchObject({ [RBX]: saved.rbx, [RDI]: saved.rdi, [R12]: saved.r12, [R13]: saved.r13 });
    expect(outer?.regs.gpr[RBX]).toBe(saved.rbx2);
    // Nothing above the last frame: the walk ends there instead of guessing.
    expect(walk.end).toBe('end-of-stack');
  });

  it('undoes only the pushes that ran when the context stopped inside the prologue', async () => {
    const S = 0x30000000n;
    const bytes = stackBytes(S, 0x100, [
      [S, 0xb0b0n],
      [S + 8n, 0xbebe0n],
      [S + 16n, fixture.symbol('middle_ret')],
    ]);
    const walk = await walkStack(context(fixture.symbol('inner_after_pushes'), { [RSP]: S, [RBP]: 0n }), env(S, bytes), 'amd64-windows', 2);
    expect(summary(walk.frames)[1]).toEqual({ pc: fixture.symbol('middle_ret'), sp: S + 24n, trust: 'cfi' });
    expect(walk.frames[1]?.regs.gpr).toMatchObject({ [RBX]: 0xb0b0n, [RBP]: 0xbebe0n });
  });

  it('runs the rest of the epilogue forward when the context stopped inside it', async () => {
    const S = 0x40000000n;
    const bytes = stackBytes(S, 0x100, [
      [S, 0xb0b0n],
      [S + 8n, 0xbebe0n],
      [S + 16n, fixture.symbol('middle_ret')],
    ]);
    // After `lea rsp, [rbp + 0xf80]` the frame register is dead: rbp 0 would mislead the prologue's codes.
    const walk = await walkStack(context(fixture.symbol('inner_epilogue_pops'), { [RSP]: S, [RBP]: 0n }), env(S, bytes), 'amd64-windows', 2);
    expect(summary(walk.frames)[1]).toEqual({ pc: fixture.symbol('middle_ret'), sp: S + 24n, trust: 'cfi' });
    expect(walk.frames[1]?.regs.gpr).toMatchObject({ [RBX]: 0xb0b0n, [RBP]: 0xbebe0n });
  });

  it('takes the return address at rsp for a leaf function, which has no unwind data', async () => {
    const S = 0x50000000n;
    const bytes = stackBytes(S, 0x40, [[S, fixture.symbol('middle_ret')]]);
    const walk = await walkStack(context(fixture.symbol('leaf'), { [RSP]: S }), env(S, bytes), 'amd64-windows', 2);
    expect(summary(walk.frames)[1]).toEqual({ pc: fixture.symbol('middle_ret'), sp: S + 8n, trust: 'cfi' });
  });

  it('falls back to a scan when the stack the unwind data points at is not in the dump', async () => {
    const S = 0x60000000n;
    // inner's saved registers lie 0x1000 above rsp, past these 0x100 bytes; a return address sits in them.
    const bytes = stackBytes(S, 0x100, [[S + 0x48n, fixture.symbol('trampoline_ret')]]);
    const walk = await walkStack(context(fixture.symbol('inner_body'), { [RSP]: S, [RBP]: S + 0x80n }), env(S, bytes), 'amd64-windows', 2);
    expect(summary(walk.frames)[1]).toEqual({ pc: fixture.symbol('trampoline_ret'), sp: S + 0x50n, trust: 'scan' });
  });

  it('says in a few words why a damaged PE cannot be used', async () => {
    const pdata = (image: Buffer, pe: number): number => pe + 24 + 112 + 24;
    const cases: [string, (image: Buffer, pe: number) => Buffer, RegExp][] = [
      ['sections.exe', (b, pe) => (b.writeUInt16LE(200, pe + 6), b), /sections\.exe has a damaged section table \(200 sections\)$/],
      ['huge.exe', (b, pe) => (b.writeUInt32LE(0x7fffffff, pdata(b, pe) + 4), b), /huge\.exe claims a 2147483647-byte \.pdata, more than any real image has$/],
      ['cut.exe', (b, pe) => b.subarray(0, fixture.fileOffset(b.readUInt32LE(pdata(b, pe))) + 6), /cut\.exe has its \.pdata outside the file; it is truncated$/],
      ['i386.exe', (b, pe) => (b.writeUInt16LE(0x14c, pe + 4), b), /i386\.exe is not an x64 image \(machine 0x14c\)$/],
    ];
    for (const [name, damage, reason] of cases) {
      const opened = await damaged(name, damage);
      if (typeof opened !== 'string') await opened.close();
      expect(opened).toEqual(expect.stringMatching(reason));
    }
  });

  it('falls back to a scan on unwind data whose codes run past its end or whose chain loops', async () => {
    const innerInfo = fixture.fileOffset(pe.lookup(rvaOf('inner'))?.unwindInfo ?? 0);
    const coldInfo = pe.lookup(rvaOf('outer_cold'))?.unwindInfo ?? 0;
    const broken = await damaged('broken.exe', (b) => {
      b[innerInfo + 2] = 0xff; // 255 codes: more than .xdata holds
      b.writeUInt32LE(coldInfo, fixture.fileOffset(coldInfo) + 4 + 8); // the chained entry names itself
      return b;
    });
    if (typeof broken === 'string') throw new Error(broken);
    try {
      const S = 0x70000000n;
      const bytes = stackBytes(S, 0x100, [[S + 0x18n, fixture.symbol('trampoline_ret')]]);
      const tables = { forModule: () => Promise.resolve(broken) };
      for (const pc of [fixture.symbol('inner_body'), fixture.symbol('outer_cold_resume')]) {
        const walk = await walkStack(context(pc, { [RSP]: S, [RBP]: S + 0x80n }), { ...env(S, bytes), unwind: tables }, 'amd64-windows', 2);
        expect(summary(walk.frames)[1]).toEqual({ pc: fixture.symbol('trampoline_ret'), sp: S + 0x20n, trust: 'scan' });
      }
    } finally {
      await broken.close();
    }
  });
});
