import { describe, expect, it } from 'vitest';
import { UNKNOWN_EXCEPTION_CODE, type RawCrash } from '../../../src/domain/raw-crash.js';
import { CrashAutofixError, StageError } from '../../../src/base/errors.js';
import type { CrashReport } from '../../../src/domain/crash-report.js';
import { parseDump, type DebugRequest, type ParseDeps } from '../../../src/stages/parse-dump.js';
import { parsing } from '../../fakes/sample-states.js';

/** What gdb would see in the sample core: a SIGSEGV in HandlePacket, built in /build. */
function rawCrash(over: Partial<RawCrash> = {}): RawCrash {
  return {
    debugger: { name: 'gdb', version: '13.1' },
    exception: { code: 'SIGSEGV', name: 'Segmentation fault', address: '0x0', description: null },
    crashingThreadId: '42',
    threads: [
      {
        id: '42',
        name: 'world',
        frames: [
          { index: 0, address: '0x401136', module: 'worldserver', function: 'WorldSession::HandlePacket', file: '/build/src/game/session.cpp', line: 33, inline: false },
          { index: 1, address: '0x401200', module: 'worldserver', function: 'main', file: '/build/src/main.cpp', line: 7, inline: false },
        ],
      },
    ],
    modules: [],
    process: { name: 'worldserver', pid: 42, commandLine: null },
    analysis: null,
    ...over,
  };
}

const OPTIONS: ParseDeps['options'] = { symbols: ['/sym'], sourceRoot: '/repo', symbolCache: '/cache', timeoutMs: 60_000, culpritIgnore: [], contextLines: 1 };
const SOURCE = ['int a;', 'int b;', 'void f(Packet* packet) {', '  packet->Handle();', '}'];

interface Recorded {
  events: string[];
  requests: DebugRequest[];
  written: CrashReport[];
  warnings: string[];
}

function recorder(): Recorded {
  return { events: [], requests: [], written: [], warnings: [] };
}

function deps(rec: Recorded, over: Partial<ParseDeps> = {}): ParseDeps {
  return {
    debugger: (name) => (rec.events.push(`create ${name}`), Promise.resolve({ analyze: (request) => (rec.requests.push(request), Promise.resolve(rawCrash())) })),
    parseText: (name, text) => (rec.events.push(`parse ${name}: ${text}`), rawCrash()),
    repository: {
      listFiles: () => Promise.resolve(['src/game/session.cpp', 'src/main.cpp']),
      readSource: (p) => (rec.events.push(`read ${p}`), Promise.resolve(p === 'src/game/session.cpp' ? [...Array<string>(30).fill('//'), ...SOURCE].join('\n') : null)),
    },
    writeReport: (report) => (rec.written.push(report), Promise.resolve({ json: '/s/report.json', markdown: '/s/report.md' })),
    options: OPTIONS,
    now: () => new Date('2026-12-01T10:00:00.000Z'),
    readText: (file) => (rec.events.push(`text ${file}`), Promise.resolve('#0  WorldSession::HandlePacket () at session.cpp:33')),
    warn: (m) => rec.warnings.push(m),
    ...over,
  };
}

async function failure(promise: Promise<unknown>): Promise<StageError> {
  const error = await promise.catch((e: unknown) => e);
  expect(error).toBeInstanceOf(StageError);
  return error as StageError;
}

const TOOL_MISSING = new CrashAutofixError('tool-missing', "cdb is not installed; install the Debugging Tools for Windows or set 'cdb-path'");

