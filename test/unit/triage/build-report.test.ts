import { describe, expect, it } from 'vitest';
import type { RawCrash, RawFrame } from '../../../src/domain/raw-crash.js';
import { CrashAutofixError } from '../../../src/base/errors.js';
import { buildReport, type BuildReportOptions } from '../../../src/triage/build-report.js';
import { CrashReportSchema } from '../../../src/domain/crash-report.js';

const REPO_FILES = [
  'src/server/game/Entities/Player/Player.cpp',
  'src/server/game/Maps/Map.cpp',
  'src/server/game/Handlers/MovementHandler.cpp',
  'src/common/Debugging/Errors.cpp',
  'src/modules/Playerbot/AI/BotAI.cpp',
  'src/raise.c',
];

const numbered = (n: number): string => Array.from({ length: n }, (_, i) => `// line ${i + 1}`).join('\n') + '\n';
const SOURCES: Record<string, string> = {
  'src/server/game/Entities/Player/Player.cpp': numbered(2000),
  'src/server/game/Maps/Map.cpp': numbered(1000),
  'src/modules/Playerbot/AI/BotAI.cpp': numbered(500),
};

function rf(index: number, fn: string | null, file: string | null, line: number | null, extra: Partial<RawFrame> = {}): RawFrame {
  return { index, address: `0x${(0x555555554000 + index * 0x100).toString(16)}`, module: 'worldserver', function: fn, file, line, inline: false, ...extra };
}

/** A TrinityCore-like SIGSEGV in Player::Update, as the gdb adapter reports it from a core file. */
function gdbCrash(opts: { root?: string; shift?: number; line?: number; base?: number } = {}): RawCrash {
  const root = opts.root ?? '/home/ci/work';
  const shift = opts.shift ?? 0;
  const base = opts.base ?? 0x555555554000;
  const at = (off: number): string => `0x${(base + off).toString(16)}`;
  return {
    debugger: { name: 'gdb', version: '14.2' },
    exception: { code: 'SIGSEGV', name: 'Segmentation fault', address: '0x0000000000000000', description: 'Address not mapped to object' },
    crashingThreadId: '4242',
    threads: [
      {
        id: '4241',
        name: 'worldserver',
        frames: [rf(0, 'epoll_wait', null, null, { module: 'libc.so.6', address: '0x00007FFFF7B2E8D6' })],
      },
      {
        id: '4242',
        name: 'Map0',
        frames: [
          rf(0, 'Player::Update(unsigned int)', `${root}/src/server/game/Entities/Player/Player.cpp`, (opts.line ?? 1234) + shift, { address: at(0x1a2b) }),
          rf(1, 'Map::Update(unsigned int const&)', `${root}/src/server/game/Maps/Map.cpp`, 700 + shift, { address: at(0x2b3c) }),
          rf(2, 'Playerbot::BotAI::UpdateAI(unsigned int, bool)', `${root}/src/modules/Playerbot/AI/BotAI.cpp`, 120 + shift, { address: at(0x3c4d) }),
          rf(3, 'start_thread', './nptl/pthread_create.c', 447, { module: 'libc.so.6', address: '0x7ffff7a94ac3' }),
          rf(4, 'clone3', '../sysdeps/unix/sysv/linux/x86_64/clone3.S', 78, { module: 'libc.so.6', address: '0x7ffff7b26850' }),
        ],
      },
    ],
    modules: [
      { name: 'worldserver', path: '/srv/bin/worldserver', base: at(0), end: at(0x100000), version: null },
      { name: 'libc.so.6', path: '/lib/x86_64-linux-gnu/libc.so.6', base: '0x7ffff7a00000', end: '0x7ffff7c00000', version: null },
    ],
    process: { name: 'worldserver', pid: 4241, commandLine: '/srv/bin/worldserver -c worldserver.conf' },
    analysis: null,
  };
}

function options(extra: Partial<BuildReportOptions> = {}): BuildReportOptions {
  return {
    repoFiles: REPO_FILES,
    readSource: (p) => Promise.resolve(SOURCES[p] ?? null),
    culpritIgnore: [],
    contextLines: 3,
    dump: { path: '/tmp/core.4242', format: 'elf-core', fingerprint: 'ab'.repeat(32), executable: '/srv/bin/worldserver' },
    now: new Date('2025-01-02T03:04:05.000Z'),
    ...extra,
  };
}

