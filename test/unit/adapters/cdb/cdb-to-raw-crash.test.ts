import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CrashAutofixError } from '../../../../src/base/errors.js';
import { UNKNOWN_EXCEPTION_CODE, crashingThread } from '../../../../src/domain/raw-crash.js';
import { parseCdbOutput } from '../../../../src/adapters/cdb/parse-cdb-output.js';
import { toRawCrash } from '../../../../src/adapters/cdb/cdb-to-raw-crash.js';
import { corpusFolder } from '../../../fixtures/corpus.js';

const cdb = corpusFolder('cdb');
const corpus = (name: string): string => readFileSync(cdb.file(name), 'utf8');

const NEW_LAYOUT = [
  '(15a8.1d2c): Access violation - code c0000005 (first/second chance not available)',
  '0:000> !analyze -v',
  '*                        Exception Analysis                                   *',
  '',
  'EXCEPTION_RECORD:  (.exr -1)',
  'ExceptionAddress: 00007ff66d771101 (AccessV!main+0x0000000000000101)',
  '   ExceptionCode: c0000005 (Access violation)',
  'NumberParameters: 2',
  '   Parameter[0]: 0000000000000001',
  '   Parameter[1]: 0000000000000000',
  'Attempt to write to address 0000000000000000',
  '',
  'PROCESS_NAME:  AccessV.exe',
  '',
  'STACK_TEXT:  ',
  '00000099`09b0fe70 00007ff6`6d7715c0     : 00000000`00000000 00000000`00000000 00000000`00000000 00000000`00000000 : AccessV!main+0x101',
  '00000099`09b0fed0 00007ff9`5d9826ad     : 00000000`00000000 00000000`00000000 00000000`00000000 00000000`00000000 : AccessV!__scrt_common_main_seh+0x10c',
  '00000099`09b0ff10 00000000`00000000     : 00000000`00000000 00000000`00000000 00000000`00000000 00000000`00000000 : 0x00007ff9`5f92aa68',
  '',
  'FAULTING_SOURCE_FILE:  C:\\src\\AccessV\\AccessV.cpp',
  '',
  'FAULTING_SOURCE_LINE_NUMBER:  37',
  '',
  'SYMBOL_NAME:  accessv!main+101',
  '',
  'MODULE_NAME: AccessV',
  '',
  'FAILURE_BUCKET_ID:  NULL_POINTER_WRITE_c0000005_AccessV.exe!main',
  '',
  '0:000> lm',
  'start             end                 module name',
  '00007ff6`6d770000 00007ff6`6d776000   AccessV  C (private pdb symbols)  C:\\build\\AccessV.pdb',
].join('\n');

