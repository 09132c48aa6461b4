import { describe, expect, it } from 'vitest';
import { countBySeverity, parseDiagnostics } from '../../../src/toolchain/compiler-diagnostics.js';

// Captured from g++ 12 building the mini-server fixture with two broken files.
const GCC = `[  6%] Building CXX object CMakeFiles/mini_game.dir/src/game/player.cpp.o
/tmp/caf/src/src/game/player.cpp: In member function ‘void Player::GiveExperience(uint32_t)’:
/tmp/caf/src/src/game/player.cpp:22:21: error: ‘undeclaredBonus’ was not declared in this scope
   22 |     m_experience += undeclaredBonus + xp;
      |                     ^~~~~~~~~~~~~~~
gmake[2]: *** [CMakeFiles/mini_game.dir/build.make:104: CMakeFiles/mini_game.dir/src/game/player.cpp.o] Error 1
/tmp/caf/src/src/game/world.cpp: In function ‘void f(int)’:
/tmp/caf/src/src/game/world.cpp:212:28: warning: unused variable ‘y’ [-Wunused-variable]
  212 | static void f(int x) { int y; (void)f; }
      |                            ^
/tmp/caf/src/src/game/world.cpp: In function ‘void g()’:
/tmp/caf/src/src/game/world.cpp:214:20: error: no matching function for call to ‘S::m()’
  214 | void g() { S s; s.m(); }
      |                 ~~~^~
/tmp/caf/src/src/game/world.cpp:213:17: note: candidate: ‘void S::m(int)’
  213 | struct S { void m(int); };
      |                 ^
/tmp/caf/src/src/game/world.cpp:213:17: note:   candidate expects 1 argument, 0 provided
gmake[2]: *** [CMakeFiles/mini_game.dir/build.make:188: CMakeFiles/mini_game.dir/src/game/world.cpp.o] Error 1
gmake: *** [Makefile:101: all] Error 2`;

