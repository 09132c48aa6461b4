import { describe, expect, it } from 'vitest';
import { crashingThread } from '../../../../src/debuggers/raw-crash.js';
import { parseMinidump } from '../../../../src/dump/minidump/read-minidump.js';
import { minidumpToRawCrash } from '../../../../src/dump/minidump/to-raw-crash.js';

/** A context record of `size` bytes with 32- or 64-bit values written at their offsets. */
function context(size: number, fields: [offset: number, width: 4 | 8, value: bigint][]): Buffer {
  const b = Buffer.alloc(size);
  for (const [offset, width, value] of fields) {
    if (width === 4) b.writeUInt32LE(Number(value), offset);
    else b.writeBigUInt64LE(value, offset);
  }
  return b;
}

interface Synthetic {
  /** ProcessorArchitecture and PlatformId; no SystemInfo stream when absent. */
  system?: { arch: number; platform: number };
  code: number;
  address: bigint;
  parameters?: bigint[];
  context: Buffer;
}

const MODULE = { base: 0x7ff600000000n, size: 0x20000, path: 'C:\\app\\crashy.exe' };
const THREAD_ID = 7;

/** A minimal minidump: SystemInfo, ThreadList, ModuleList and Exception streams, one thread and one module. */
function build(s: Synthetic): Uint8Array {
  const streams: [number, Buffer][] = [];
  const chunks: Buffer[] = [];
  const directoryEntries = s.system ? 4 : 3;
  let end = 32 + directoryEntries * 12;
  const append = (b: Buffer): number => {
    const rva = end;
    chunks.push(b);
    end += b.length;
    return rva;
  };
  const contextRva = append(s.context);
  const name = Buffer.from(MODULE.path, 'utf16le');
  const nameRva = append(Buffer.concat([Buffer.from(Uint32Array.of(name.length).buffer), name, Buffer.alloc(2)]));

  if (s.system) {
    const sys = Buffer.alloc(56);
    sys.writeUInt16LE(s.system.arch, 0);
    sys.writeUInt32LE(10, 8);
    sys.writeUInt32LE(s.system.platform, 20);
    streams.push([7, sys]);
  }
  const threads = Buffer.alloc(4 + 48);
  threads.writeUInt32LE(1, 0);
  threads.writeUInt32LE(THREAD_ID, 4);
  threads.writeUInt32LE(s.context.length, 4 + 40);
  threads.writeUInt32LE(contextRva, 4 + 44);
  streams.push([3, threads]);
  const modules = Buffer.alloc(4 + 108);
  modules.writeUInt32LE(1, 0);
  modules.writeBigUInt64LE(MODULE.base, 4);
  modules.writeUInt32LE(MODULE.size, 4 + 8);
  modules.writeUInt32LE(nameRva, 4 + 20);
  streams.push([4, modules]);
  const exception = Buffer.alloc(168);
  exception.writeUInt32LE(THREAD_ID, 0);
  exception.writeUInt32LE(s.code, 8);
  exception.writeBigUInt64LE(s.address, 24);
  const parameters = s.parameters ?? [];
  exception.writeUInt32LE(parameters.length, 32);
  parameters.forEach((p, i) => exception.writeBigUInt64LE(p, 40 + i * 8));
  exception.writeUInt32LE(s.context.length, 160);
  exception.writeUInt32LE(contextRva, 164);
  streams.push([6, exception]);

  const header = Buffer.alloc(32);
  header.write('MDMP', 0, 'latin1');
  header.writeUInt32LE(0xa793, 4);
  header.writeUInt32LE(streams.length, 8);
  header.writeUInt32LE(32, 12);
  const directory = Buffer.alloc(streams.length * 12);
  streams.forEach(([type, data], i) => {
    directory.writeUInt32LE(type, i * 12);
    directory.writeUInt32LE(data.length, i * 12 + 4);
    directory.writeUInt32LE(append(data), i * 12 + 8);
  });
  return new Uint8Array(Buffer.concat([header, directory, ...chunks]));
}

const inModule = MODULE.base + 0x1234n;

