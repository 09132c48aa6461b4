import { describe, expect, it } from 'vitest';
import {
  compileFramePattern,
  crashStartIndex,
  isSystemFrame,
  isSystemModule,
  moduleBaseName,
} from '../../../src/triage/system-frames.js';

const f = (fn: string | null, module: string | null = null) => ({ function: fn, module });

describe('system modules', () => {
  it.each([
    '/lib/x86_64-linux-gnu/libc.so.6',
    'libc-2.31.so',
    'libstdc++.so.6.0.30',
    'libgcc_s.so.1',
    'ld-linux-x86-64.so.2',
    'libpthread.so.0',
    'ucrtbase',
    'ucrtbased.dll',
    'msvcrt',
    'VCRUNTIME140',
    'vcruntime140_1.dll',
    'MSVCP140',
    'msvcp140d',
    'KERNELBASE',
    'kernel32',
    'KERNEL32.DLL',
    'ntdll',
    'verifier',
    'libasan.so.8',
  ])('%s is a system module', (module) => {
    expect(isSystemModule(module)).toBe(true);
  });

  it.each(['worldserver', 'worldserver.exe', 'libgame.so', 'libcurl.so.4', 'libcommon.so', 'msvcrt_ruby220', 'AccessV'])(
    '%s is not a system module',
    (module) => {
      expect(isSystemModule(module)).toBe(false);
    },
  );

  it('strips folders and extensions', () => {
    expect(moduleBaseName('C:\\Windows\\System32\\ntdll.dll')).toBe('ntdll');
    expect(moduleBaseName('/usr/lib/libstdc++.so.6.0.32')).toBe('libstdc++');
  });
});

describe('isSystemFrame', () => {
  it.each([
    f('abort'),
    f('__GI_raise'),
    f('__assert_fail'),
    f('__cxa_throw'),
    f('__cxa_pure_virtual'),
    f('std::terminate()'),
    f('__gnu_cxx::__verbose_terminate_handler()'),
    f('_invalid_parameter_noinfo_noreturn'),
    f('RtlReportCriticalFailure'),
    f('__report_gsfailure'),
    f('_CxxThrowException'),
    f('operator new(unsigned long)'),
    f('operator delete(void*, unsigned long)'),
    f('malloc'),
    f('free'),
    f('__memmove_avx_unaligned_erms'),
    f('std::vector<int, std::allocator<int> >::_M_realloc_insert<int const&>(int const&)'),
    f('std::__throw_out_of_range_fmt(char const*, ...)'),
    f('google_breakpad::ExceptionHandler::SignalHandler(int, siginfo_t*, void*)'),
    f('<signal handler called>'),
    f('worldserver!__scrt_common_main_seh+0x10c'),
    f('Anything', 'ntdll'),
  ])('%o is a system frame', (frame) => {
    expect(isSystemFrame(frame)).toBe(true);
  });

  it.each([f('Player::Update(unsigned int)', 'worldserver'), f('main', 'worldserver'), f('abortQuest(Player*)'), f(null, 'worldserver')])(
    '%o is not a system frame',
    (frame) => {
      expect(isSystemFrame(frame)).toBe(false);
    },
  );
});

describe('crashStartIndex', () => {
  it('starts below a signal or exception trampoline', () => {
    expect(crashStartIndex([f('Trinity::DumpHandler'), f('<signal handler called>'), f('Player::Update')])).toBe(2);
    expect(crashStartIndex([f('WheatyExceptionReport::Filter'), f('KiUserExceptionDispatcher', 'ntdll'), f('Player::Update')])).toBe(2);
    expect(crashStartIndex([f('Player::Update'), f('Map::Update')])).toBe(0);
    expect(crashStartIndex([f('Handler'), f('<signal handler called>')])).toBe(0);
  });
});

describe('compileFramePattern', () => {
  it('treats a pattern without wildcards as a prefix of the normalised name', () => {
    const m = compileFramePattern('Trinity::Assert');
    expect(m(f('Trinity::Assert(char const*, int, char const*, char const*)'))).toBe(true);
    expect(m(f('Trinity::AssertionFailed()'))).toBe(true);
    expect(m(f('worldserver!Trinity::Assert+0x10'))).toBe(true);
    expect(m(f('Trinity::Fatal()'))).toBe(false);
  });

  it('treats * and ? as wildcards and nothing else', () => {
    const m = compileFramePattern('*::CrashHandler*');
    expect(m(f('Trinity::CrashHandler::Handle(int)'))).toBe(true);
    expect(m(f('CrashHandler()'))).toBe(false);
    expect(compileFramePattern('Foo::ba?')(f('Foo::bar()'))).toBe(true);
    expect(compileFramePattern('Foo::operator+*')(f('Foo::operator+=(int)'))).toBe(true);
    expect(compileFramePattern('Foo::operator[]*')(f('Foo::operator[](unsigned long)'))).toBe(true);
    expect(compileFramePattern('Foo::[ab]*')(f('Foo::a()'))).toBe(false);
  });

  it('matches module!function patterns against the module too', () => {
    const m = compileFramePattern('crashlib!*');
    expect(m(f('Report()', 'crashlib.dll'))).toBe(true);
    expect(m(f('Report()', 'worldserver'))).toBe(false);
    expect(compileFramePattern('operator!=')(f('Foo::operator!=(Foo const&)'))).toBe(false);
    expect(compileFramePattern('operator!=')(f('operator!=(Foo const&, Foo const&)'))).toBe(true);
  });

  it('never matches a frame without a function name', () => {
    expect(compileFramePattern('*')(f(null, 'worldserver'))).toBe(false);
  });
});
