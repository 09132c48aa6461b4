import { describe, expect, it } from 'vitest';
import { parseClangTidyOutput, parseCppcheckOutput } from '../../../src/toolchain/analyzer-output.js';

// cppcheck 2.10 with CPPCHECK_TEMPLATE on a file with an out-of-bounds write and a null dereference.
const CPPCHECK = `t.cpp:3:4: error: Array 'a[3]' accessed at index 3, which is out of bounds. [arrayIndexOutOfBounds]
t.cpp:6:31: error: Null pointer dereference: p [nullPointer]
t.cpp:1:12: style: Parameter 'p' can be declared as pointer to const [constParameter]
t.cpp:0:0: information: Include file: "x.h" not found. [missingInclude]
nofile:0:0: information: Active checkers: 106/592 [checkersReport]
t.cpp:6:31: error: Null pointer dereference: p [nullPointer]`;

// clang-tidy 15 on one file, with a note and source excerpts.
const CLANG_TIDY = `/repo/src/game/world.cpp:41:12: warning: Called C++ object pointer is null [clang-analyzer-core.CallAndMessage]
    return player->GetName();
           ^
/repo/src/game/world.cpp:38:5: note: 'player' initialized to a null pointer value
    Player* player = nullptr;
    ^
/repo/src/game/world.cpp:50:9: warning: use auto when initializing with new [modernize-use-auto]
2 warnings generated.`;

describe('analyser output parsers', () => {
  it('reads cppcheck findings, dropping information notes and repeats', () => {
    expect(parseCppcheckOutput(CPPCHECK)).toEqual([
      { file: 't.cpp', line: 3, column: 4, severity: 'error', message: "Array 'a[3]' accessed at index 3, which is out of bounds.", check: 'arrayIndexOutOfBounds' },
      { file: 't.cpp', line: 6, column: 31, severity: 'error', message: 'Null pointer dereference: p', check: 'nullPointer' },
      { file: 't.cpp', line: 1, column: 12, severity: 'style', message: "Parameter 'p' can be declared as pointer to const", check: 'constParameter' },
    ]);
  });

  it('reads clang-tidy findings with their check names', () => {
    expect(parseClangTidyOutput(CLANG_TIDY)).toEqual([
      { file: '/repo/src/game/world.cpp', line: 41, column: 12, severity: 'warning', message: 'Called C++ object pointer is null', check: 'clang-analyzer-core.CallAndMessage' },
      { file: '/repo/src/game/world.cpp', line: 50, column: 9, severity: 'warning', message: 'use auto when initializing with new', check: 'modernize-use-auto' },
    ]);
  });
});