describe('parseDump', () => {
  it('runs the chosen debugger on the dump and writes the report mapped onto the repository', async () => {
    const rec = recorder();
    const state = parsing();
    const next = await parseDump(state, deps(rec));
    expect(rec.events.filter((e) => e.startsWith('create'))).toEqual(['create gdb']);
    expect(rec.requests).toEqual([{ ...OPTIONS, dumpPath: '/d/core', executable: '/d/worldserver' }]);
    expect(rec.written).toEqual([next.report]);
    expect(next).toMatchObject({ status: 'ANALYSIS_PENDING', dump: state.dump, files: { json: '/s/report.json', markdown: '/s/report.md' } });
    expect(next.report).toMatchObject({
      exception: { code: 'SIGSEGV', name: 'Segmentation fault', address: '0x0' },
      crashingThread: { id: '42', name: 'world' },
      culprit: { frameIndex: 0, function: 'WorldSession::HandlePacket', file: 'src/game/session.cpp', line: 33 },
      debugger: { name: 'gdb', version: '13.1' },
      dump: { path: '/d/core', format: 'elf-core', fingerprint: 'c'.repeat(64), executable: '/d/worldserver' },
      createdAt: '2026-12-01T10:00:00.000Z',
    });
    expect(next.report.frames.map((f) => [f.file, f.inApp])).toEqual([
      ['src/game/session.cpp', true],
      ['src/main.cpp', true],
    ]);
    expect(rec.events).toContain('read src/game/session.cpp');
    expect(rec.warnings).toEqual([]);
  });

  it('parses saved debugger text with the debugger identify chose, never starting one', async () => {
    const rec = recorder();
    const state = parsing({ path: '/d/bt.txt', kind: 'debugger-text', format: 'debugger-text', debugger: 'gdb', executable: null });
    const next = await parseDump(state, deps(rec));
    expect(rec.events.slice(0, 2)).toEqual(['text /d/bt.txt', 'parse gdb: #0  WorldSession::HandlePacket () at session.cpp:33']);
    expect(rec.events.some((e) => e.startsWith('create'))).toBe(false);
    expect(next.report.dump).toEqual({ path: '/d/bt.txt', format: 'debugger-text', fingerprint: 'c'.repeat(64), executable: null });
    expect(rec.warnings).toEqual([]);
  });

  it('warns that the exception is unknown for a bare stack listing, and still writes the report', async () => {
    const rec = recorder();
    const bare = rawCrash({ exception: { code: UNKNOWN_EXCEPTION_CODE, name: 'unknown', address: null, description: null } });
    const state = parsing({ path: '/d/k.txt', kind: 'debugger-text', format: 'debugger-text', debugger: 'cdb', executable: null });
    const next = await parseDump(state, deps(rec, { parseText: () => bare }));
    expect(next.report.exception.code).toBe(UNKNOWN_EXCEPTION_CODE);
    expect(rec.warnings).toEqual([
      "/d/k.txt is a stack listing without an exception record: the report has the stack, culprit and signature, but the exception is unknown. For the exception too, save '!analyze -v' (or '.ecxr' followed by 'k') from the dump",
    ]);
  });

  it('reads a minidump natively, with a warning, when cdb is missing and a fallback is given', async () => {
    const rec = recorder();
    const native: string[] = [];
    const state = parsing({ path: '/d/crash.dmp', format: 'minidump', debugger: 'cdb', executable: null });
    const fromMinidump = rawCrash({ debugger: { name: 'minidump', version: null } });
    const next = await parseDump(
      state,
      deps(rec, { debugger: () => Promise.reject(TOOL_MISSING), readMinidumpNatively: (request) => (native.push(request.dumpPath), Promise.resolve(fromMinidump)) }),
    );
    expect(native).toEqual(['/d/crash.dmp']);
    expect(next.report.debugger).toEqual({ name: 'minidump', version: null });
    expect(rec.warnings).toEqual([
      `${TOOL_MISSING.message} — reporting from the minidump alone: a stack walk of the crashing thread, with functions and lines when llvm-symbolizer and the module files ('executable', 'symbols') are at hand`,
    ]);
  });

  it.each([
    ['without a fallback', parsing({ path: '/d/crash.dmp', format: 'minidump', debugger: 'cdb' }), false],
    ['for an ELF core, which the fallback cannot read', parsing(), true],
  ])('fails with the missing debugger %s', async (_what, state, withFallback) => {
    const rec = recorder();
    const over: Partial<ParseDeps> = { debugger: () => Promise.reject(TOOL_MISSING) };
    if (withFallback) over.readMinidumpNatively = () => Promise.reject(new Error('must not be used'));
    const error = await failure(parseDump(state, deps(rec, over)));
    expect(error).toMatchObject({ stage: 'parse', kind: 'tool-missing', retryable: false, message: TOOL_MISSING.message });
    expect(rec.warnings).toEqual([]);
    expect(rec.written).toEqual([]);
  });

  it('does not fall back when cdb exists but fails to start', async () => {
    const broken = new CrashAutofixError('tool-failed', 'cdb -version exited with code 1');
    const state = parsing({ path: '/d/crash.dmp', format: 'minidump', debugger: 'cdb' });
    const over: Partial<ParseDeps> = { debugger: () => Promise.reject(broken), readMinidumpNatively: () => Promise.reject(new Error('must not be used')) };
    const error = await failure(parseDump(state, deps(recorder(), over)));
    expect(error).toMatchObject({ stage: 'parse', kind: 'tool-failed', retryable: false, message: broken.message });
  });

  it.each([
    ['a debugger timeout, retryable', new CrashAutofixError('timeout', 'gdb did not finish within 60 s; raise the debugger timeout'), 'timeout', true],
    ['unparseable text, not retryable', new CrashAutofixError('bad-input', 'The gdb text has no frames; save the output of bt'), 'bad-input', false],
  ] as const)('reports %s as a StageError of this stage and writes nothing', async (_what, cause, kind, retryable) => {
    const rec = recorder();
    const analyze = { analyze: () => Promise.reject(cause) };
    const error = await failure(parseDump(parsing(), deps(rec, { debugger: () => Promise.resolve(analyze) })));
    expect(error).toMatchObject({ stage: 'parse', kind, retryable, message: cause.message });
    expect(error.cause).toBe(cause);
    expect(rec.written).toEqual([]);
  });

  it('refuses debugger output whose crashing thread is missing, writing no report', async () => {
    const rec = recorder();
    const cut = rawCrash({ crashingThreadId: '7' });
    const error: unknown = await parseDump(parsing(), deps(rec, { debugger: () => Promise.resolve({ analyze: () => Promise.resolve(cut) }) })).catch((e: unknown) => e);
    expect(error).toMatchObject({
      kind: 'bad-input',
      message: 'The debugger output names crashing thread 7 but lists no such thread (threads: 42); check that the dump is complete and the debugger output was not cut.',
    });
    expect(rec.written).toEqual([]);
  });
});
