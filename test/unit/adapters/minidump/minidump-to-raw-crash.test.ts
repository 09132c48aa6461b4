import { expect, it } from 'vitest';
import { crashingThread } from '../../../../src/domain/raw-crash.js';
import { readMinidump } from '../../../../src/adapters/minidump/read-minidump.js';
import { minidumpToRawCrash } from '../../../../src/adapters/minidump/minidump-to-raw-crash.js';
import { corpusFolder } from '../../../fixtures/corpus.js';

const corpus = corpusFolder('minidump');
const raw = async (name: string) => minidumpToRawCrash(await readMinidump(corpus.file(name)));

corpus.describe('minidumpToRawCrash', () => {
  it('turns a Windows access violation into the cdb-style exception, thread and modules', async () => {
    const crash = await raw('breakpad-minidump2.dmp');
    expect(crash.debugger).toEqual({ name: 'minidump', version: null });
    expect(crash.exception).toEqual({
      code: 'c0000005',
      name: 'EXCEPTION_ACCESS_VIOLATION',
      address: '0x45',
      description: 'Attempt to write to address 0x45',
    });
    expect(crash.crashingThreadId).toBe('3060');
    expect(crash.threads.map((t) => t.id)).toEqual(['3060', '4544']);
    expect(crashingThread(crash)?.frames).toEqual([
      { index: 0, address: '0x40429e', module: 'test_app', function: null, file: null, line: null, inline: false },
    ]);
    // The other thread's frame comes from its own context (it sits in ntdll).
    expect(crash.threads[1]?.frames[0]).toMatchObject({ address: '0x7c90eb94', module: 'ntdll' });
    expect(crash.modules).toHaveLength(13);
    expect(crash.modules[1]).toEqual({
      name: 'ntdll',
      path: 'C:\\WINDOWS\\system32\\ntdll.dll',
      base: '0x7c900000',
      end: '0x7c9b0000',
      version: '5.1.2600.2180',
    });
    expect(crash.process).toEqual({ name: 'test_app.exe', pid: 3932, commandLine: null });
    expect(crash.analysis).toBeNull();
  });

  it('gives no frame module for an instruction pointer outside every module', async () => {
    const crash = await raw('breakpad-exec-av-on-stack.dmp');
    expect(crash.exception.description).toBe('Attempt to execute non-executable address 0x3df944');
    expect(crashingThread(crash)?.frames[0]).toMatchObject({ address: '0x3df944', module: null });
  });

  it('names the __fastfail subcode and gives no data address for it', async () => {
    const crash = await raw('breakpad-tiny-exe-fastfail.dmp');
    expect(crash.exception).toEqual({
      code: 'c0000409',
      name: 'STATUS_STACK_BUFFER_OVERRUN',
      address: null,
      description: 'Subcode: 0x7 FAST_FAIL_FATAL_APP_EXIT',
    });
    expect(crashingThread(crash)?.frames[0]).toMatchObject({ address: '0x7ff75355af42', module: 'tiny' });
  });

  it('carries thread names', async () => {
    const crash = await raw('breakpad-thread-name-list.dmp');
    expect(crashingThread(crash)?.name).toBe('overflow thread');
    expect(crash.threads.filter((t) => t.name !== null).map((t) => t.name)).toEqual(
      expect.arrayContaining(['main thread', 'sleep thread', 'overflow thread']),
    );
  });

  it('uses the signal for a Linux dump, with si_code and the command line', async () => {
    const inline = await raw('breakpad-linux-inline.dmp');
    expect(inline.exception).toEqual({
      code: 'SIGILL',
      name: 'Illegal instruction',
      address: '0x2161b6',
      description: 'ILL_ILLOPN: illegal operand at 0x2161b6',
    });
    expect(crashingThread(inline)?.frames[0]).toMatchObject({ address: '0x2161b6', module: 'linux_inline' });
    expect(inline.process.pid).toBe(2146002);

    const mini = await raw('rust-minidump-linux-mini.dmp');
    // Older Breakpad left si_code 0, which says nothing about the fault.
    expect(mini.exception).toEqual({ code: 'SIGSEGV', name: 'Segmentation fault', address: '0x45', description: null });
    expect(mini.process).toEqual({ name: 'crash', pid: null, commandLine: './crash' });
    expect(mini.modules[0]).toMatchObject({ name: 'crash', base: '0x400000' });
  });

  it('uses the Mach exception for a macOS dump', async () => {
    const crash = await raw('symbolicator-macos.dmp');
    expect(crash.exception).toEqual({
      code: 'EXC_BAD_ACCESS',
      name: 'EXC_BAD_ACCESS',
      address: '0x45',
      description: 'KERN_INVALID_ADDRESS at 0x45',
    });
    expect(crashingThread(crash)?.frames[0]).toMatchObject({ address: '0x109ba8c15', module: 'crash' });
  });

  it('refuses a dump written without an exception', async () => {
    const md = await readMinidump(corpus.file('breakpad-tiny-exe-with-cet-xsave.dmp'));
    expect(() => minidumpToRawCrash(md)).toThrow(/ holds no exception record: it was written from a running process, not at a crash; pass the dump written when the program crashed/);
  });
});
