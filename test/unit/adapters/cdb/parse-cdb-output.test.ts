import { describe, expect, it } from 'vitest';
import { parseCdbOutput } from '../../../../src/adapters/cdb/parse-cdb-output.js';
import { exceptionName } from '../../../../src/domain/exceptions/windows-exceptions.js';

/** A small new-layout `!analyze -v`; `fields` are spliced in before STACK_TEXT. */
function analyze(record: string, fields: string, stack: string): string {
  return [
    '0:000> !analyze -v',
    '*******************************************************************************',
    '*                        Exception Analysis                                   *',
    '*******************************************************************************',
    '',
    'KEY_VALUES_STRING: 1',
    '',
    '    Key  : Failure.Bucket',
    '    Value: NULL_POINTER_WRITE_c0000005_App.exe!store',
    '',
    'EXCEPTION_RECORD:  (.exr -1)',
    record,
    '',
    fields,
    '',
    'STACK_TEXT:  ',
    stack,
    '',
    '',
    'SYMBOL_NAME:  app!store+1a',
    '',
    'MODULE_NAME: app',
    '',
    'FAILURE_BUCKET_ID:  NULL_POINTER_WRITE_c0000005_App.exe!store',
    '',
    'Followup:     MachineOwner',
    '---------',
  ].join('\n');
}

const AV_RECORD = [
  'ExceptionAddress: 00007ff6`6d771101 (app!store+0x000000000000001a)',
  '   ExceptionCode: c0000005 (Access violation)',
  '  ExceptionFlags: 00000000',
  'NumberParameters: 2',
  '   Parameter[0]: 0000000000000001',
  '   Parameter[1]: 0000000000000010',
  'Attempt to write to address 0000000000000010',
].join('\n');

const STACK = [
  '00000099`09b0fe40 00007ff6`6d7715c0     : 00000000`00000000 00000000`00000000 00000000`00000000 00000000`00000000 : app!store+0x1a',
  '00000099`09b0fe70 00007ff9`5d9826ad     : 00000000`00000000 00000000`00000000 00000000`00000000 00000000`00000000 : app!main+0x40',
].join('\n');

const SAMPLE = analyze(AV_RECORD, 'PROCESS_NAME:  App.exe\n\nFAULTING_THREAD:  00001d2c', STACK);

