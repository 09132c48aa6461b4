import type { StateOf } from '../../src/domain/job-state.js';
import type { CrashReport } from '../../src/domain/crash-report.js';

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

/** A new job for a core file and its program. */
export function crashDetected(input: Partial<StateOf<'CRASH_DETECTED'>['input']> = {}): StateOf<'CRASH_DETECTED'> {
  return { status: 'CRASH_DETECTED', input: { path: '/d/core', kind: 'dump', fingerprint: 'c'.repeat(64), sizeBytes: 1, executable: '/d/worldserver', ...input } };
}

/** The core file recognised; gdb reads it next. */
export function parsing(dump: Partial<StateOf<'PARSING'>['dump']> = {}): StateOf<'PARSING'> {
  return { status: 'PARSING', dump: { ...crashDetected().input, format: 'elf-core', debugger: 'gdb', ...dump } };
}

export function analysisPending(): StateOf<'ANALYSIS_PENDING'> {
  return {
    status: 'ANALYSIS_PENDING',
    dump: parsing().dump,
    report: sampleReport(),
    files: { json: '/s/report.json', markdown: '/s/report.md' },
  };
}

/** A fix the model proposed, checked and ready to apply (fix attempt 1). */
export function applyingFix(): StateOf<'APPLYING_FIX'> {
  const { status: _s, ...pending } = analysisPending();
  return {
    ...pending,
    status: 'APPLYING_FIX',
    analysis: {
      model: 'claude-sonnet-4-5',
      attempt: 1,
      proposal: {
        root_cause: { summary: 'A null packet.', technical_details: 'Update queues a null packet.', category: 'null-pointer', severity: 'high', confidence: 0.9 },
        fix: { strategy: 'Guard it.', edits: [{ path: 'src/game/session.cpp', old_text: 'a', new_text: 'b' }], risk: 'Low.', test_plan: 'Replay.' },
      },
      usage: { inputTokens: 10, outputTokens: 5, cacheReadTokens: 0, cacheWriteTokens: 0, turns: 1, estimatedCostUsd: null },
      files: { transcript: '/s/transcript-1.json', conversation: '/s/conversation.json', json: '/s/analysis.json', markdown: '/s/analysis.md' },
    },
  };
}

/** The model is asked next, with the repository's guidance file (or none). */
export function analyzing(guidanceFile: string | null = null): StateOf<'ANALYZING'> {
  const { status: _s, ...pending } = analysisPending();
  return { ...pending, status: 'ANALYZING', guidanceFile };
}

/** The model proposed a fix (attempt 1, confidence 0.9); the gate checks it next. */
export function fixGenerated(): StateOf<'FIX_GENERATED'> {
  const { status: _s, ...applying } = applyingFix();
  return { ...applying, status: 'FIX_GENERATED' };
}

/** The fix is applied in its work tree; the build runs next. */
export function compiling(): StateOf<'COMPILING'> {
  const { status: _s, ...applying } = applyingFix();
  return {
    ...applying,
    status: 'COMPILING',
    worktree: { dir: '/w/tree', branch: 'crash-autofix/access-violation-0123456789ab', baseCommit: 'b'.repeat(40), diffFile: '/s/fix.diff', diffSha256: 'd'.repeat(64), files: [{ path: 'src/game/session.cpp', core: false, build: false, created: false }] },
  };
}

/** The fix built in the work tree; the gates run next. */
export function testing(): StateOf<'TESTING'> {
  const { status: _s, ...c } = compiling();
  return { ...c, status: 'TESTING', build: { buildDir: '/w/build', identity: { baseCommit: 'b'.repeat(40), diffSha256: 'd'.repeat(64), builder: 'cmake Debug' }, logFile: '/s/build-1.log', durationMs: 1200, warnings: 0 } };
}

/** Every gate passed; publishing comes next. */
export function verified(): StateOf<'VERIFIED'> {
  const { status: _s, ...t } = testing();
  return {
    ...t,
    status: 'VERIFIED',
    gates: {
      compile: { attempts: 1, warnings: 0, durationMs: 1200 },
      tests: { status: 'passed', runner: 'ctest', total: 2, passed: 2, failed: 0, skipped: 0, failedTests: [], blocking: false, durationMs: 40 },
      staticAnalysis: { tool: null, findings: [] },
      rules: { coreFiles: [], buildFiles: [], createdFiles: [] },
      reproduction: null,
      isolation: { sandbox: 'none', detail: 'sandbox: none (allow-listed environment only)' },
    },
    publication: null,
  };
}

/** The draft pull request #7 is open on the fix branch, at the verified fix commit. */
export function prCreated(): StateOf<'PR_CREATED'> {
  const v = verified();
  const commit = 'f'.repeat(40);
  return { ...v, status: 'PR_CREATED', publication: { commit, pushedAt: '2026-12-04T10:00:00.000Z' }, pr: { number: 7, url: 'https://github.com/acme/server/pull/7', action: 'created', commit, regressionOf: null } };
}

/** #7 at the gate of workflow run 4242. */
export function awaitingApproval(): StateOf<'AWAITING_APPROVAL'> {
  return { ...prCreated(), status: 'AWAITING_APPROVAL', gate: { environment: 'crash-fix-approval', runId: 4242, repository: 'acme/server', since: '2026-12-04T10:05:00.000Z' } };
}
