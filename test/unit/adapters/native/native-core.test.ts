import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readElfCoreNatively } from '../../../../src/adapters/native/native-core.js';
import type { SourceLocation, SymbolRequest } from '../../../../src/adapters/symbolizer/llvm-symbolizer.js';
import { crashingThread } from '../../../../src/domain/raw-crash.js';
import { fakeExecutableImage } from '../../../fakes/gdb-fake-elf.js';
import { programImage, walkCore, type WalkCore } from '../../../fixtures/walk-core.js';
import { stackBytes } from '../../../fixtures/walk-minidump.js';

const RSP = 4;
const RBP = 5;
const APP = 0x555555554000n;
const LIBC = 0x7f0000000000n;
const S = 0x7ffe00000000n;
const BUILD_ID = '5536f86333057a031127e4ec79c2228eb3a9ca91';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'native-core-unit-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

let count = 0;
async function write(name: string, bytes: Buffer): Promise<string> {
  const file = path.join(dir, `${++count}`, name);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, bytes);
  return file;
}

/** A crash at APP+0x1100 called from APP+0x1200 (frame-pointer chain), with two more threads. */
function core(extra: Partial<WalkCore> = {}): Buffer {
  const page = Buffer.alloc(4096);
  fakeExecutableImage(BUILD_ID).copy(page);
  const B1 = S + 0x40n;
  return walkCore({
    machine: 'x86-64',
    signal: 11,
    siCode: 1,
    faultAddress: 0n,
    tid: 4242,
    pc: APP + 0x1100n,
    gpr: { [RSP]: S, [RBP]: B1 },
    files: [
      { path: '/srv/game/worldserver', start: APP, end: APP + 0x20000n, firstPage: page },
      { path: '/usr/lib/x86_64-linux-gnu/libc.so.6', start: LIBC, end: LIBC + 0x200000n },
    ],
    stack: { start: S, bytes: stackBytes(S, 0x1000, [[B1, 0n], [B1 + 8n, APP + 0x1200n]]) },
    otherThreads: [
      { tid: 4243, pc: LIBC + 0x9a0n },
      { tid: 4244, pc: APP + 0x1800n },
    ],
    process: { pid: 4242, psargs: '/srv/game/worldserver --realm 1 ' },
    ...extra,
  });
}

/** A symbolizer fake: answers every request in the program, inlined frames first; records what it was asked. */
function fakeSymbolizer(asked: SymbolRequest[]): (requests: readonly SymbolRequest[]) => Promise<SourceLocation[][]> {
  return (requests) => {
    asked.push(...requests);
    return Promise.resolve(
      requests.map((r) =>
        r.offset === 0x1100n
          ? [
              { function: 'FastMath::Scale(int) const', file: '/build/src/fast-math.h', line: 11 },
              { function: 'int Combat::Damage<int>(Player const&)', file: '/build/src/combat.cpp', line: 40 },
            ]
          : [{ function: `fn_${r.offset.toString(16)}()`, file: '/build/src/world.cpp', line: Number(r.offset & 0xffn) }],
      ),
    );
  };
}