describe('parseCdbOutput', () => {
  it('reads the exception, bucket, symbol and stack of a new-layout analysis', () => {
    const a = parseCdbOutput(SAMPLE);
    expect(a).toMatchObject({
      format: 'new',
      exceptionCode: 'c0000005',
      exceptionName: 'EXCEPTION_ACCESS_VIOLATION',
      exceptionAddress: '0x10',
      instructionAddress: '0x7ff66d771101',
      instructionSymbol: 'app!store+0x000000000000001a',
      description: 'Attempt to write to address 0000000000000010',
      failureBucketId: 'NULL_POINTER_WRITE_c0000005_App.exe!store',
      symbolName: 'app!store+1a',
      moduleName: 'app',
      processName: 'App.exe',
      threadId: '1d2c',
      stackSource: 'stack-text',
    });
    expect(a.frames.map((f) => f.callSite)).toEqual(['app!store+0x1a', 'app!main+0x40']);
    expect(a.keyValues['Failure.Bucket']).toBe('NULL_POINTER_WRITE_c0000005_App.exe!store');
  });

  it('gives the same result for CRLF, indented, tab-indented and trailing-space text', () => {
    const plain = parseCdbOutput(SAMPLE);
    const variants = [
      SAMPLE.replace(/\n/g, '\r\n'),
      SAMPLE.split('\n').map((l) => `    ${l}`).join('\n'),
      SAMPLE.split('\n').map((l) => `\t${l}   `).join('\r\n'),
    ];
    for (const text of variants) expect(parseCdbOutput(text)).toEqual(plain);
  });

  it('takes the exception code from the record, never from a bucket string', () => {
    const codeStrOnly = analyze('', 'EXCEPTION_CODE_STR:  c0000409', STACK);
    expect(parseCdbOutput(codeStrOnly).exceptionCode).toBe('c0000409');
    const bucketOnly = analyze('', 'PROCESS_NAME:  App.exe', STACK);
    expect(parseCdbOutput(bucketOnly).exceptionCode).toBeNull();
    const both = analyze(AV_RECORD, 'EXCEPTION_CODE_STR:  80131509', STACK);
    expect(parseCdbOutput(both).exceptionCode).toBe('c0000005');
  });

  it('falls back to the event banner for the code, pid and thread', () => {
    const text = [
      '(15a8.1d2c): Integer divide-by-zero - code c0000094 (first/second chance not available)',
      '0:000> k',
      ' # Child-SP          RetAddr               Call Site',
      '00 00000063`2036f7e0 00007ff6`3be110b8     MyApp!MyFunction+0x44',
    ].join('\n');
    expect(parseCdbOutput(text)).toMatchObject({
      format: 'stack-only',
      exceptionCode: 'c0000094',
      exceptionName: 'EXCEPTION_INT_DIVIDE_BY_ZERO',
      exceptionAddress: null,
      description: 'Integer divide-by-zero',
      processId: 0x15a8,
      threadId: '1d2c',
      stackSource: 'listing',
    });
  });

  it('ignores the pseudo thread ffffffff and reports no data address for non-AV codes', () => {
    const record = [
      'ExceptionAddress: 00007ff874d9c239 (ntdll!RtlReportFatalFailure+0x0000000000000009)',
      '   ExceptionCode: c0000374',
      '  ExceptionFlags: 00000081',
      'NumberParameters: 1',
      '   Parameter[0]: 00007ff874e118a0',
    ].join('\n');
    const a = parseCdbOutput(analyze(record, 'ERROR_CODE: (NTSTATUS) 0xc0000374 - A heap has been corrupted.\n\nFAULTING_THREAD:  ffffffff', STACK));
    expect(a.threadId).toBeNull();
    expect(a.exceptionAddress).toBeNull();
    expect(a.exceptionName).toBe('STATUS_HEAP_CORRUPTION');
    expect(a.description).toBe('A heap has been corrupted.');
  });

  it('does not use localised printf templates from ERROR_CODE as a description', () => {
    const record = '   ExceptionCode: c0000409\nNumberParameters: 0';
    const a = parseCdbOutput(analyze(record, 'ERROR_CODE: (NTSTATUS) 0xc0000409 - Instrukcja spod 0x%08lx odwo', STACK));
    expect(a.description).toBeNull();
  });

  it('prefers STACK_TEXT over later k listings in pasted text, and falls back when it is empty', () => {
    const later = '\n0:000> ~*k\n\n#  0  Id: 15a8.1d2c Suspend: 0 Teb: 00000099`09a2e000 Unfrozen\n # Child-SP          RetAddr           Call Site\n00 00000099`09b0f000 00007ff9`5f92aa68 ntdll!NtWaitForSingleObject+0x14\n';
    expect(parseCdbOutput(SAMPLE + later).frames[0]?.callSite).toBe('app!store+0x1a');
    const empty = analyze(AV_RECORD, '', '') + later;
    const a = parseCdbOutput(empty);
    expect(a.stackSource).toBe('listing');
    expect(a.frames.map((f) => f.callSite)).toEqual(['ntdll!NtWaitForSingleObject+0x14']);
  });

  it('reads the kernel bugcheck header, its wrapped arguments and READ_ADDRESS on a continuation line', () => {
    const text = [
      '0: kd> !analyze -v',
      '*                        Bugcheck Analysis                                    *',
      '',
      'DRIVER_IRQL_NOT_LESS_OR_EQUAL (d1)',
      'An attempt was made to access a pageable (or completely invalid) address at an',
      'interrupt request level (IRQL) that is too high.  This is usually',
      'caused by drivers using improper addresses.',
      'Arguments:',
      'Arg1: 0000000000000008, memory referenced',
      'Arg2: 0000000000000002, IRQL which is',
      '    wrapped onto a second line',
      'Arg3: 0000000000000000, value 0 = read operation, 1 = write operation',
      'Arg4: fffff8068a1c75b0, address which referenced memory',
      '',
      'BUGCHECK_CODE:  d1',
      '',
      'READ_ADDRESS: unable to get nt!PspSessionIdBitmap',
      ' 0000000000000008 ',
      '',
      'PROCESS_NAME:  System',
    ].join('\n');
    const a = parseCdbOutput(text);
    expect(a.format).toBe('kernel');
    expect(a.exceptionCode).toBeNull();
    expect(a.exceptionName).toBe('DRIVER_IRQL_NOT_LESS_OR_EQUAL');
    expect(a.exceptionAddress).toBe('0x8');
    expect(a.bugcheck).toEqual({
      name: 'DRIVER_IRQL_NOT_LESS_OR_EQUAL',
      code: '0xd1',
      summary: 'An attempt was made to access a pageable (or completely invalid) address at an interrupt request level (IRQL) that is too high.',
      args: ['0x8', '0x2', '0x0', '0xfffff8068a1c75b0'],
    });
  });

  it('parses lm output up to the unloaded modules', () => {
    const text = [
      '0:000> lm',
      'start             end                 module name',
      '00007ff6`6d770000 00007ff6`6d776000   AccessV  C (private pdb symbols)  C:\\build\\pdb\\AccessV.pdb',
      '00007ff9`5d970000 00007ff9`5da32000   KERNEL32   (pdb symbols)          C:\\symcache\\kernel32.pdb\\4B3A\\kernel32.pdb',
      '00007ff9`5f8d0000 00007ff9`5fae7000   ntdll      (deferred)             ',
      '6b570000 6b5d4000   verifier T (export symbols)       verifier.dll',
      '',
      'Unloaded modules:',
      '00007ff9`11110000 00007ff9`11120000   gone.dll',
    ].join('\n');
    expect(parseCdbOutput(text).modules).toEqual([
      { name: 'AccessV', start: '0x7ff66d770000', end: '0x7ff66d776000', symbolStatus: 'private pdb symbols', path: 'C:\\build\\pdb\\AccessV.pdb' },
      { name: 'KERNEL32', start: '0x7ff95d970000', end: '0x7ff95da32000', symbolStatus: 'pdb symbols', path: 'C:\\symcache\\kernel32.pdb\\4B3A\\kernel32.pdb' },
      { name: 'ntdll', start: '0x7ff95f8d0000', end: '0x7ff95fae7000', symbolStatus: 'deferred', path: null },
      { name: 'verifier', start: '0x6b570000', end: '0x6b5d4000', symbolStatus: 'export symbols', path: 'verifier.dll' },
    ]);
  });

  it('splits our marker sections and prefers the .ecxr kn listing with inline frames and source lines', () => {
    const text = [
      "0:000> cdb: Reading initial command '.echo @@crash-autofix:analyze@@; !analyze -v; .echo @@crash-autofix:end@@; q'",
      '@@crash-autofix:analyze@@',
      SAMPLE.replace('FAULTING_THREAD:  00001d2c', ''),
      '@@crash-autofix:stack@@',
      '.  0  Id: 15a8.1d2c Suspend: 0 Teb: 00000099`09a2e000 Unfrozen',
      'app!store+0x1a:',
      '00007ff6`6d771101 c7032a000000    mov     dword ptr [rbx],2Ah ds:00000000`00000010=????????',
      '  *** Stack trace for last set context - .thread/.cxr resets it',
      ' # Child-SP          RetAddr               Call Site',
      '00 (Inline Function) --------`--------     app!store+0x1a [C:\\src\\app\\store.h @ 12]',
      '01 00000099`09b0fe40 00007ff6`6d7715c0     app!main+0x40 [C:\\src\\app\\main.cpp @ 30]',
      '@@crash-autofix:modules@@',
      'start             end                 module name',
      '00007ff6`6d770000 00007ff6`6d776000   app  C (private pdb symbols)  C:\\build\\app.pdb',
      '@@crash-autofix:end@@',
      'quit:',
    ].join('\n');
    const a = parseCdbOutput(text);
    expect(a.format).toBe('new');
    expect(a.stackSource).toBe('listing');
    expect(a.threadId).toBe('1d2c');
    expect(a.processId).toBe(0x15a8);
    expect(a.frames.map((f) => [f.index, f.callSite, f.file, f.line, f.inline])).toEqual([
      [0, 'app!store+0x1a', 'C:\\src\\app\\store.h', 12, true],
      [1, 'app!main+0x40', 'C:\\src\\app\\main.cpp', 30, false],
    ]);
    expect(a.modules.map((m) => m.name)).toEqual(['app']);
  });
});

describe('exceptionName', () => {
  it('names the well-known codes and falls back to the debugger text', () => {
    expect(exceptionName('c0000005')).toBe('EXCEPTION_ACCESS_VIOLATION');
    expect(exceptionName('c00000fd')).toBe('EXCEPTION_STACK_OVERFLOW');
    expect(exceptionName('c0000409')).toBe('STATUS_STACK_BUFFER_OVERRUN');
    expect(exceptionName('80000003')).toBe('EXCEPTION_BREAKPOINT');
    expect(exceptionName('e06d7363')).toBe('C++ exception');
    expect(exceptionName('e0434352')).toBe('CLR exception');
    expect(exceptionName('c0000602')).toBe('STATUS_FAIL_FAST_EXCEPTION');
    expect(exceptionName('deadbeef', 'Something odd')).toBe('Something odd');
    expect(exceptionName('deadbeef')).toBe('Exception 0xdeadbeef');
  });
});
