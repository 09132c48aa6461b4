import { describe, expect, it } from 'vitest';
import { directCallTarget, precededByCall } from '../../../../src/adapters/stack-walk/call-site.js';
import { CodeMap } from '../../../../src/adapters/stack-walk/code-map.js';
import { framePointerCaller } from '../../../../src/adapters/stack-walk/frame-pointer.js';
import { MAX_STACK_WINDOW, StackMemory, stackWindow } from '../../../../src/adapters/stack-walk/stack-memory.js';
import { scanForCaller } from '../../../../src/adapters/stack-walk/stack-scan.js';
import { walkStack } from '../../../../src/adapters/stack-walk/walk-stack.js';
import { registers, type WalkEnv } from '../../../../src/adapters/stack-walk/walk-types.js';
import { stackBytes } from '../../../fixtures/walk-minidump.js';

const SP = 4;
const BP = 5;
const MAX64 = 0xffffffffffffffffn;

function env(memory: StackMemory, code = new CodeMap([{ start: 0x1000n, end: 0x9000n, index: 0 }])): WalkEnv {
  return { memory, code, wordSize: memory.wordSize, moduleBase: () => 0x1000n, unwind: null };
}

describe('stack memory', () => {
  it('reads words inside its window only, also at the very top of the address space', () => {
    const m = new StackMemory(0x1000n, stackBytes(0x1000n, 16, [[0x1008n, 0xabcn]]), 8);
    expect(m.word(0x1008n)).toBe(0xabcn);
    expect([m.word(0x1009n), m.word(0xff8n), m.word(0x1010n)]).toEqual([null, null, null]);
    const top = new StackMemory(MAX64 - 15n, Buffer.alloc(16), 8);
    expect(top.word(MAX64 - 7n)).toBe(0n);
    expect(top.word(MAX64 - 6n)).toBeNull();
  });

  it('keeps a bounded window around sp of a range of any size', () => {
    const GiB = 1n << 30n;
    expect(stackWindow(0n, 4n * GiB, 2n * GiB)).toEqual({ start: 2n * GiB - 65536n, end: 2n * GiB - 65536n + BigInt(MAX_STACK_WINDOW) });
    // sp outside the range: the window sits at the nearer end.
    expect(stackWindow(0x1000n, 0x3000n, 0x10n)).toEqual({ start: 0x1000n, end: 0x3000n });
    expect(stackWindow(0x1000n, 4n * GiB, MAX64)).toEqual({ start: 4n * GiB - 65536n, end: 4n * GiB });
  });
});

describe('code map', () => {
  it('finds modules by halves, ignores empty ones, and searches a damaged list with overlaps in its own order', () => {
    const map = new CodeMap([
      { start: 0x5000n, end: 0x6000n, index: 1 },
      { start: 0x1000n, end: 0x2000n, index: 0 },
      { start: 0x3000n, end: 0x3000n, index: 2 },
    ]);
    expect([map.moduleAt(0x1000n), map.moduleAt(0x1fffn), map.moduleAt(0x2000n), map.moduleAt(0x5800n), map.moduleAt(0x3000n)]).toEqual([0, 0, null, 1, null]);
    const damaged = new CodeMap([
      { start: 0x1000n, end: 0x8000n, index: 0 },
      { start: 0x2000n, end: 0x3000n, index: 1 },
    ]);
    expect(damaged.moduleAt(0x2800n)).toBe(0);
    expect(damaged.isCode(0x7fffn)).toBe(true);
  });
});

