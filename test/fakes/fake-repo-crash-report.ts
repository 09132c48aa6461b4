/** A crash report for the files of `fakeRepoFiles()`, as the report builder would produce it. */
import { CRASH_REPORT_SCHEMA_VERSION, type CrashReport } from '../../src/domain/crash-report.js';

export const HANDLER_FILE = 'src/server/handler.cpp';

export const HANDLER_SOURCE = [
  '#include "handler.h"',
  '',
  'int Handler::process(const Request* req) {',
  '  const Session* s = sessions_.find(req->id);',
  '  return s->user_count;',
  '}',
  '',
  'int Handler::reset(const Request* req) {',
  '  const Session* s = sessions_.find(req->id);',
  '  return s->user_count;',
  '}',
].join('\n');

export function fakeRepoFiles(): Map<string, string> {
  return new Map([
    [HANDLER_FILE, HANDLER_SOURCE],
    ['src/server/handler.h', 'class Handler {\n public:\n  int process(const Request* req);\n};'],
    ['CMakeLists.txt', 'project(mini)\nadd_executable(server src/server/handler.cpp)'],
  ]);
}

export function sampleReport(overrides: Partial<CrashReport> = {}): CrashReport {
  return {
    schemaVersion: CRASH_REPORT_SCHEMA_VERSION,
    signature: 'null-read-0123456789ab',
    signatureBasis: { kind: 'null-read', frames: ['Handler::process'] },
    exception: { code: 'SIGSEGV', name: 'Segmentation fault', address: '0x8', description: 'read of address 0x8' },
    crashingThread: { id: '4242', name: 'worker-1' },
    frames: [
      { index: 0, address: '0x401a2b', module: 'server', function: 'Handler::process(Request const*)', file: HANDLER_FILE, line: 5, inApp: true, inline: false },
      { index: 1, address: '0x7f00deadbeef', module: 'libc.so.6', function: '__libc_start_call_main', file: null, line: null, inApp: false, inline: false },
      { index: 2, address: '0x401100', module: 'server', function: 'main', file: 'src/main.cpp', line: 12, inApp: true, inline: false },
    ],
    threads: [],
    culprit: { frameIndex: 0, function: 'Handler::process(Request const*)', file: HANDLER_FILE, line: 5 },
    modules: [],
    sourceContext: [{ frameIndex: 0, file: HANDLER_FILE, startLine: 3, focusLine: 5, lines: HANDLER_SOURCE.split('\n').slice(2, 6) }],
    debugger: { name: 'gdb', version: '15.1' },
    analysis: { failureBucketId: 'NULL_CLASS_PTR_READ_c0000005_server!Handler::process', symbolName: null, moduleName: 'server', faultingSource: null },
    process: { name: 'server', pid: 4242, commandLine: './server --port 8080' },
    dump: { path: '/tmp/core.4242', format: 'elf-core', fingerprint: null, executable: './server' },
    createdAt: '2025-01-01T00:00:00.000Z',
    ...overrides,
  };
}
