import { describe, expect, it } from 'vitest';
import { parseCli } from '../../../../src/entrypoints/cli/parse-args.js';

describe('parseCli', () => {
  it('maps flags to setting values with the same names', () => {
    expect(parseCli(['analyze', '--dump', 'core', '--exe', 'srv', '--json', '--symbols', 'a,b', '--symbols', 'c'])).toEqual({
      kind: 'run',
      command: 'analyze',
      values: { dump: 'core', executable: 'srv', json: true, symbols: ['a', 'b', 'c'] },
    });
  });

  it('knows the fix command and refuses --exe with --executable', () => {
    expect(parseCli(['fix', '--report', 'r.json'])).toEqual({ kind: 'run', command: 'fix', values: { report: 'r.json' } });
    expect(() => parseCli(['analyze', '--exe', 'a', '--executable', 'b'])).toThrow(/are the same setting; give one/);
  });

  it('takes the watch folder as its one positional argument, and run as fix', () => {
    expect(parseCli(['watch', 'D:/dumps', '--once'])).toEqual({ kind: 'watch', dir: 'D:/dumps', values: { once: true } });
    expect(() => parseCli(['watch'])).toThrow(/takes one folder/);
    expect(() => parseCli(['watch', 'a', 'b'])).toThrow(/takes one folder/);
    expect(() => parseCli(['watch', 'dir', '--dump', 'core'])).toThrow(/finds the dumps itself; drop --dump/);
    expect(() => parseCli(['analyze', 'stray'])).toThrow(/run 'crash-autofix analyze --help'/);
    expect(parseCli(['run', '--dump', 'core'])).toEqual({ kind: 'run', command: 'fix', values: { dump: 'core' } });
  });

  it('answers help and version', () => {
    expect(parseCli([])).toEqual({ kind: 'help', topic: null });
    expect(parseCli(['analyze', '--help'])).toEqual({ kind: 'help', topic: 'analyze' });
    expect(parseCli(['--version'])).toEqual({ kind: 'version' });
  });

  it('rejects unknown commands and flags with a pointer to help', () => {
    expect(() => parseCli(['explode'])).toThrow(/Unknown command 'explode'; run 'crash-autofix --help'/);
    expect(() => parseCli(['analyze', '--dumpp', 'x'])).toThrow(/Unknown option '--dumpp'.*run 'crash-autofix analyze --help'/);
    expect(() => parseCli(['analyze', 'stray'])).toThrow(/run 'crash-autofix analyze --help'/);
  });
});
