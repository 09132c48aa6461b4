import { describe, expect, it } from 'vitest';
import { buildCdbArgs, cdbCommandScript } from '../../../../src/adapters/cdb/cdb-args.js';
import { CrashAutofixError } from '../../../../src/base/errors.js';

const SCRIPT =
  '.lines -e; .echo @@crash-autofix:analyze@@; !analyze -v; .echo @@crash-autofix:stack@@; ~.; .ecxr; kn 200; ' +
  '.echo @@crash-autofix:modules@@; lm; .echo @@crash-autofix:end@@; q';

describe('buildCdbArgs', () => {
  it('builds the full argument vector', () => {
    expect(
      buildCdbArgs({
        dumpPath: 'C:\\dumps\\app.exe.5544.dmp',
        executablePath: 'C:\\build\\bin\\app.exe',
        symbolPath: ['C:\\build\\pdb', 'D:\\extra syms'],
        symbolCacheDir: 'C:\\symcache',
        sourcePath: ['C:\\src\\app', 'C:\\src\\lib'],
      }),
    ).toEqual([
      '-z',
      'C:\\dumps\\app.exe.5544.dmp',
      '-y',
      'C:\\build\\pdb;D:\\extra syms;srv*C:\\symcache*https://msdl.microsoft.com/download/symbols',
      '-i',
      'C:\\build\\bin',
      '-srcpath',
      'C:\\src\\app;C:\\src\\lib',
      '-lines',
      '-c',
      SCRIPT,
    ]);
  });

  it('leaves out -i and -srcpath when there is no executable or source path', () => {
    expect(buildCdbArgs({ dumpPath: 'a.dmp', symbolCacheDir: 'C:\\cache', sourcePath: [] })).toEqual([
      '-z',
      'a.dmp',
      '-y',
      'srv*C:\\cache*https://msdl.microsoft.com/download/symbols',
      '-lines',
      '-c',
      SCRIPT,
    ]);
  });

  it('runs extra commands in their own section before quitting', () => {
    expect(cdbCommandScript(['!heap -s', ' dv /t '])).toBe(
      SCRIPT.replace('.echo @@crash-autofix:end@@', '.echo @@crash-autofix:extra@@; !heap -s; dv /t; .echo @@crash-autofix:end@@'),
    );
  });

  it('refuses paths with the separator and extra commands that quit or span lines', () => {
    expect(() => buildCdbArgs({ dumpPath: 'a.dmp', symbolCacheDir: 'C:\\cache', symbolPath: ['C:\\a;b'] })).toThrow(CrashAutofixError);
    expect(() => cdbCommandScript(['q'])).toThrow(/no quit command/);
    expect(() => cdbCommandScript(['k\nq'])).toThrow(CrashAutofixError);
    expect(() => cdbCommandScript(['  '])).toThrow(CrashAutofixError);
  });
});
