import { describe, expect, it } from 'vitest';
import { splitCommandLine } from '../../../src/toolchain/command-line.js';

describe('splitCommandLine', () => {
  it('splits words and honours quotes and escapes', () => {
    expect(splitCommandLine(`make -j4  "CXXFLAGS=-O2 -g" 'a "b"' c\\ d ""`, 'build-command', 'linux')).toEqual(['make', '-j4', 'CXXFLAGS=-O2 -g', 'a "b"', 'c d', '']);
    expect(splitCommandLine('"say \\"hi\\""', 'build-command', 'linux')).toEqual(['say "hi"']);
  });

  it('keeps backslashes as path separators on Windows', () => {
    expect(splitCommandLine('C:\\tools\\build.exe /m', 'build-command', 'win32')).toEqual(['C:\\tools\\build.exe', '/m']);
  });

  it.each([
    ['make && make test', "'&'"],
    ['make | tee log', "'|'"],
    ['make > log', "'>'"],
    ['make $TARGET', "'$'"],
    ['echo "$(id)"', "'$' inside double quotes"],
  ])('refuses shell syntax in %j', (command, what) => {
    expect(() => splitCommandLine(command, 'build-command', 'linux')).toThrow(`Setting 'build-command' uses ${what}, which needs a shell`);
  });

  it('refuses an unclosed quote and an empty command', () => {
    expect(() => splitCommandLine('make "all', 'test-command', 'linux')).toThrow("Setting 'test-command' has an unclosed double quote");
    expect(() => splitCommandLine('   ', 'test-command', 'linux')).toThrow("Setting 'test-command' is empty");
  });
});

describe('splitCommandLine with placeholders', () => {
  const places = ['{build-dir}', '{work-tree}'];
  it('keeps the named placeholders for the caller and still refuses other braces', () => {
    expect(splitCommandLine('{build-dir}/bin/worldserver --config {work-tree}/etc/ws.conf', 'repro-command', 'linux', places)).toEqual([
      '{build-dir}/bin/worldserver',
      '--config',
      '{work-tree}/etc/ws.conf',
    ]);
    expect(() => splitCommandLine('{build-dir}/ws {a,b}', 'repro-command', 'linux', places)).toThrow("Setting 'repro-command' uses '{', which needs a shell");
    expect(() => splitCommandLine('{build-dir}/ws', 'build-command', 'linux')).toThrow("Setting 'build-command' uses '{'");
  });
});
