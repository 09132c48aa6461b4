import { describe, expect, it } from 'vitest';
import { buildCdbArgs } from '../../../../src/adapters/cdb/cdb-args.js';
import { ExecCdbClient, type CdbAnalyzeInput } from '../../../../src/adapters/cdb/cdb-client.js';
import { crashingThread } from '../../../../src/domain/raw-crash.js';
import { CrashAutofixError } from '../../../../src/base/errors.js';
import { FakeProcessRunner } from '../../../fakes/fake-process-runner.js';

const CDB = 'C:\\Program Files (x86)\\Windows Kits\\10\\Debuggers\\x64\\cdb.exe';
const ENV = { 'ProgramFiles(x86)': 'C:\\Program Files (x86)', ProgramFiles: 'C:\\Program Files', Path: 'C:\\Windows' };
const exists = (p: string): Promise<boolean> => Promise.resolve(p === CDB);

const INPUT: CdbAnalyzeInput = {
  dumpPath: 'C:\\dumps\\AccessV.exe.5544.dmp',
  executablePath: 'C:\\build\\bin\\AccessV.exe',
  symbolPath: ['C:\\build\\pdb'],
  symbolCacheDir: 'C:\\symcache',
  sourcePath: ['C:\\src'],
  timeoutMs: 90_000,
};

/** What cdb prints for our command script on a dump with a null-pointer write. */
const SESSION = [
  'Microsoft (R) Windows Debugger Version 10.0.22621.2428 AMD64',
  'Copyright (c) Microsoft Corporation. All rights reserved.',
  '',
  'Loading Dump File [C:\\dumps\\AccessV.exe.5544.dmp]',
  'User Mini Dump File with Full Memory: Only application data is available',
  '',
  'This dump file has an exception of interest stored in it.',
  'The stored exception information can be accessed via .ecxr.',
  '(15a8.1d2c): Access violation - code c0000005 (first/second chance not available)',
  'For analysis of this file, run !analyze -v',
  'AccessV!store+0x5:',
  '00007ff6`6d771101 c7032a000000    mov     dword ptr [rbx],2Ah ds:00000000`00000000=????????',
  "0:000> cdb: Reading initial command '.lines -e; .echo @@crash-autofix:analyze@@; !analyze -v; .echo @@crash-autofix:end@@; q'",
  'Line number information will be loaded',
  '@@crash-autofix:analyze@@',
  '*******************************************************************************',
  '*                        Exception Analysis                                   *',
  '*******************************************************************************',
  '',
  'EXCEPTION_RECORD:  (.exr -1)',
  'ExceptionAddress: 00007ff66d771101 (AccessV!main+0x0000000000000101)',
  '   ExceptionCode: c0000005 (Access violation)',
  '  ExceptionFlags: 00000000',
  'NumberParameters: 2',
  '   Parameter[0]: 0000000000000001',
  '   Parameter[1]: 0000000000000000',
  'Attempt to write to address 0000000000000000',
  '',
  'PROCESS_NAME:  AccessV.exe',
  '',
  'STACK_TEXT:  ',
  '00000099`09b0fe70 00007ff6`6d7715c0     : 00000000`00000000 00000000`00000000 00000000`00000000 00000000`00000000 : AccessV!main+0x101',
  '',
  'SYMBOL_NAME:  AccessV!main+101',
  '',
  'MODULE_NAME: AccessV',
  '',
  'FAILURE_BUCKET_ID:  NULL_POINTER_WRITE_c0000005_AccessV.exe!main',
  '',
  'Followup:     MachineOwner',
  '---------',
  '',
  '@@crash-autofix:stack@@',
  '.  0  Id: 15a8.1d2c Suspend: 0 Teb: 00000099`09a2e000 Unfrozen',
  'AccessV!store+0x5:',
  '00007ff6`6d771101 c7032a000000    mov     dword ptr [rbx],2Ah ds:00000000`00000000=????????',
  '  *** Stack trace for last set context - .thread/.cxr resets it',
  ' # Child-SP          RetAddr               Call Site',
  '00 (Inline Function) --------`--------     AccessV!store+0x5 [C:\\src\\AccessV\\store.h @ 12]',
  '01 00000099`09b0fe70 00007ff6`6d7715c0     AccessV!main+0x101 [C:\\src\\AccessV\\AccessV.cpp @ 35]',
  '02 00000099`09b0fed0 00007ff9`5d9826ad     AccessV!__scrt_common_main_seh+0x10c [D:\\a\\_work\\1\\s\\src\\vctools\\crt\\vcstartup\\src\\startup\\exe_common.inl @ 288]',
  '03 00000099`09b0ff10 00007ff9`5f92aa68     KERNEL32!BaseThreadInitThunk+0x1d',
  '04 00000099`09b0ff40 00000000`00000000     ntdll!RtlUserThreadStart+0x28',
  '@@crash-autofix:modules@@',
  'start             end                 module name',
  '00007ff6`6d770000 00007ff6`6d776000   AccessV  C (private pdb symbols)  C:\\build\\pdb\\AccessV.pdb',
  '00007ff9`5d970000 00007ff9`5da32000   KERNEL32   (pdb symbols)          C:\\symcache\\kernel32.pdb\\4B3A\\kernel32.pdb',
  '00007ff9`5f8d0000 00007ff9`5fae7000   ntdll      (deferred)             ',
  '@@crash-autofix:end@@',
  'quit:',
  '',
].join('\r\n');

