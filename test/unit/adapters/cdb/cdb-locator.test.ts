import { describe, expect, it } from 'vitest';
import { cdbCandidates, locateCdb, parseCdbVersion } from '../../../../src/adapters/cdb/cdb-locator.js';
import { CrashAutofixError } from '../../../../src/base/errors.js';

const ENV = {
  Path: 'C:\\Windows\\system32;"C:\\Tools\\Debuggers";;C:\\Windows\\System32',
  'ProgramFiles(x86)': 'C:\\Program Files (x86)',
  ProgramFiles: 'D:\\Programs',
};

const existsOnly =
  (...present: string[]) =>
  (p: string): Promise<boolean> =>
    Promise.resolve(present.includes(p));

describe('cdbCandidates', () => {
  it('lists PATH first, then the Windows Kits Debuggers folders, without duplicates', () => {
    expect(cdbCandidates('win32', ENV)).toEqual([
      'C:\\Windows\\system32\\cdb.exe',
      'C:\\Tools\\Debuggers\\cdb.exe',
      'C:\\Program Files (x86)\\Windows Kits\\10\\Debuggers\\x64\\cdb.exe',
      'C:\\Program Files (x86)\\Windows Kits\\10\\Debuggers\\arm64\\cdb.exe',
      'C:\\Program Files (x86)\\Windows Kits\\10\\Debuggers\\x86\\cdb.exe',
      'D:\\Programs\\Windows Kits\\10\\Debuggers\\x64\\cdb.exe',
      'D:\\Programs\\Windows Kits\\10\\Debuggers\\arm64\\cdb.exe',
      'D:\\Programs\\Windows Kits\\10\\Debuggers\\x86\\cdb.exe',
    ]);
  });

  it('uses the default Program Files folders when the variables are missing', () => {
    expect(cdbCandidates('win32', {})).toContain('C:\\Program Files\\Windows Kits\\10\\Debuggers\\x64\\cdb.exe');
  });
});

describe('locateCdb', () => {
  it('uses the cdb-path setting first', async () => {
    await expect(
      locateCdb({ cdbPath: 'E:\\dbg\\cdb.exe', platform: 'win32', env: ENV, exists: existsOnly('E:\\dbg\\cdb.exe', 'C:\\Tools\\Debuggers\\cdb.exe') }),
    ).resolves.toBe('E:\\dbg\\cdb.exe');
  });

  it('fails on a cdb-path that does not exist instead of silently using another cdb', async () => {
    await expect(
      locateCdb({ cdbPath: 'E:\\dbg\\cdb.exe', platform: 'win32', env: ENV, exists: existsOnly('C:\\Tools\\Debuggers\\cdb.exe') }),
    ).rejects.toThrow(/cdb-path.*E:\\\\dbg\\\\cdb\.exe/);
  });

  it('finds cdb on PATH before the Windows Kits', async () => {
    await expect(
      locateCdb({
        platform: 'win32',
        env: ENV,
        exists: existsOnly('C:\\Tools\\Debuggers\\cdb.exe', 'C:\\Program Files (x86)\\Windows Kits\\10\\Debuggers\\x64\\cdb.exe'),
      }),
    ).resolves.toBe('C:\\Tools\\Debuggers\\cdb.exe');
  });

  it('falls back to the Windows Kits arm64 debugger', async () => {
    await expect(
      locateCdb({ platform: 'win32', env: ENV, exists: existsOnly('D:\\Programs\\Windows Kits\\10\\Debuggers\\arm64\\cdb.exe') }),
    ).resolves.toBe('D:\\Programs\\Windows Kits\\10\\Debuggers\\arm64\\cdb.exe');
  });

  it('lists every place it looked and says what to install', async () => {
    const error = await locateCdb({ platform: 'win32', env: ENV, exists: existsOnly() }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CrashAutofixError);
    const e = error as CrashAutofixError;
    expect(e.kind).toBe('tool-missing');
    for (const place of cdbCandidates('win32', ENV)) expect(e.message).toContain(place);
    expect(e.message).toContain('Debugging Tools for Windows');
    expect(e.message).toContain('cdb-path');
    expect(e.message).not.toContain('\n');
  });

  it('says cdb needs Windows on other platforms', async () => {
    await expect(locateCdb({ platform: 'linux', env: { PATH: '/usr/bin' }, exists: existsOnly('/usr/bin/cdb') })).rejects.toThrow(/only on Windows/);
  });
});

describe('parseCdbVersion', () => {
  it('reads `cdb -version` and the debugger banner', () => {
    expect(parseCdbVersion('cdb version 10.0.22621.2428\n')).toMatchObject({ parts: [10, 0, 22621, 2428], text: '10.0.22621.2428' });
    expect(parseCdbVersion('Microsoft (R) Windows Debugger Version 10.0.14321.1024 AMD64')?.text).toBe('10.0.14321.1024');
    expect(parseCdbVersion('usage: something else')).toBeNull();
  });
});
