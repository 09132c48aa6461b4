import { describe, expect, it } from 'vitest';
import { findCulprit, type CulpritFrame } from '../../../src/triage/culprit.js';

function frame(fn: string | null, opts: Partial<CulpritFrame> = {}): CulpritFrame {
  return { function: fn, module: 'worldserver', file: null, line: null, inApp: false, ...opts };
}
const app = (fn: string, file: string, line: number): CulpritFrame => frame(fn, { file, line, inApp: true });
const libc = (fn: string): CulpritFrame => frame(fn, { module: 'libc.so.6', file: null });

const player = app('Player::Update(unsigned int)', 'src/server/game/Entities/Player/Player.cpp', 1234);
const map = app('Map::Update(unsigned int)', 'src/server/game/Maps/Map.cpp', 700);

describe('findCulprit', () => {
  it('blames the top frame when it is the program', () => {
    expect(findCulprit([player, map])).toEqual({
      frameIndex: 0,
      function: 'Player::Update(unsigned int)',
      file: 'src/server/game/Entities/Player/Player.cpp',
      line: 1234,
    });
  });

  it('skips abort, raise and assert frames', () => {
    const frames = [libc('__pthread_kill_implementation'), libc('raise'), libc('abort'), libc('__assert_fail'), player, map];
    expect(findCulprit(frames)?.frameIndex).toBe(4);
  });

  it('skips allocator frames, even when linked into the program', () => {
    const frames = [
      libc('_int_free'),
      libc('free'),
      frame('operator delete(void*, unsigned long)', { module: 'worldserver', file: 'src/common/Memory.cpp', line: 3, inApp: true }),
      frame('std::__new_allocator<Unit*>::deallocate(Unit**, unsigned long)', { file: '/usr/include/c++/13/bits/new_allocator.h', line: 172 }),
      player,
    ];
    expect(findCulprit(frames)?.function).toBe('Player::Update(unsigned int)');
  });

  it('skips C++ throw and terminate machinery', () => {
    const frames = [
      libc('abort'),
      frame('__gnu_cxx::__verbose_terminate_handler()', { module: 'libstdc++.so.6' }),
      frame('std::terminate()', { module: 'libstdc++.so.6' }),
      frame('__cxa_throw', { module: 'libstdc++.so.6' }),
      frame('std::__throw_out_of_range_fmt(char const*, ...)', { module: 'libstdc++.so.6' }),
      frame('std::vector<Item*>::_M_range_check(unsigned long) const', { file: '/usr/include/c++/13/bits/stl_vector.h', line: 1153 }),
      app('WorldSession::HandleMovementOpcodes(WorldPacket&)', 'src/server/game/Handlers/MovementHandler.cpp', 310),
    ];
    expect(findCulprit(frames)?.frameIndex).toBe(6);
  });

  it('skips MSVC runtime, fail-fast and invalid-parameter frames', () => {
    const frames = [
      frame('KERNELBASE!RaiseException+0x69', { module: 'KERNELBASE' }),
      frame('_CxxThrowException', { module: 'VCRUNTIME140' }),
      frame('_invalid_parameter_noinfo_noreturn', { module: 'ucrtbase' }),
      frame('__report_gsfailure', { module: 'worldserver' }),
      app('worldserver!Player::Update+0x1a', 'src/server/game/Entities/Player/Player.cpp', 99),
    ];
    expect(findCulprit(frames)).toEqual({
      frameIndex: 4,
      function: 'worldserver!Player::Update+0x1a',
      file: 'src/server/game/Entities/Player/Player.cpp',
      line: 99,
    });
  });

  it('skips frames matching culprit-ignore globs and prefixes', () => {
    const frames = [
      libc('abort'),
      app('Trinity::Debug::DumpState(char const*)', 'src/common/Debugging/Debug.cpp', 60),
      app('Trinity::CrashHandler::Report(int)', 'src/common/Debugging/CrashHandler.cpp', 20),
      player,
    ];
    expect(findCulprit(frames)?.frameIndex).toBe(1);
    expect(findCulprit(frames, { ignore: ['Trinity::Debug::'] })?.frameIndex).toBe(2);
    expect(findCulprit(frames, { ignore: ['Trinity::Debug::', '*::CrashHandler*'] })?.frameIndex).toBe(3);
    expect(findCulprit(frames, { ignore: ['', '  '] })?.frameIndex).toBe(1);
  });

  it("skips the program's own assert, abort and fatal-error helpers", () => {
    for (const helper of ['Trinity::Assert(char const*, int, char const*, char const*)', 'qt_assert(char const*, char const*, int)', 'FDebug::AssertFailed(char const*)', 'Log::Fatal(std::string const&)', 'Trinity::Abort()', 'Panic()']) {
      expect(findCulprit([libc('abort'), app(helper, 'src/common/Debugging/Errors.cpp', 60), player])?.frameIndex, helper).toBe(2);
    }
    for (const own of ['World::AssertValidState()', 'Quest::AbortQuest(Player*)', 'FatalityCheck()']) {
      expect(findCulprit([libc('abort'), app(own, 'src/game/World.cpp', 9), player])?.frameIndex, own).toBe(1);
    }
  });

  it('starts below the crash handler that ran after the signal', () => {
    const frames = [
      libc('abort'),
      app('Trinity::DumpHandler(int)', 'src/common/Debugging/Dump.cpp', 12),
      frame('<signal handler called>', { module: null }),
      player,
      map,
    ];
    expect(findCulprit(frames)?.frameIndex).toBe(3);
  });

  it('prefers in-app frames over other non-system code', () => {
    const frames = [
      frame('mysql_stmt_execute', { module: 'libmysqlclient.so.21' }),
      frame('boost::asio::detail::scheduler::run()', { module: 'worldserver', file: '/deps/boost/asio/scheduler.ipp', line: 5 }),
      map,
    ];
    expect(findCulprit(frames)?.frameIndex).toBe(2);
  });

  it('keeps a std:: specialisation that lives in the repository', () => {
    const frames = [app('std::hash<ObjectGuid>::operator()(ObjectGuid const&) const', 'src/server/game/Entities/Object/ObjectGuid.h', 300), map];
    expect(findCulprit(frames)?.frameIndex).toBe(0);
  });

  it('falls back to the first non-system named frame without a source root', () => {
    const frames = [
      frame(null, { module: 'worldserver' }),
      libc('memcpy'),
      frame('std::vector<int>::push_back(int const&)', { module: 'worldserver' }),
      frame('Player::Update(unsigned int)', { file: 'C:\\build\\src\\Player.cpp', line: 12 }),
      frame('Map::Update(unsigned int)'),
    ];
    expect(findCulprit(frames)).toEqual({ frameIndex: 3, function: 'Player::Update(unsigned int)', file: 'C:\\build\\src\\Player.cpp', line: 12 });
  });

  it('blames the recursive call of a stack overflow, not where the stack ran out', () => {
    const expand = (line: number): CulpritFrame => app('PathFinder::ExpandNode(unsigned int, unsigned int, unsigned int)', 'src/game/pathfinding.cpp', line);
    const frames = [libc('__memset_avx2_unaligned_erms'), expand(19), expand(28), expand(28), expand(28)];
    expect(findCulprit(frames, { kind: 'stack-overflow' })).toMatchObject({ frameIndex: 2, line: 28 });
    expect(findCulprit(frames)).toMatchObject({ frameIndex: 1, line: 19 });
    const mutual = [app('Eval(Expr*)', 'src/eval.cpp', 5), app('Apply(Expr*)', 'src/eval.cpp', 40), app('Eval(Expr*)', 'src/eval.cpp', 12)];
    expect(findCulprit(mutual, { kind: 'stack-overflow' })).toMatchObject({ frameIndex: 2, line: 12 });
    expect(findCulprit([expand(19), map], { kind: 'stack-overflow' })?.frameIndex).toBe(0);
  });

  it('returns null when nothing can be blamed', () => {
    expect(findCulprit([])).toBeNull();
    expect(findCulprit([libc('abort'), frame(null), frame('??'), frame('ntdll!RtlUserThreadStart', { module: 'ntdll' })])).toBeNull();
  });
});