function runner(): FakeProcessRunner {
  return new FakeProcessRunner().on({ command: CDB, args: ['-version'] }, { stdout: 'cdb version 10.0.22621.2428\r\n' });
}

async function client(fake: FakeProcessRunner): Promise<ExecCdbClient> {
  return ExecCdbClient.create({ runner: fake, platform: 'win32', env: ENV, exists });
}

async function failure(promise: Promise<unknown>): Promise<CrashAutofixError> {
  const error = await promise.then(
    () => new Error('expected a failure'),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CrashAutofixError);
  expect((error as Error).message).not.toMatch(/\n/);
  return error as CrashAutofixError;
}

describe('ExecCdbClient.create', () => {
  it('locates cdb and records its version', async () => {
    const fake = runner();
    const c = await client(fake);
    expect(c.cdbPath).toBe(CDB);
    expect(c.version).toBe('10.0.22621.2428');
    expect(fake.calls.map((call) => [call.command, call.args])).toEqual([[CDB, ['-version']]]);
  });

  it('refuses a cdb older than the Windows 10 debuggers', async () => {
    const fake = new FakeProcessRunner().on({ args: ['-version'] }, { stdout: 'cdb version 6.3.9600.16384' });
    const e = await failure(client(fake));
    expect(e.kind).toBe('tool-missing');
    expect(e.message).toContain('6.3.9600.16384');
    expect(e.message).toContain('Debugging Tools for Windows');
  });

  it('fails when the program does not report a cdb version', async () => {
    const fake = new FakeProcessRunner().on({ args: ['-version'] }, { exitCode: 1, stderr: 'not a debugger' });
    const e = await failure(client(fake));
    expect(e.kind).toBe('tool-failed');
    expect(e.message).toContain('exit code 1: not a debugger');
  });

  it('does not run anything when cdb is not found', async () => {
    const fake = runner();
    const e = await failure(ExecCdbClient.create({ runner: fake, platform: 'win32', env: ENV, exists: () => Promise.resolve(false) }));
    expect(e.kind).toBe('tool-missing');
    expect(fake.calls).toEqual([]);
  });
});