describe('toRawCrash', () => {
  it('maps exception, faulting thread, frames, modules, process and analysis', () => {
    const raw = toRawCrash(parseCdbOutput(NEW_LAYOUT), '10.0.22621.2428');
    expect(raw.debugger).toEqual({ name: 'cdb', version: '10.0.22621.2428' });
    expect(raw.exception).toEqual({
      code: 'c0000005',
      name: 'EXCEPTION_ACCESS_VIOLATION',
      address: '0x0',
      description: 'Attempt to write to address 0000000000000000',
    });
    expect(raw.crashingThreadId).toBe('1d2c');
    expect(raw.threads).toHaveLength(1);
    expect(crashingThread(raw)?.frames).toEqual([
      // Frame 0 is the faulting instruction; SYMBOL_NAME names it, so FAULTING_SOURCE_* belong to it.
      { index: 0, address: '0x7ff66d771101', module: 'AccessV', function: 'main', file: 'C:\\src\\AccessV\\AccessV.cpp', line: 37, inline: false },
      { index: 1, address: '0x7ff66d7715c0', module: 'AccessV', function: '__scrt_common_main_seh', file: null, line: null, inline: false },
      { index: 2, address: '0x7ff95f92aa68', module: null, function: null, file: null, line: null, inline: false },
    ]);
    expect(raw.modules).toEqual([{ name: 'AccessV', path: 'C:\\build\\AccessV.pdb', base: '0x7ff66d770000', end: '0x7ff66d776000', version: null }]);
    expect(raw.process).toEqual({ name: 'AccessV.exe', pid: 0x15a8, commandLine: null });
    expect(raw.analysis).toEqual({
      failureBucketId: 'NULL_POINTER_WRITE_c0000005_AccessV.exe!main',
      symbolName: 'accessv!main+101',
      moduleName: 'AccessV',
      faultingSource: { file: 'C:\\src\\AccessV\\AccessV.cpp', line: 37 },
    });
  });

  cdb.it('puts FAULTING_SOURCE on the frame SYMBOL_NAME names, not on frame 0', () => {
    const raw = toRawCrash(parseCdbOutput(corpus('x64-av-read-nonnull-ntdll-symbols-newfmt.txt')), null);
    const frames = crashingThread(raw)?.frames ?? [];
    expect(frames[0]).toMatchObject({ module: 'ntdll', function: 'RtlInitUnicodeStringEx', file: null, address: '0x7ff8329aa826' });
    expect(frames[5]).toMatchObject({ module: 'AccessV', function: 'main', file: 'C:\\Users\\User\\source\\repos\\AccessV\\AccessV\\AccessV.cpp', line: 21 });
    expect(raw.crashingThreadId).toBe('0');
  });

  cdb.it('turns a kernel bugcheck into an exception named after it', () => {
    const raw = toRawCrash(parseCdbOutput(corpus('kernel-x64-bugcheck-d1-tunnel.txt')), null);
    expect(raw.exception).toMatchObject({ code: '000000d1', name: 'DRIVER_IRQL_NOT_LESS_OR_EQUAL', address: '0x8' });
    expect(raw.process.name).toBe('System');
    expect(raw.analysis?.failureBucketId).toBe('AV_tunnel!TeredoWfpRemoveHashEntry');
  });

  it('has no analysis block for a stack listing and keeps inline and source facts', () => {
    const text = [
      '(1538.1144): Access violation - code c0000005 (first/second chance not available)',
      '0:000> kn',
      ' # Child-SP          RetAddr               Call Site',
      '00 (Inline Function) --------`--------     app!store+0x5 [C:\\src\\store.h @ 12]',
      '01 000000d1`1bff72a0 00007ffd`76f61030     app!main+0x40 [C:\\src\\main.cpp @ 30]',
      '02 000000d1`1bff72e0 00000000`00000000     app!start+0x10',
    ].join('\n');
    const raw = toRawCrash(parseCdbOutput(text), null);
    expect(raw.analysis).toBeNull();
    expect(raw.crashingThreadId).toBe('1144');
    expect(crashingThread(raw)?.frames.map((f) => [f.function, f.inline, f.file, f.line, f.address])).toEqual([
      ['store', true, 'C:\\src\\store.h', 12, null],
      ['main', false, 'C:\\src\\main.cpp', 30, null],
      ['start', false, null, null, '0x7ffd76f61030'],
    ]);
  });

  it('takes a stack listing without an exception record, with the exception unknown', () => {
    const text = [
      '0:000> k',
      ' # Child-SP          RetAddr               Call Site',
      '00 000000d1`1bff72a0 00007ffd`76f61030     app!Store::put+0x40',
      '01 000000d1`1bff72e0 00000000`00000000     app!main+0x10',
    ].join('\n');
    const raw = toRawCrash(parseCdbOutput(text), null);
    expect(raw.exception).toEqual({ code: UNKNOWN_EXCEPTION_CODE, name: 'Unknown exception (a stack listing without an exception record)', address: null, description: null });
    expect(crashingThread(raw)?.frames.map((f) => f.function)).toEqual(['Store::put', 'main']);
  });

  it('refuses text that shows neither an exception nor a stack', () => {
    const attempt = (): unknown => toRawCrash(parseCdbOutput(['0:019> .ecxr', 'rax=000000ccd22f6aa8 rbx=0000000000000000 rcx=0000000000000000'].join('\n')), null);
    expect(attempt).toThrow(CrashAutofixError);
    expect(attempt).toThrow(/no exception record, exception code, bugcheck or stack/);
  });

  cdb.it('produces lower-case 0x addresses and positive lines for every corpus crash', () => {
    let mapped = 0;
    for (const file of cdb.list('.txt')) {
      const analysis = parseCdbOutput(corpus(file));
      if (analysis.exceptionCode === null && analysis.bugcheck === null) continue;
      const raw = toRawCrash(analysis, null);
      mapped++;
      expect(raw.exception.code, file).toMatch(/^[0-9a-f]{8}$/);
      for (const value of [raw.exception.address, ...raw.modules.flatMap((m) => [m.base, m.end])]) {
        if (value !== null) expect(value, file).toMatch(/^0x[0-9a-f]+$/);
      }
      for (const frame of raw.threads.flatMap((t) => t.frames)) {
        if (frame.address !== null) expect(frame.address, file).toMatch(/^0x[0-9a-f]+$/);
        if (frame.line !== null) expect(frame.line, file).toBeGreaterThan(0);
        expect(frame.function ?? '', file).not.toMatch(/\+0x[0-9a-f]+$/);
      }
    }
    expect(mapped).toBeGreaterThanOrEqual(25);
  });
});