describe('parseDiagnostics', () => {
  it('reads GCC errors and warnings with columns, codes and attached notes, errors first', () => {
    const ds = parseDiagnostics(GCC);
    expect(ds).toEqual([
      { severity: 'error', file: '/tmp/caf/src/src/game/player.cpp', line: 22, column: 21, code: null, message: '‘undeclaredBonus’ was not declared in this scope', notes: [] },
      {
        severity: 'error', file: '/tmp/caf/src/src/game/world.cpp', line: 214, column: 20, code: null, message: 'no matching function for call to ‘S::m()’',
        notes: [
          { file: '/tmp/caf/src/src/game/world.cpp', line: 213, column: 17, message: 'candidate: ‘void S::m(int)’' },
          { file: '/tmp/caf/src/src/game/world.cpp', line: 213, column: 17, message: 'candidate expects 1 argument, 0 provided' },
        ],
      },
      { severity: 'warning', file: '/tmp/caf/src/src/game/world.cpp', line: 212, column: 28, code: '-Wunused-variable', message: 'unused variable ‘y’', notes: [] },
    ]);
    expect(countBySeverity(ds)).toEqual({ errors: 2, warnings: 1 });
  });

  it('reads clang fatal errors and strips colour codes', () => {
    const ds = parseDiagnostics("\x1b[1msrc/x.cpp:3:10: \x1b[0;1;31mfatal error: \x1b[0m'nope.h' file not found\x1b[0m\n#include \"nope.h\"\n         ^~~~~~~~");
    expect(ds).toEqual([{ severity: 'error', file: 'src/x.cpp', line: 3, column: 10, code: null, message: "'nope.h' file not found", notes: [] }]);
  });

  it('reads MSVC compiler and linker messages, dropping the MSBuild project suffix', () => {
    const text = [
      "  C:\\src\\x.cpp(12): error C2065: 'foo': undeclared identifier [C:\\build\\app.vcxproj]",
      "  C:\\src\\x.cpp(14,5): warning C4996: 'strcpy': This function or variable may be unsafe.",
      "  C:\\src\\x.h(3): note: see declaration of 'bar'",
      "LINK : fatal error LNK1104: cannot open file 'foo.lib'",
      'main.obj : error LNK2019: unresolved external symbol "int __cdecl helper(int)" referenced in function main',
    ].join('\r\n');
    expect(parseDiagnostics(text)).toEqual([
      { severity: 'error', file: 'C:\\src\\x.cpp', line: 12, column: null, code: 'C2065', message: "'foo': undeclared identifier", notes: [] },
      { severity: 'error', file: null, line: null, column: null, code: 'LNK1104', message: "cannot open file 'foo.lib'", notes: [] },
      { severity: 'error', file: 'main.obj', line: null, column: null, code: 'LNK2019', message: 'unresolved external symbol "int __cdecl helper(int)" referenced in function main', notes: [] },
      {
        severity: 'warning', file: 'C:\\src\\x.cpp', line: 14, column: 5, code: 'C4996', message: "'strcpy': This function or variable may be unsafe.",
        notes: [{ file: 'C:\\src\\x.h', line: 3, column: null, message: "see declaration of 'bar'" }],
      },
    ]);
  });

  it('reads GNU ld undefined references and the collect2 summary', () => {
    const text = [
      '/usr/bin/ld: CMakeFiles/worldserver.dir/src/main.cpp.o: in function `main\':',
      "/work/src/main.cpp:10: undefined reference to `helper(int)'",
      "/usr/bin/ld: libgame.a(world.cpp.o):(.text+0x1f): undefined reference to `other()'",
      'collect2: error: ld returned 1 exit status',
    ].join('\n');
    expect(parseDiagnostics(text).map((d) => [d.file, d.line, d.message])).toEqual([
      ['/work/src/main.cpp', 10, "undefined reference to `helper(int)'"],
      ['libgame.a(world.cpp.o)', null, "undefined reference to `other()'"],
      [null, null, 'ld returned 1 exit status'],
    ]);
  });

  it('reads CMake errors with their indented message and without the call stack', () => {
    const text = [
      'CMake Error at CMakeLists.txt:12 (add_executable):',
      '  Cannot find source file:',
      '',
      '    src/nosuch.cpp',
      '',
      'Call Stack (most recent call first):',
      '',
      'CMake Error at src/CMakeLists.txt:4 (target_link_libraries):',
      '  Cannot specify link libraries for target "x" which is not built by this',
      '  project.',
      'Call Stack (most recent call first):',
      '  CMakeLists.txt:20 (add_subdirectory)',
      '',
      '',
      '-- Configuring incomplete, errors occurred!',
      'CMake Error: The source directory "/nope" does not exist.',
      'Specify --help for usage, or press the help button on the CMake GUI.',
    ].join('\n');
    expect(parseDiagnostics(text).map((d) => [d.file, d.line, d.message])).toEqual([
      ['CMakeLists.txt', 12, 'Cannot find source file: src/nosuch.cpp'],
      ['src/CMakeLists.txt', 4, 'Cannot specify link libraries for target "x" which is not built by this project.'],
      [null, null, 'The source directory "/nope" does not exist.'],
    ]);
  });

  it('deduplicates a header problem reported by every unit and caps the list', () => {
    const same = 'src/a.h:3:1: error: expected unqualified-id\n';
    expect(parseDiagnostics(same.repeat(5) + 'src/a.h:3:1: note: here\n')).toHaveLength(1);
    const many = Array.from({ length: 50 }, (_, i) => `src/a.cpp:${i + 1}:1: warning: w${i}`).join('\n') + '\nsrc/b.cpp:1:1: error: e';
    const capped = parseDiagnostics(many, { max: 10 });
    expect(capped).toHaveLength(10);
    expect(capped[0]?.severity).toBe('error');
  });

  it('finds nothing in a clean build and drops orphan notes', () => {
    expect(parseDiagnostics('[100%] Built target worldserver\nsrc/x.cpp:1:1: note: orphan')).toEqual([]);
  });
});
