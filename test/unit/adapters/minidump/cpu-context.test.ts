import { describe, expect, it } from 'vitest';
import { crashingThread } from '../../../../src/domain/raw-crash.js';
import { parseMinidump } from '../../../../src/adapters/minidump/read-minidump.js';
import { minidumpToRawCrash } from '../../../../src/adapters/minidump/minidump-to-raw-crash.js';
import { SYNTHETIC_MODULE, cpuContext, syntheticMinidump } from '../../../fixtures/synthetic-minidump.js';

const inModule = SYNTHETIC_MODULE.base + 0x1234n;

describe('instruction pointers of each CPU context', () => {
  it('reads Pc of a Windows ARM64 CONTEXT', async () => {
    const ctx = cpuContext(912, [[0, 4, 0x400003n], [264, 8, inModule]]);
    const md = await parseMinidump(syntheticMinidump({ system: { arch: 12, platform: 2 }, code: 0xc0000005, address: inModule, parameters: [1n, 0x10n], context: ctx }), 'arm64.dmp');
    expect(md.systemInfo?.cpu).toBe('arm64');
    expect(md.crash).toMatchObject({ address: 0x10n, instructionPointer: inModule, moduleOffset: 0x1234n, threadIndex: 0 });
    expect(md.crash?.module?.name).toBe('crashy.exe');
    expect(md.threads[0]?.instructionPointer).toBe(inModule);
  });

  it("reads Pc of Breakpad's old ARM64 layout (64-bit flags)", async () => {
    const ctx = cpuContext(800, [[0, 8, 0x80000002n], [264, 8, inModule]]);
    const md = await parseMinidump(syntheticMinidump({ system: { arch: 0x8003, platform: 0x8201 }, code: 11, address: 0x45n, context: ctx }), 'arm64-old.dmp');
    expect(md.crash).toMatchObject({ address: 0x45n, instructionPointer: inModule, moduleOffset: 0x1234n });
  });

  it('reads r15 of an ARM context and keeps 32 bits of the crash address', async () => {
    const ctx = cpuContext(368, [[0, 4, 0x40000002n], [64, 4, 0x1000n]]);
    const md = await parseMinidump(syntheticMinidump({ system: { arch: 5, platform: 0x8203 }, code: 11, address: 0xffffffff00000045n, context: ctx }), 'arm.dmp');
    expect(md.systemInfo).toMatchObject({ cpu: 'arm', platform: 'android' });
    expect(md.crash).toMatchObject({ address: 0x45n, instructionPointer: 0x1000n, module: null, moduleOffset: null });
    expect(minidumpToRawCrash(md).exception).toMatchObject({ code: 'SIGSEGV', address: '0x45' });
  });

  it('reads Eip of an x86 context in a dump whose system info says AMD64 (WoW64)', async () => {
    const ctx = cpuContext(716, [[0, 4, 0x1003fn], [184, 4, 0x401234n]]);
    const md = await parseMinidump(syntheticMinidump({ system: { arch: 9, platform: 2 }, code: 0xc0000094, address: 0x401234n, context: ctx }), 'wow64.dmp');
    expect(md.exception?.instructionPointer).toBe(0x401234n);
  });

  it('reads Rip from the flags alone when the dump has no system info', async () => {
    const ctx = cpuContext(1232, [[48, 4, 0x10001fn], [248, 8, inModule]]);
    const md = await parseMinidump(syntheticMinidump({ code: 0xc0000005, address: inModule, parameters: [0n, 0n], context: ctx }), 'nosys.dmp');
    expect(md.systemInfo).toBeNull();
    expect(md.crash).toMatchObject({ address: 0n, instructionPointer: inModule, moduleOffset: 0x1234n });
    const raw = minidumpToRawCrash(md);
    expect(raw.exception).toEqual({ code: 'c0000005', name: 'EXCEPTION_ACCESS_VIOLATION', address: '0x0', description: 'Attempt to read from address 0x0' });
    expect(crashingThread(raw)?.frames[0]).toMatchObject({ module: 'crashy', address: `0x${inModule.toString(16)}` });
  });

  it('gives no instruction pointer for a CPU whose context it does not know', async () => {
    const ctx = cpuContext(656, [[0, 4, 0x00040002n]]);
    const md = await parseMinidump(syntheticMinidump({ system: { arch: 1, platform: 0x8201 }, code: 6, address: 0x400100n, context: ctx }), 'mips.dmp');
    expect(md.systemInfo?.cpu).toBe('mips');
    expect(md.crash).toMatchObject({ address: 0x400100n, instructionPointer: null, module: null });
    const raw = minidumpToRawCrash(md);
    expect(raw.exception).toMatchObject({ code: 'SIGABRT', name: 'Aborted', address: null });
    expect(crashingThread(raw)?.frames).toEqual([]);
  });
});