describe('readElfCoreNatively', () => {
  it('reads the process, every thread and the modules; symbolises the program at the call, with inlined frames and gdb’s names', async () => {
    const file = await write('core', core());
    // The caller's return address follows a call, as the walk checks when the program's file is at hand.
    const call = Buffer.alloc(5);
    call[0] = 0xe8;
    call.writeInt32LE(0x1000 - 0x1200, 1);
    const program = await write('worldserver', programImage(BUILD_ID, [0x1000, 0x1180, 0x1780], [[0x1200 - 5, [...call]]]));
    const asked: SymbolRequest[] = [];
    const raw = await readElfCoreNatively(file, { moduleFiles: [program], symbolize: fakeSymbolizer(asked) });
    expect(raw.debugger).toEqual({ name: 'native', version: null });
    expect(raw.process).toEqual({ name: 'worldserver', pid: 4242, commandLine: '/srv/game/worldserver --realm 1' });
    expect(raw.crashingThreadId).toBe('4242');
    expect(raw.threads.map((t) => t.id)).toEqual(['4242', '4243', '4244']);
    // Frame 0 at its pc, the caller one byte before its return address, another thread's top at its pc; libc has no file here.
    expect(asked.map((r) => [r.module, r.offset])).toEqual([
      [program, 0x1100n],
      [program, 0x11ffn],
      [program, 0x1800n],
    ]);
    expect(crashingThread(raw)?.frames).toEqual([
      { index: 0, address: '0x555555555100', module: 'worldserver', function: 'FastMath::Scale', file: '/build/src/fast-math.h', line: 11, inline: true },
      { index: 1, address: '0x555555555100', module: 'worldserver', function: 'Combat::Damage<int>', file: '/build/src/combat.cpp', line: 40, inline: false },
      { index: 2, address: '0x555555555200', module: 'worldserver', function: 'fn_11ff', file: '/build/src/world.cpp', line: 0xff, inline: false },
    ]);
    expect(raw.threads[1]?.frames).toEqual([{ index: 0, address: '0x7f00000009a0', module: 'libc.so.6', function: null, file: null, line: null, inline: false }]);
    expect(raw.threads[2]?.frames[0]).toMatchObject({ address: '0x555555555800', function: 'fn_1800' });
    expect(raw.modules).toEqual([
      { name: 'worldserver', path: '/srv/game/worldserver', base: '0x555555554000', end: '0x555555574000', version: null },
      { name: 'libc.so.6', path: '/usr/lib/x86_64-linux-gnu/libc.so.6', base: '0x7f0000000000', end: '0x7f0000200000', version: null },
    ]);
  });

  it('names the process after the program when the kernel cut the command line mid-path', async () => {
    const long = `/srv/${'x'.repeat(70)}/worldserver`;
    const raw = await readElfCoreNatively(await write('core', core({ process: { pid: 7, psargs: long } })), { moduleFiles: [], symbolize: null });
    expect(raw.process).toEqual({ name: 'worldserver', pid: 7, commandLine: long.slice(0, 79) });
  });

  it('reads pr_pid and pr_psargs of an i386 core', async () => {
    const i386 = walkCore({
      machine: 'i386',
      signal: 8,
      siCode: 1,
      faultAddress: 0x8049000n,
      tid: 99,
      pc: 0x8049100n,
      gpr: { [RSP]: 0xbf000000n },
      files: [{ path: '/opt/app', start: 0x8048000n, end: 0x8050000n }],
      process: { pid: 98, psargs: '/opt/app --fast' },
    });
    const raw = await readElfCoreNatively(await write('core', i386), { moduleFiles: [], symbolize: null });
    expect(raw.process).toEqual({ name: 'app', pid: 98, commandLine: '/opt/app --fast' });
    expect(raw.exception.code).toBe('SIGFPE');
    expect(crashingThread(raw)?.frames[0]).toMatchObject({ address: '0x8049100', module: 'app', function: null });
  });

  it('without NT_PRPSINFO, has no command line and names the process after the program', async () => {
    const raw = await readElfCoreNatively(await write('core', core({ process: undefined })), { moduleFiles: [], symbolize: null });
    expect(raw.process).toEqual({ name: 'worldserver', pid: null, commandLine: null });
  });

  it('matches a given file by the name its symbolic link points at, and not one of another name with the right build id', async () => {
    const program = await write('worldserver', programImage(BUILD_ID, [0x1000], []));
    const renamed = await write('server-copy', programImage(BUILD_ID, [0x1000], []));
    const link = path.join(path.dirname(renamed), 'worldserver-link');
    await symlink(program, link);
    const file = await write('core', core());
    const viaLink: SymbolRequest[] = [];
    await readElfCoreNatively(file, { moduleFiles: [link], symbolize: fakeSymbolizer(viaLink) });
    expect(viaLink[0]?.module).toBe(link);
    const otherName: SymbolRequest[] = [];
    await readElfCoreNatively(file, { moduleFiles: [renamed], symbolize: fakeSymbolizer(otherName) });
    expect(otherName).toEqual([]);
  });
});