describe('frame pointer and scan steps', () => {
  it('never reads past the top of the address space for a frame pointer near it', () => {
    const m = new StackMemory(MAX64 - 31n, Buffer.alloc(32, 0xff), 8);
    const callee = { regs: registers(0x1500n, { [SP]: MAX64 - 31n, [BP]: MAX64 - 8n }), trust: 'context' as const };
    expect(framePointerCaller(callee, env(m), true)).toBeNull();
    expect(framePointerCaller(callee, env(m), false)).toBeNull();
  });

  it('rejects, when strict, a chain whose caller bp lies below its sp or outside the stack', () => {
    const S = 0x10000n;
    const below = new StackMemory(S, stackBytes(S, 0x100, [[S + 0x20n, S], [S + 0x28n, 0x1500n]]), 8);
    const callee = { regs: registers(0x1400n, { [SP]: S, [BP]: S + 0x20n }), trust: 'context' as const };
    expect(framePointerCaller(callee, env(below), true)).toBeNull();
    expect(framePointerCaller(callee, env(below), false)?.regs.pc).toBe(0x1500n);
    const outside = new StackMemory(S, stackBytes(S, 0x100, [[S + 0x20n, 0x900000n], [S + 0x28n, 0x1500n]]), 8);
    expect(framePointerCaller(callee, env(outside), true)).toBeNull();
  });

  it('scans at most the words it is given and stops at the end of the stack bytes', () => {
    const S = 0x10000n;
    const m = new StackMemory(S, stackBytes(S, 0x200, [[S + 0x100n, 0x1500n]]), 8);
    const callee = { regs: registers(0x1400n, { [SP]: S }), trust: 'scan' as const };
    expect(scanForCaller(callee, env(m), { words: 32, bp: 'amd64' })).toBeNull();
    expect(scanForCaller(callee, env(m), { words: 33, bp: 'amd64' })?.regs.gpr[SP]).toBe(S + 0x108n);
    expect(scanForCaller({ ...callee, regs: registers(0x1400n, { [SP]: S + 0x108n }) }, env(m), { words: 1000, bp: 'amd64' })).toBeNull();
  });

  it('ends the walk when a step does not climb the stack', async () => {
    const S = 0x10000n;
    // bp points at itself: the chain would return the same frame forever.
    const m = new StackMemory(S, stackBytes(S, 0x40, [[S + 0x10n, S + 0x10n - 16n], [S + 0x18n, 0x1500n]]), 8);
    const walk = await walkStack({ regs: registers(0x1400n, { [SP]: S + 0x20n, [BP]: S + 0x10n }), trust: 'context' }, env(m), 'x86');
    expect(walk).toMatchObject({ end: 'end-of-stack' });
    expect(walk.frames).toHaveLength(1);
  });
});

describe('call sites', () => {
  // Each: the bytes of one instruction, preceded by unrelated bytes, ending at the return address.
  const calls: [string, number[]][] = [
    ['call rel32', [0xe8, 0x10, 0x00, 0x00, 0x00]],
    ['call rax', [0xff, 0xd0]],
    ['call r11', [0x41, 0xff, 0xd3]],
    ['call [rip + disp32]', [0xff, 0x15, 0x00, 0x10, 0x00, 0x00]],
    ['call [rax + 8]', [0xff, 0x50, 0x08]],
    ['call [rax + disp32]', [0xff, 0x90, 0x00, 0x01, 0x00, 0x00]],
    ['call [rsp]', [0xff, 0x14, 0x24]],
    ['call [rsp + 8]', [0xff, 0x54, 0x24, 0x08]],
    ['call [rsp + disp32]', [0xff, 0x94, 0x24, 0x00, 0x01, 0x00, 0x00]],
    ['call [rax]', [0xff, 0x10]],
  ];
  const others: [string, number[]][] = [
    ['mov rax, [rbp - 8]', [0x48, 0x8b, 0x45, 0xf8]],
    ['jmp rax', [0xff, 0xe0]],
    ['ret; nop', [0xc3, 0x90]],
    ['push rbp; mov rbp, rsp', [0x55, 0x48, 0x89, 0xe5]],
  ];

  it.each(calls)('finds %s before a return address', (_, bytes) => {
    expect(precededByCall(Uint8Array.from([0x90, 0x90, 0x90, 0x90, 0x90, 0x90, 0x90, 0x90, ...bytes]).slice(-8))).toBe(true);
  });

  it.each(others)('finds no call before %s', (_, bytes) => {
    expect(precededByCall(Uint8Array.from([0x90, 0x90, 0x90, 0x90, 0x90, 0x90, 0x90, 0x90, ...bytes]).slice(-8))).toBe(false);
  });

  it('decodes the target of a direct call, backwards and forwards', () => {
    expect(directCallTarget(0x1500n, Uint8Array.from([0x90, 0x90, 0x90, 0xe8, 0x00, 0xfc, 0xff, 0xff]))).toBe(0x1100n);
    expect(directCallTarget(0x1500n, Uint8Array.from([0x90, 0x90, 0x90, 0xe8, 0x00, 0x04, 0x00, 0x00]))).toBe(0x1900n);
    expect(directCallTarget(0x1500n, Uint8Array.from([0x90, 0x90, 0x90, 0x90, 0x90, 0x90, 0xff, 0xd0]))).toBeNull();
  });
});
