import { describe, expect, it } from 'vitest';
import { parseDebuggerText } from '../../../src/composition/parse-debugger-text.js';
import { CrashAutofixError } from '../../../src/base/errors.js';
import { buildReport } from '../../../src/triage/build-report.js';
import type { CrashReport } from '../../../src/domain/crash-report.js';

/**
 * Debugger texts a fuzz campaign found to hang the parsers (quadratic regexes
 * and loops), overflow the stack, or end in an internal error. Each must give
 * a report or one clear line, fast: the bound is generous, as a quadratic
 * parser takes minutes on these inputs, not seconds.
 */
const BOUND_MS = 10_000;
const MiB = 1024 * 1024;

async function analyse(name: 'cdb' | 'gdb', text: string): Promise<CrashReport> {
  const started = performance.now();
  try {
    const raw = parseDebuggerText(name, text);
    return await buildReport(raw, {
      repoFiles: null,
      readSource: async () => null,
      culpritIgnore: [],
      contextLines: 0,
      dump: { path: null, format: 'debugger-text', fingerprint: null, executable: null },
      now: new Date(0),
    });
  } finally {
    expect(performance.now() - started).toBeLessThan(BOUND_MS);
  }
}

const blanks = ' '.repeat(MiB);
const RECORD = 'ExceptionAddress: 00007ff66d771101 (AccessV!main+0x101)\n   ExceptionCode: c0000005 (Access violation)\n';
const HEADER = ' # Child-SP          RetAddr           Call Site\n';
const frameLine = (i: number, callSite: string): string => `${(i % 256).toString(16).padStart(2, '0')} 00000000\`0014f${(i % 4096).toString(16).padStart(3, '0')} 00007ff6\`6d77${(i % 65536).toString(16).padStart(4, '0')} ${callSite}`;

describe('cdb text that used to hang or crash the parser', () => {
  it.each([
    ['inside a line', `${RECORD}a${blanks}b\n`],
    ['in the event banner', `(1538.1144): Access violation${blanks}x - code c0000005 (first chance)\n${RECORD}`],
    ['before a Call Site header', `${RECORD}${blanks}#${blanks}Call Sitex\n`],
    ['before a source annotation', `${RECORD}${HEADER}${frameLine(0, `AccessV!main+0x1${blanks}[x @ 1`)}\n`],
    ['in a module list', `${RECORD}start             end                 module name\n00007ff6\`67f10000 00007ff6\`67f36000${blanks}x${blanks}y\n`],
  ])('reads a 1 MiB run of blanks %s', async (_where, text) => {
    const report = await analyse('cdb', text);
    expect(report.exception.code).toBe('c0000005');
  });

  it('maps 60,000 frames to addresses in one pass', async () => {
    const lines = Array.from({ length: 60_000 }, (_, i) => frameLine(i, `AccessV!f${i}+0x1`));
    const report = await analyse('cdb', `${RECORD}STACK_TEXT:\n${lines.join('\n')}\n`);
    expect(report.frames).toHaveLength(60_000);
    expect(report.frames[2]?.address).toBe('0x7ff66d770001');
  });

  it('gives 15,000 inline frames after a physical one their address without recursing', async () => {
    const inline = Array.from({ length: 15_000 }, (_, i) => `${((i + 1) % 256).toString(16).padStart(2, '0')} (Inline Function) --------\`-------- AccessV!inl${i}`);
    const text = `${RECORD}${HEADER}${frameLine(0, 'AccessV!leaf+0x1')}\n${inline.join('\n')}\n${frameLine(1, 'AccessV!main+0x2')}\n`;
    const report = await analyse('cdb', text);
    expect(report.frames).toHaveLength(15_002);
    // Every inline frame sits at the return address printed on the physical frame it was inlined into.
    expect(report.frames[15_000]?.address).toBe('0x7ff66d770000');
    expect(report.frames[15_001]?.address).toBe('0x7ff66d770000');
  });

  it('reads 40,000 listing headers in a row', async () => {
    const report = await analyse('cdb', `${RECORD}${HEADER.repeat(40_000)}${frameLine(0, 'AccessV!main+0x1')}\n`);
    expect(report.frames.map((f) => f.function)).toEqual(['main']);
  });

  it('joins a kP parameter list of 100,000 lines', async () => {
    const params = Array.from({ length: 100_000 }, (_, i) => `int p${i} = 0n1,`).join('\n');
    const report = await analyse('cdb', `${RECORD}${HEADER}${frameLine(0, 'AccessV!main(')}\n${params}\nint last = 0n2)\n`);
    expect(report.frames[0]?.function).toBe('main');
  });

  it('range-checks line numbers and process ids of 2^53 and above instead of failing inside', async () => {
    const text = [
      '(1fffffffffffff.1144): Access violation - code c0000005 (first chance)',
      RECORD,
      'FAILURE_BUCKET_ID:  NULL_CLASS_PTR_READ_c0000005_AccessV.exe!main',
      'FAULTING_SOURCE_LINE_NUMBER:  9007199254740993',
      'FAULTING_SOURCE_FILE:  c:\\src\\a.cpp',
      HEADER.trimEnd(),
      frameLine(0, 'AccessV!main+0x1 [c:\\src\\a.cpp @ 9007199254740993]'),
      frameLine(1, 'AccessV!caller+0x1 [c:\\src\\a.cpp @ 12]'),
      '',
    ].join('\n');
    const report = await analyse('cdb', text);
    expect(report.process.pid).toBeNull();
    expect(report.analysis?.faultingSource).toBeNull();
    expect(report.frames.map((f) => [f.file, f.line])).toEqual([
      ['c:\\src\\a.cpp', null],
      ['c:\\src\\a.cpp', 12],
    ]);
  });
});

describe('gdb text that used to hang the parser', () => {
  it.each([
    ['a run of blanks in a frame', `#0  0x0000000000401136 in f${blanks}g () at a.c:3\n`],
    ["many ' at ' in a frame", `#0  0x0000000000401136 in f ()${' at'.repeat(MiB / 3)}\n`],
    ['a run of blanks in the signal line', `Program terminated with signal SIGSEGV, Segmentation${blanks}fault.\n#0  0x0000000000401136 in f () at a.c:3\n`],
  ])('reads %s', async (_what, text) => {
    const report = await analyse('gdb', text);
    expect(report.frames).toHaveLength(1);
  });

  it('drops 30,000 banner frames against 30,000 threads in one pass', async () => {
    const threads = Array.from({ length: 30_000 }, (_, i) => `Thread ${i + 1} (LWP ${i + 100}):\n#0  0x${(0x401000 + i).toString(16)} in t${i} ()`);
    const banners = Array.from({ length: 30_000 }, (_, i) => `#0  0x${(0x401000 + i).toString(16)} in t${i} ()`);
    const report = await analyse('gdb', `${banners.join('\n')}\n${threads.join('\n')}\n`);
    expect(report.threads).toHaveLength(30_000);
  });

  it('range-checks line numbers of 2^53 and above', async () => {
    const report = await analyse('gdb', 'Program terminated with signal SIGSEGV, Segmentation fault.\n#0  0x0000000000401136 in f () at a.c:9007199254740993\n#1  0x0000000000401150 in main () at a.c:7\n');
    expect(report.frames.map((f) => [f.function, f.line])).toEqual([
      ['f', null],
      ['main', 7],
    ]);
  });

  it('says in one line when there is no backtrace', async () => {
    await expect(analyse('gdb', `${blanks}\n`)).rejects.toThrow(CrashAutofixError);
  });
});