describe('instruction pointers of each CPU context', () => {
  it('reads Pc of a Windows ARM64 CONTEXT', async () => {
    const ctx = context(912, [[0, 4, 0x400003n], [264, 8, inModule]]);
    const md = await parseMinidump(build({ system: { arch: 12, platform: 2 }, code: 0xc0000005, address: inModule, parameters: [1n, 0x10n], context: ctx }), 'arm64.dmp');
    expect(md.systemInfo?.cpu).toBe('arm64');
    expect(md.crash).toMatchObject({ address: 0x10n, instructionPointer: inModule, moduleOffset: 0x1234n, threadIndex: 0 });
    expect(md.crash?.module?.name).toBe('crashy.exe');
    expect(md.threads[0]?.instructionPointer).toBe(inModule);
  });

  it("reads Pc of Breakpad's old ARM64 layout (64-bit flags)", async () => {
    const ctx = context(800, [[0, 8, 0x80000002n], [264, 8, inModule]]);
    const md = await parseMinidump(build({ system: { arch: 0x8003, platform: 0x8201 }, code: 11, address: 0x45n, context: ctx }), 'arm64-old.dmp');
    expect(md.crash).toMatchObject({ address: 0x45n, instructionPointer: inModule, moduleOffset: 0x1234n });
  });

  it('reads r15 of an ARM context and keeps 32 bits of the crash address', async () => {
    const ctx = context(368, [[0, 4, 0x40000002n], [64, 4, 0x1000n]]);
    const md = await parseMinidump(build({ system: { arch: 5, platform: 0x8203 }, code: 11, address: 0xffffffff00000045n, context: ctx }), 'arm.dmp');
    expect(md.systemInfo).toMatchObject({ cpu: 'arm', platform: 'android' });
    expect(md.crash).toMatchObject({ address: 0x45n, instructionPointer: 0x1000n, module: null, moduleOffset: null });
    expect(minidumpToRawCrash(md).exception).toMatchObject({ code: 'SIGSEGV', address: '0x45' });
  });

  it('reads Eip of an x86 context in a dump whose system info says AMD64 (WoW64)', async () => {
    const ctx = context(716, [[0, 4, 0x1003fn], [184, 4, 0x401234n]]);
    const md = await parseMinidump(build({ system: { arch: 9, platform: 2 }, code: 0xc0000094, address: 0x401234n, context: ctx }), 'wow64.dmp');
    expect(md.exception?.instructionPointer).toBe(0x401234n);
  });

  it('reads Rip from the flags alone when the dump has no system info', async () => {
    const ctx = context(1232, [[48, 4, 0x10001fn], [248, 8, inModule]]);
    const md = await parseMinidump(build({ code: 0xc0000005, address: inModule, parameters: [0n, 0n], context: ctx }), 'nosys.dmp');
    expect(md.systemInfo).toBeNull();
    expect(md.crash).toMatchObject({ address: 0n, instructionPointer: inModule, moduleOffset: 0x1234n });
    const raw = minidumpToRawCrash(md);
    expect(raw.exception).toEqual({ code: 'c0000005', name: 'EXCEPTION_ACCESS_VIOLATION', address: '0x0', description: 'Attempt to read from address 0x0' });
    expect(crashingThread(raw)?.frames[0]).toMatchObject({ module: 'crashy', address: `0x${inModule.toString(16)}` });
  });

  it('gives no instruction pointer for a CPU whose context it does not know', async () => {
    const ctx = context(656, [[0, 4, 0x00040002n]]);
    const md = await parseMinidump(build({ system: { arch: 1, platform: 0x8201 }, code: 6, address: 0x400100n, context: ctx }), 'mips.dmp');
    expect(md.systemInfo?.cpu).toBe('mips');
    expect(md.crash).toMatchObject({ address: 0x400100n, instructionPointer: null, module: null });
    const raw = minidumpToRawCrash(md);
    expect(raw.exception).toMatchObject({ code: 'SIGABRT', name: 'Aborted', address: null });
    expect(crashingThread(raw)?.frames).toEqual([]);
  });
});