describe('ExecCdbClient.analyze', () => {
  it('runs the command script with the timeout and returns the crash', async () => {
    const fake = runner().on({ command: CDB, argsInclude: ['-z'] }, { stdout: SESSION });
    const raw = await (await client(fake)).analyze(INPUT);
    const call = fake.calls[1];
    expect(call?.args).toEqual(buildCdbArgs(INPUT));
    expect(call?.options?.timeoutMs).toBe(90_000);
    expect(raw.debugger).toEqual({ name: 'cdb', version: '10.0.22621.2428' });
    expect(raw.exception).toEqual({ code: 'c0000005', name: 'EXCEPTION_ACCESS_VIOLATION', address: '0x0', description: 'Attempt to write to address 0000000000000000' });
    expect(raw.crashingThreadId).toBe('1d2c');
    expect(raw.process).toEqual({ name: 'AccessV.exe', pid: 0x15a8, commandLine: null });
    expect(crashingThread(raw)?.frames.slice(0, 3)).toEqual([
      { index: 0, address: '0x7ff66d771101', module: 'AccessV', function: 'store', file: 'C:\\src\\AccessV\\store.h', line: 12, inline: true },
      { index: 1, address: '0x7ff66d771101', module: 'AccessV', function: 'main', file: 'C:\\src\\AccessV\\AccessV.cpp', line: 35, inline: false },
      {
        index: 2,
        address: '0x7ff66d7715c0',
        module: 'AccessV',
        function: '__scrt_common_main_seh',
        file: 'D:\\a\\_work\\1\\s\\src\\vctools\\crt\\vcstartup\\src\\startup\\exe_common.inl',
        line: 288,
        inline: false,
      },
    ]);
    expect(raw.modules.map((m) => m.name)).toEqual(['AccessV', 'KERNEL32', 'ntdll']);
    expect(raw.analysis?.failureBucketId).toBe('NULL_POINTER_WRITE_c0000005_AccessV.exe!main');
  });

  it('reports a timeout and says to raise debugger-timeout', async () => {
    const fake = runner().on({ argsInclude: ['-z'] }, { timedOut: true, exitCode: null, signal: 'SIGKILL', stdout: SESSION.slice(0, 400) });
    const e = await failure((await client(fake)).analyze(INPUT));
    expect(e.kind).toBe('timeout');
    expect(e.message).toContain('90 s');
    expect(e.message).toContain('debugger-timeout');
  });

  it('says when the file is not a dump', async () => {
    const stdout = [
      'Microsoft (R) Windows Debugger Version 10.0.22621.2428 AMD64',
      '',
      'Loading Dump File [C:\\dumps\\AccessV.exe.5544.dmp]',
      'Could not open dump file [C:\\dumps\\AccessV.exe.5544.dmp], Win32 error 0n87',
      '    "The parameter is incorrect."',
    ].join('\r\n');
    const fake = runner().on({ argsInclude: ['-z'] }, { exitCode: 1, stdout });
    const e = await failure((await client(fake)).analyze(INPUT));
    expect(e.kind).toBe('bad-input');
    expect(e.message).toContain('AccessV.exe.5544.dmp');
    expect(e.message).toContain('Win32 error 0n87');
  });

  it("recognises cdb's \"Couldn't identify the dump\" message", async () => {
    const fake = runner().on({ argsInclude: ['-z'] }, { exitCode: 0, stdout: "Couldn't identify the dump file type\r\n" });
    expect((await failure((await client(fake)).analyze(INPUT))).kind).toBe('bad-input');
  });

  it('reports a non-zero exit with the last line cdb printed', async () => {
    const fake = runner().on({ argsInclude: ['-z'] }, { exitCode: -1073741819, stdout: 'Loading Dump File [x]\r\nSomething went wrong in dbgeng\r\n' });
    const e = await failure((await client(fake)).analyze(INPUT));
    expect(e.kind).toBe('tool-failed');
    expect(e.message).toContain('exit code -1073741819: Something went wrong in dbgeng');
  });

  it('notices output cut short before the end marker', async () => {
    const cut = SESSION.slice(0, SESSION.indexOf('@@crash-autofix:modules@@'));
    const fake = runner().on({ argsInclude: ['-z'] }, { stdout: cut });
    const e = await failure((await client(fake)).analyze(INPUT));
    expect(e.kind).toBe('tool-failed');
    expect(e.message).toContain('before finishing its command script');
  });

  it('refuses a dump without an exception', async () => {
    const stdout = [
      '@@crash-autofix:analyze@@',
      'Unable to get exception context, HRESULT 0x8000FFFF',
      '@@crash-autofix:stack@@',
      ' # Child-SP          RetAddr               Call Site',
      '00 00000099`09b0f000 00007ff9`5f92aa68     ntdll!NtWaitForSingleObject+0x14',
      '@@crash-autofix:modules@@',
      '@@crash-autofix:end@@',
    ].join('\n');
    const fake = runner().on({ argsInclude: ['-z'] }, { stdout });
    const e = await failure((await client(fake)).analyze(INPUT));
    expect(e.kind).toBe('bad-input');
    expect(e.message).toContain('no exception');
  });
});

describe('FakeProcessRunner', () => {
  it('answers once-rules a single time and rejects calls nobody scripted', async () => {
    const fake = new FakeProcessRunner().once({ command: 'cdb' }, { stdout: 'first' }).on({ command: /cdb/ }, (call) => ({ stdout: call.args.join(' ') }));
    expect((await fake.run('cdb', ['-a'])).stdout).toBe('first');
    expect(await fake.run('cdb', ['-b'], { timeoutMs: 5 })).toEqual({ exitCode: 0, signal: null, stdout: '-b', stderr: '', timedOut: false, durationMs: 0 });
    await expect(fake.run('gdb', [])).rejects.toThrow(/no scripted result for gdb/);
    expect(fake.callsTo('cdb').map((c) => c.options)).toEqual([undefined, { timeoutMs: 5 }]);
  });
});