describe('buildReport', () => {
  it('maps frames into the repository and blames the first in-app frame', async () => {
    const report = await buildReport(gdbCrash(), options());
    expect(CrashReportSchema.parse(report)).toEqual(report);
    expect(report.frames.map((f) => [f.index, f.file, f.inApp])).toEqual([
      [0, 'src/server/game/Entities/Player/Player.cpp', true],
      [1, 'src/server/game/Maps/Map.cpp', true],
      [2, 'src/modules/Playerbot/AI/BotAI.cpp', true],
      [3, './nptl/pthread_create.c', false],
      [4, '../sysdeps/unix/sysv/linux/x86_64/clone3.S', false],
    ]);
    expect(report.culprit).toEqual({ frameIndex: 0, function: 'Player::Update(unsigned int)', file: 'src/server/game/Entities/Player/Player.cpp', line: 1234 });
    expect(report.signatureBasis).toEqual({ kind: 'access-violation', frames: ['Player::Update', 'Map::Update', 'Playerbot::BotAI::UpdateAI'] });
    expect(report.signature).toMatch(/^access-violation-[0-9a-f]{12}$/);
    expect(report.crashingThread).toEqual({ id: '4242', name: 'Map0' });
    expect(report.threads.map((t) => [t.id, t.crashed, t.frames.length])).toEqual([['4241', false, 1], ['4242', true, 5]]);
    expect(report.threads[1]?.frames).toEqual(report.frames);
    expect(report.createdAt).toBe('2025-01-02T03:04:05.000Z');
    expect(report.dump.format).toBe('elf-core');
    expect(report.schemaVersion).toBe(1);
  });

  it('normalises addresses to lower-case 0x hex', async () => {
    const report = await buildReport(gdbCrash(), options());
    expect(report.exception.address).toBe('0x0');
    expect(report.threads[0]?.frames[0]?.address).toBe('0x7ffff7b2e8d6');
    expect(report.modules[0]?.base).toBe('0x555555554000');
  });

  it('adds source context for the culprit and other in-app frames', async () => {
    const report = await buildReport(gdbCrash(), options());
    expect(report.sourceContext.map((c) => [c.frameIndex, c.file, c.startLine, c.focusLine, c.lines.length])).toEqual([
      [0, 'src/server/game/Entities/Player/Player.cpp', 1231, 1234, 7],
      [1, 'src/server/game/Maps/Map.cpp', 697, 700, 7],
      [2, 'src/modules/Playerbot/AI/BotAI.cpp', 117, 120, 7],
    ]);
    expect(report.sourceContext[0]?.lines[3]).toBe('// line 1234');
  });

  it('gives the same signature for the same bug across runs, machines and rebuilds', async () => {
    const first = await buildReport(gdbCrash(), options());
    const variants = [
      gdbCrash({ base: 0x5600deadb000 }),
      gdbCrash({ shift: 12 }),
      gdbCrash({ root: '/__w/TrinityCore/TrinityCore' }),
    ];
    for (const raw of variants) expect((await buildReport(raw, options())).signature).toBe(first.signature);
    expect((await buildReport(gdbCrash(), options({ now: new Date(0), contextLines: 0 }))).signature).toBe(first.signature);
  });

  it('differs for a different culprit or exception', async () => {
    const first = await buildReport(gdbCrash(), options());
    const otherFunction = gdbCrash();
    const frame = otherFunction.threads[1]?.frames[0];
    if (frame) frame.function = 'Player::SaveToDB(bool)';
    const otherKind = gdbCrash();
    otherKind.exception.code = 'SIGFPE';
    expect((await buildReport(otherFunction, options())).signature).not.toBe(first.signature);
    expect((await buildReport(otherKind, options())).signature).toMatch(/^divide-by-zero-/);
  });

  it('without a source root, marks nothing in-app and blames the first non-system frame', async () => {
    let reads = 0;
    const report = await buildReport(gdbCrash(), options({ repoFiles: null, readSource: () => (reads++, Promise.resolve(null)) }));
    expect(report.frames.every((f) => !f.inApp)).toBe(true);
    expect(report.frames[0]?.file).toBe('/home/ci/work/src/server/game/Entities/Player/Player.cpp');
    expect(report.culprit?.function).toBe('Player::Update(unsigned int)');
    expect(report.sourceContext).toEqual([]);
    expect(reads).toBe(0);
    expect(report.signature).toBe((await buildReport(gdbCrash(), options())).signature);
  });

  it('never puts a runtime library frame in-app, even when its source name matches a repository file', async () => {
    const raw = gdbCrash();
    raw.threads[1]?.frames.unshift(rf(0, 'raise', '/build/src/raise.c', 50, { module: 'libc.so.6' }));
    const report = await buildReport(raw, options());
    expect(report.frames[0]).toMatchObject({ file: '/build/src/raise.c', inApp: false });
    expect(report.frames.map((f) => f.index)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(report.culprit?.frameIndex).toBe(1);
  });

  it('applies culprit-ignore to the culprit and the signature', async () => {
    const raw = gdbCrash();
    raw.exception = { code: 'SIGABRT', name: 'Aborted', address: null, description: null };
    raw.threads[1]?.frames.unshift(
      rf(0, 'abort', null, null, { module: 'libc.so.6' }),
      rf(0, 'Trinity::Debug::DumpState(char const*)', '/home/ci/work/src/common/Debugging/Errors.cpp', 60),
    );
    const plain = await buildReport(raw, options());
    expect(plain.culprit?.function).toMatch(/^Trinity::Debug::DumpState/);
    const ignoring = await buildReport(raw, options({ culpritIgnore: ['Trinity::Debug::'] }));
    expect(ignoring.culprit?.function).toBe('Player::Update(unsigned int)');
    expect(ignoring.signatureBasis).toEqual({ kind: 'abort', frames: ['Player::Update', 'Map::Update', 'Playerbot::BotAI::UpdateAI'] });
  });

  it("blames the caller of the program's own assert helper, as an assertion", async () => {
    const raw = gdbCrash();
    raw.exception = { code: 'SIGABRT', name: 'Aborted', address: null, description: null };
    raw.threads[1]?.frames.unshift(
      rf(0, '__pthread_kill_implementation', './nptl/pthread_kill.c', 44, { module: 'libc.so.6' }),
      rf(0, '__GI_abort', './stdlib/abort.c', 79, { module: 'libc.so.6' }),
      rf(0, 'Trinity::Assert', '/home/ci/work/src/common/Debugging/Errors.cpp', 60),
    );
    const report = await buildReport(raw, options());
    expect(report.culprit).toMatchObject({ frameIndex: 3, function: 'Player::Update(unsigned int)' });
    expect(report.signatureBasis).toEqual({ kind: 'assertion', frames: ['Player::Update', 'Map::Update', 'Playerbot::BotAI::UpdateAI'] });
  });

  it('reads a Windows cdb crash with MSVC names and build paths', async () => {
    const raw: RawCrash = {
      debugger: { name: 'cdb', version: '10.0.22621.2428' },
      exception: { code: 'c0000005', name: 'EXCEPTION_ACCESS_VIOLATION', address: '00000000`00000010', description: 'Attempt to read from address 0000000000000010' },
      crashingThreadId: '1a2c.3f0',
      threads: [
        {
          id: '1a2c.3f0',
          name: null,
          frames: [
            rf(0, 'Player::Update', 'C:\\build\\TrinityCore\\src\\server\\game\\Entities\\Player\\Player.cpp', 1234, { address: '00007ff6`a1b2c3d4' }),
            rf(1, 'Map::Update', 'C:\\BUILD\\TRINITYCORE\\SRC\\SERVER\\GAME\\MAPS\\MAP.CPP', 700),
            rf(2, 'Playerbot::BotAI::UpdateAI', 'd:\\a\\1\\s\\src\\modules\\Playerbot\\AI\\BotAI.cpp', 120),
            rf(3, 'BaseThreadInitThunk', null, null, { module: 'KERNEL32' }),
          ],
        },
      ],
      modules: [{ name: 'worldserver', path: 'C:\\srv\\worldserver.exe', base: '00007ff6`a1000000', end: '00007ff6`a2000000', version: '1.0.0.0' }],
      process: { name: 'worldserver.exe', pid: 6700, commandLine: null },
      analysis: {
        failureBucketId: 'NULL_CLASS_PTR_READ_c0000005_worldserver.exe!Player::Update',
        symbolName: 'worldserver!Player::Update+1a',
        moduleName: 'worldserver',
        faultingSource: { file: 'C:\\build\\TrinityCore\\src\\server\\game\\Entities\\Player\\Player.cpp', line: 1234 },
      },
    };
    const report = await buildReport(raw, options({ dump: { path: 'C:\\dumps\\w.dmp', format: 'minidump', fingerprint: null, executable: null } }));
    expect(report.frames.slice(0, 3).every((f) => f.inApp)).toBe(true);
    expect(report.frames[1]?.file).toBe('src/server/game/Maps/Map.cpp');
    expect(report.frames[0]?.address).toBe('0x7ff6a1b2c3d4');
    expect(report.exception.address).toBe('0x10');
    expect(report.modules[0]).toMatchObject({ base: '0x7ff6a1000000', end: '0x7ff6a2000000' });
    expect(report.analysis?.failureBucketId).toBe(raw.analysis?.failureBucketId);
    // The same bug on Linux and Windows buckets together.
    expect(report.signature).toBe((await buildReport(gdbCrash(), options())).signature);
  });

  it('buckets unsymbolised crashes by module offset, stable across load addresses', async () => {
    const raw = (base: number): RawCrash => {
      const r = gdbCrash({ base });
      for (const f of r.threads[1]?.frames ?? []) if (f.module === 'worldserver') Object.assign(f, { function: null, file: null, line: null });
      return r;
    };
    const a = await buildReport(raw(0x555555554000), options());
    const b = await buildReport(raw(0x5600deadb000), options());
    expect(a.culprit).toBeNull();
    expect(a.signatureBasis.frames).toEqual(['worldserver+0x1a2b', 'worldserver+0x2b3c', 'worldserver+0x3c4d']);
    expect(b.signature).toBe(a.signature);
  });

  it('refines the kind from the stack', async () => {
    const raw = gdbCrash();
    raw.exception = { code: 'SIGABRT', name: 'Aborted', address: null, description: null };
    raw.threads[1]?.frames.unshift(
      rf(0, 'abort', null, null, { module: 'libc.so.6' }),
      rf(0, 'malloc_printerr', null, null, { module: 'libc.so.6' }),
      rf(0, '_int_free', null, null, { module: 'libc.so.6' }),
      rf(0, 'free', null, null, { module: 'libc.so.6' }),
    );
    const report = await buildReport(raw, options());
    expect(report.signatureBasis.kind).toBe('heap-corruption');
    expect(report.culprit?.frameIndex).toBe(4);
  });

  it('reads a SIGSEGV in runaway recursion as a stack overflow blamed on the recursive call', async () => {
    const raw = gdbCrash();
    const recurse = (line: number): RawFrame => rf(0, 'PathFinder::ExpandNode(unsigned int, unsigned int, unsigned int)', '/home/ci/work/src/server/game/Maps/Map.cpp', line);
    raw.threads[1]?.frames.unshift(recurse(19), ...Array.from({ length: 200 }, () => recurse(28)));
    const report = await buildReport(raw, options());
    expect(report.signatureBasis).toEqual({ kind: 'stack-overflow', frames: ['PathFinder::ExpandNode'] });
    expect(report.culprit).toMatchObject({ frameIndex: 1, line: 28 });
    expect(report.sourceContext[0]).toMatchObject({ frameIndex: 1, focusLine: 28 });
    expect(report.sourceContext.length).toBeLessThanOrEqual(8);
  });

  it('turns ?? names and bad line numbers into null', async () => {
    const raw = gdbCrash();
    raw.threads[1]?.frames.unshift(rf(0, '??', null, 0, { address: 'garbage' }));
    const report = await buildReport(raw, options());
    expect(report.frames[0]).toMatchObject({ function: null, line: null, address: null });
  });

  it('fails with one clear line when the crashing thread is missing', async () => {
    const raw = gdbCrash();
    raw.crashingThreadId = '9999';
    const error = await buildReport(raw, options()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CrashAutofixError);
    expect((error as CrashAutofixError).kind).toBe('bad-input');
    expect((error as CrashAutofixError).message).toBe(
      'The debugger output names crashing thread 9999 but lists no such thread (threads: 4241, 4242); check that the dump is complete and the debugger output was not cut.',
    );
  });
});
