import { describe, expect, it } from 'vitest';
import { createPathMapper, isWindowsPath, normalizeRepoPath, splitPath } from '../../../src/triage/path-map.js';

const repo = [
  'src/server/game/Entities/Player/Player.cpp',
  'src/server/game/Entities/Player/Player.h',
  'src/server/game/Maps/Map.cpp',
  'src/server/game/Server/WorldSession.cpp',
  'src/server/shared/Util.cpp',
  'src/common/Util.cpp',
  'src/modules/Playerbot/AI/BotAI.cpp',
  'CMakeLists.txt',
  'main.cpp',
  'src/x.cpp',
];

describe('createPathMapper', () => {
  const mapper = createPathMapper(repo);

  it.each([
    ['C:\\build\\TrinityCore\\src\\server\\game\\Entities\\Player\\Player.cpp', 'src/server/game/Entities/Player/Player.cpp'],
    ['/home/ci/work/src/server/game/Maps/Map.cpp', 'src/server/game/Maps/Map.cpp'],
    ['d:\\a\\1\\s\\src\\x.cpp', 'src/x.cpp'],
    ['src/x.cpp', 'src/x.cpp'],
    ['./src/x.cpp', 'src/x.cpp'],
    ['../src/x.cpp', 'src/x.cpp'],
    ['/home/ci/work/build/../src/x.cpp', 'src/x.cpp'],
    ['/__w/tc/tc/src/modules/Playerbot/AI/BotAI.cpp', 'src/modules/Playerbot/AI/BotAI.cpp'],
    ['\\\\buildserver\\share\\tc\\src\\server\\game\\Server\\WorldSession.cpp', 'src/server/game/Server/WorldSession.cpp'],
    // a relative path that names the whole repository file from a folder above the checkout
    ['TrinityCore/main.cpp', 'main.cpp'],
  ])('%s → %s', (recorded, expected) => {
    expect(mapper.map(recorded)).toBe(expected);
  });

  it('ignores case for Windows paths only', () => {
    expect(mapper.map('C:\\BUILD\\SRC\\SERVER\\GAME\\MAPS\\MAP.CPP')).toBe('src/server/game/Maps/Map.cpp');
    expect(mapper.map('c:/build/src/server/game/maps/map.cpp')).toBe('src/server/game/Maps/Map.cpp');
    expect(mapper.map('/home/ci/work/src/server/game/maps/map.cpp')).toBeNull();
    expect(mapper.map('/home/ci/work/src/server/game/Maps/MAP.cpp')).toBeNull();
  });

  it('resolves ambiguity by the longest suffix, else leaves the path unmapped', () => {
    expect(mapper.map('/home/ci/work/src/common/Util.cpp')).toBe('src/common/Util.cpp');
    expect(mapper.map('/ci/server/shared/Util.cpp')).toBe('src/server/shared/Util.cpp');
    expect(mapper.map('/elsewhere/Util.cpp')).toBeNull();
  });

  it('maps a unique file name even when the folders moved', () => {
    expect(mapper.map('/old/layout/game/Map.cpp')).toBe('src/server/game/Maps/Map.cpp');
  });

  it('leaves files that are not in the repository unmapped', () => {
    for (const recorded of ['/usr/include/c++/13/bits/stl_vector.h', '/home/ci/work/src/server/game/Other.cpp', 'Unknown.cpp', '', null]) {
      expect(mapper.map(recorded)).toBeNull();
    }
  });

  it('never maps toolchain and OS sources, whatever their names', () => {
    const withSystemNames = createPathMapper(['third/include/vector', 'src/raise.c', 'src/string/strlen.c', 'malloc/malloc.c']);
    expect(withSystemNames.map('C:\\Program Files\\Microsoft Visual Studio\\2022\\VC\\Tools\\MSVC\\14.38\\include\\vector')).toBeNull();
    expect(withSystemNames.map('/usr/include/string/strlen.c')).toBeNull();
    expect(withSystemNames.map('/build/glibc-abc/malloc/malloc.c')).toBeNull();
    expect(withSystemNames.map('../sysdeps/unix/sysv/linux/raise.c')).toBeNull();
    expect(withSystemNames.map('d:\\a01\\_work\\src\\vctools\\crt\\vcstartup\\src\\raise.c')).toBeNull();
  });

  it('accepts repository files given with backslashes or ./ and ignores duplicates', () => {
    const m = createPathMapper(['.\\src\\a.cpp', './src/a.cpp', 'src//b.cpp']);
    expect(m.map('/ci/src/a.cpp')).toBe('src/a.cpp');
    expect(m.map('C:\\ci\\src\\b.cpp')).toBe('src/b.cpp');
  });

  it('keeps same-named files in different folders apart among many', () => {
    const files = Array.from({ length: 5_000 }, (_, i) => `src/module${i}/Handler.cpp`);
    const m = createPathMapper(files);
    const mapped = [0, 1, 2_500, 4_999].map((i) => m.map(`C:\\ci\\src\\Module${i}\\handler.cpp`));
    expect(mapped).toEqual(['src/module0/Handler.cpp', 'src/module1/Handler.cpp', 'src/module2500/Handler.cpp', 'src/module4999/Handler.cpp']);
    expect(m.map('/ci/src/module7/handler.cpp')).toBeNull();
  });
});

describe('path helpers', () => {
  it('recognises Windows paths', () => {
    expect(isWindowsPath('C:\\x\\y.cpp')).toBe(true);
    expect(isWindowsPath('c:/x/y.cpp')).toBe(true);
    expect(isWindowsPath('src\\y.cpp')).toBe(true);
    expect(isWindowsPath('/home/y.cpp')).toBe(false);
    expect(isWindowsPath('src/y.cpp')).toBe(false);
  });

  it('splits and resolves . and ..', () => {
    expect(splitPath('/a/./b/../c.cpp')).toEqual({ parts: ['a', 'c.cpp'], absolute: true });
    expect(splitPath('../../a/c.cpp')).toEqual({ parts: ['..', '..', 'a', 'c.cpp'], absolute: false });
    expect(splitPath('C:\\a\\c.cpp')).toEqual({ parts: ['a', 'c.cpp'], absolute: true });
    expect(normalizeRepoPath('./src\\a.cpp')).toBe('src/a.cpp');
  });
});
