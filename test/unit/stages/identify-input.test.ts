import { describe, expect, it } from 'vitest';
import type { DumpKind } from '../../../src/adapters/dump-file/identify-dump.js';
import { CrashAutofixError, StageError } from '../../../src/base/errors.js';
import { detectDebuggerText, identifyInput, type IdentifyDeps } from '../../../src/stages/identify-input.js';
import { crashDetected } from '../../fakes/sample-states.js';

/** Fakes that answer with `kind` for a dump and `text` for a saved debugger text, recording the files asked for. */
function deps(asked: string[], over: Partial<IdentifyDeps> & { kind?: DumpKind; text?: string } = {}): IdentifyDeps {
  const { kind = 'elf-core', text = '', ...rest } = over;
  return {
    debugger: 'auto',
    identifyDump: (file) => (asked.push(`dump ${file}`), Promise.resolve(kind)),
    readText: (file) => (asked.push(`text ${file}`), Promise.resolve(text)),
    ...rest,
  };
}

const GDB_TEXT = '#0  0x0000000000401136 in WorldSession::HandlePacket () at src/game/session.cpp:33\n#1  0x0000000000401200 in main ()\n';
const CDB_TEXT = 'FAULTING_IP:\nworldserver!WorldSession::HandlePacket+0x12\nSTACK_TEXT:\n00000000`0014f8a0 worldserver!main+0x20\n';

async function failure(promise: Promise<unknown>): Promise<StageError> {
  const error = await promise.catch((e: unknown) => e);
  expect(error).toBeInstanceOf(StageError);
  return error as StageError;
}

describe('identifyInput', () => {
  it('recognises an ELF core and picks gdb, keeping everything the job was started with', async () => {
    const asked: string[] = [];
    const next = await identifyInput(crashDetected(), deps(asked, { kind: 'elf-core' }));
    expect(asked).toEqual(['dump /d/core']);
    expect(next).toEqual({
      status: 'PARSING',
      dump: { path: '/d/core', kind: 'dump', fingerprint: 'c'.repeat(64), sizeBytes: 1, executable: '/d/worldserver', format: 'elf-core', debugger: 'gdb' },
    });
  });

  it('recognises a minidump and picks cdb, which needs no executable', async () => {
    const next = await identifyInput(crashDetected({ path: '/d/crash.dmp', executable: null }), deps([], { kind: 'minidump' }));
    expect(next.dump).toMatchObject({ path: '/d/crash.dmp', format: 'minidump', debugger: 'cdb', executable: null });
  });

  it('accepts a debugger setting that matches the dump', async () => {
    const next = await identifyInput(crashDetected(), deps([], { kind: 'elf-core', debugger: 'gdb' }));
    expect(next.dump.debugger).toBe('gdb');
  });

  it.each([
    ['an ELF core with cdb asked for', 'elf-core', 'cdb', "/d/core is an ELF core file, which only gdb reads; set 'debugger' to 'gdb' or 'auto'"],
    ['a minidump with gdb asked for', 'minidump', 'gdb', "/d/core is a Windows minidump, which only cdb reads; set 'debugger' to 'cdb' or 'auto'"],
  ] as const)('refuses %s as a config error naming the setting', async (_what, kind, chosen, message) => {
    const error = await failure(identifyInput(crashDetected(), deps([], { kind, debugger: chosen })));
    expect(error).toMatchObject({ stage: 'identify', kind: 'config', retryable: false, message });
  });

  it("refuses an ELF core without the program, naming 'executable'", async () => {
    const error = await failure(identifyInput(crashDetected({ executable: null }), deps([], { kind: 'elf-core' })));
    expect(error).toMatchObject({
      stage: 'identify',
      kind: 'config',
      retryable: false,
      message: "gdb needs the crashed program to read /d/core; set 'executable' to the binary that produced the core",
    });
  });

  it('turns a file that is no dump into a StageError of this stage with the reader’s kind and message', async () => {
    const bad = new CrashAutofixError('bad-input', 'Dump /d/core is empty (0 bytes); the crash handler did not finish writing it');
    const error = await failure(identifyInput(crashDetected(), deps([], { identifyDump: () => Promise.reject(bad) })));
    expect(error).toMatchObject({ stage: 'identify', kind: 'bad-input', retryable: false, message: bad.message });
    expect(error.cause).toBe(bad);
  });

  it('lets an unexpected error through unchanged for the runner to report as internal', async () => {
    const bug = new TypeError('boom');
    await expect(identifyInput(crashDetected(), deps([], { identifyDump: () => Promise.reject(bug) }))).rejects.toBe(bug);
  });

  describe('saved debugger text', () => {
    const text = crashDetected({ path: '/d/bt.txt', kind: 'debugger-text', executable: null });

    it.each([
      ['gdb', GDB_TEXT],
      ['cdb', CDB_TEXT],
    ] as const)('detects %s output and never opens it as a dump', async (name, content) => {
      const asked: string[] = [];
      const next = await identifyInput(text, deps(asked, { text: content }));
      expect(asked).toEqual(['text /d/bt.txt']);
      expect(next).toEqual({ status: 'PARSING', dump: { ...text.input, format: 'debugger-text', debugger: name } });
    });

    it('takes the debugger setting over detection, even for text that matches neither', async () => {
      const next = await identifyInput(text, deps([], { text: 'some notes', debugger: 'cdb' }));
      expect(next.dump).toMatchObject({ format: 'debugger-text', debugger: 'cdb' });
    });

    it('refuses text that looks like neither debugger with one bad-input line', async () => {
      const error = await failure(identifyInput(text, deps([], { text: 'Segmentation fault (core dumped)\n' })));
      expect(error).toMatchObject({
        stage: 'identify',
        kind: 'bad-input',
        retryable: false,
        message: "/d/bt.txt does not look like cdb or gdb output (no '!analyze -v', 'STACK_TEXT', 'Child-SP' or '#0  …' frames); set 'debugger' if it is one",
      });
    });

    it('passes on the reader’s one-line error for a file it cannot read', async () => {
      const unreadable = new CrashAutofixError('bad-input', "Debugger text /d/bt.txt does not exist; check the 'from-output' path");
      await expect(identifyInput(text, deps([], { readText: () => Promise.reject(unreadable) }))).rejects.toBe(unreadable);
    });
  });
});

describe('detectDebuggerText', () => {
  it.each([
    ['!analyze -v', 'cdb'],
    ['FAILURE_BUCKET_ID:  NULL_POINTER_READ_c0000005_worldserver.exe!Foo', 'cdb'],
    ['Child-SP          RetAddr           Call Site', 'cdb'],
    ['ChildEBP RetAddr', 'cdb'],
    ['#0  main () at a.c:3', 'gdb'],
    ['#12 0x00007f in start_thread () from /lib/libc.so.6', 'gdb'],
    ['Program received signal SIGSEGV', null],
    ['', null],
  ] as const)('reads %j as %s', (text, expected) => {
    expect(detectDebuggerText(text)).toBe(expected);
  });
});
