import { describe, expect, it } from 'vitest';
import { exceptionKind, kindOfCode } from '../../../src/triage/exception-kind.js';

const f = (fn: string | null, module: string | null = null) => ({ function: fn, module });

describe('kindOfCode', () => {
  it.each([
    ['SIGSEGV', 'access-violation'],
    ['SIGBUS', 'access-violation'],
    ['c0000005', 'access-violation'],
    ['0xC0000005', 'access-violation'],
    ['SIGFPE', 'divide-by-zero'],
    ['c0000094', 'divide-by-zero'],
    ['c0000095', 'divide-by-zero'],
    ['c0000090', 'floating-point'],
    ['SIGABRT', 'abort'],
    ['c0000409', 'fail-fast'],
    ['c0000374', 'heap-corruption'],
    ['c00000fd', 'stack-overflow'],
    ['e06d7363', 'cpp-exception'],
    ['e0434352', 'clr-exception'],
    ['80000003', 'breakpoint'],
    ['SIGTRAP', 'breakpoint'],
    ['SIGILL', 'illegal-instruction'],
    ['c000001d', 'illegal-instruction'],
    ['c0000420', 'assertion'],
    ['11', 'access-violation'],
    ['6', 'abort'],
    ['EXCEPTION_ACCESS_VIOLATION_WRITE', 'access-violation'],
    ['EXCEPTION_STACK_OVERFLOW', 'stack-overflow'],
    ['EXC_BAD_ACCESS', 'access-violation'],
    ['SIGUSR1', 'signal-usr1'],
    ['e0000001', 'exception-e0000001'],
    ['Weird Thing!', 'weird-thing'],
    ['', 'unknown'],
  ])('%s → %s', (code, kind) => {
    expect(kindOfCode(code)).toBe(kind);
    expect(kind).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);
  });
});

describe('exceptionKind', () => {
  const app = [f('Player::Update(unsigned int)', 'worldserver'), f('Map::Update(unsigned int)', 'worldserver')];

  it('keeps the plain kind when the stack adds nothing', () => {
    expect(exceptionKind('SIGSEGV', app)).toBe('access-violation');
    expect(exceptionKind('SIGABRT', [f('raise', 'libc.so.6'), f('abort', 'libc.so.6'), ...app])).toBe('abort');
    expect(exceptionKind('SIGABRT')).toBe('abort');
  });

  it('reads a glibc heap check failure as heap corruption, like c0000374', () => {
    const frames = [f('__pthread_kill_implementation'), f('raise'), f('abort'), f('__libc_message'), f('malloc_printerr'), f('_int_free'), f('free'), ...app];
    expect(exceptionKind('SIGABRT', frames)).toBe('heap-corruption');
  });

  it('reads a stack protector failure as fail-fast, like c0000409', () => {
    expect(exceptionKind('SIGABRT', [f('abort', 'libc.so.6'), f('__fortify_fail', 'libc.so.6'), f('__stack_chk_fail', 'libc.so.6'), ...app])).toBe('fail-fast');
  });

  it('reads an uncaught C++ exception as cpp-exception, like e06d7363', () => {
    const frames = [
      f('abort', 'libc.so.6'),
      f('__gnu_cxx::__verbose_terminate_handler()', 'libstdc++.so.6'),
      f('__cxxabiv1::__terminate(void (*)())', 'libstdc++.so.6'),
      f('std::terminate()', 'libstdc++.so.6'),
      f('__cxa_throw', 'libstdc++.so.6'),
      ...app,
    ];
    expect(exceptionKind('SIGABRT', frames)).toBe('cpp-exception');
  });

  it('reads a failed assert() as assertion', () => {
    expect(exceptionKind('SIGABRT', [f('raise'), f('abort'), f('__assert_fail_base'), f('__assert_fail'), ...app])).toBe('assertion');
  });

  it("reads the program's own assert helper as assertion", () => {
    expect(exceptionKind('SIGABRT', [f('abort', 'libc.so.6'), f('Trinity::Assert(char const*, int)', 'worldserver'), ...app])).toBe('assertion');
    expect(exceptionKind('SIGABRT', [f('abort', 'libc.so.6'), f('Log::Fatal()', 'worldserver'), ...app])).toBe('abort');
  });

  it('only looks at the runtime frames above the program', () => {
    expect(exceptionKind('SIGABRT', [f('abort', 'libc.so.6'), ...app, f('__cxa_throw', 'libstdc++.so.6')])).toBe('abort');
  });

  it('reads a SIGSEGV in runaway recursion as stack overflow', () => {
    const deep = [f('__memset_avx2_unaligned_erms', 'libc.so.6'), ...Array.from({ length: 200 }, () => f('Json::Parse(char const*)', 'worldserver')), ...app];
    expect(exceptionKind('SIGSEGV', deep)).toBe('stack-overflow');
    const shallow = Array.from({ length: 10 }, () => f('Json::Parse(char const*)', 'worldserver'));
    expect(exceptionKind('SIGSEGV', shallow)).toBe('access-violation');
  });
});
