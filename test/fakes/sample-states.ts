import type { StateOf } from '../../src/pipeline/state.js';
import type { CrashReport } from '../../src/report/crash-report.js';

/** A small, valid CrashReport for stage tests. */
export function sampleReport(overrides: Partial<CrashReport> = {}): CrashReport {
  return {
    schemaVersion: 1,
    signature: 'access-violation-0123456789ab',
    signatureBasis: { kind: 'access-violation', frames: ['WorldSession::HandlePacket'] },
    exception: { code: 'SIGSEGV', name: 'Segmentation fault', address: '0x0', description: null },
    crashingThread: { id: '42', name: null },
    frames: [
      { index: 0, address: '0x401000', module: 'worldserver', function: 'WorldSession::HandlePacket', file: 'src/game/session.cpp', line: 33, inApp: true, inline: false },
    ],
    threads: [],
    culprit: { frameIndex: 0, function: 'WorldSession::HandlePacket', file: 'src/game/session.cpp', line: 33 },
    modules: [],
    sourceContext: [],
    debugger: { name: 'gdb', version: '13.1' },
    analysis: null,
    process: { name: 'worldserver', pid: 42, commandLine: null },
    dump: { path: '/d/core', format: 'elf-core', fingerprint: null, executable: '/d/worldserver' },
    createdAt: '2026-11-24T00:00:00.000Z',
    ...overrides,
  };
}

export function analysisPending(): StateOf<'ANALYSIS_PENDING'> {
  return {
    status: 'ANALYSIS_PENDING',
    dump: { path: '/d/core', kind: 'dump', fingerprint: 'c'.repeat(64), sizeBytes: 1, executable: '/d/worldserver', format: 'elf-core', debugger: 'gdb' },
    report: sampleReport(),
    files: { json: '/s/report.json', markdown: '/s/report.md' },
  };
}
