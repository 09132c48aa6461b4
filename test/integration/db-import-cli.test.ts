import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LocalCrashDatabase } from '../../src/adapters/crash-db/local-crash-database.js';
import type { JobRecord, JobState, StateOf } from '../../src/domain/job-state.js';
import { newJobRecord } from '../../src/pipeline/runner.js';
import { analysisPending, awaitingApproval, crashDetected, compiling, sampleReport } from '../fakes/sample-states.js';
import { makeTempDir } from '../fixtures/git-repo.js';
import { runCli } from '../fixtures/run-cli.js';

const SIG = 'access-violation-0123456789ab';
const OTHER = 'null-pointer-0123456789ab';

async function seed(stateDir: string, jobId: string, state: JobState, statuses: string[], created: string): Promise<void> {
  const base = Date.parse(created);
  const record: JobRecord = { ...newJobRecord(jobId, state, new Date(created)), history: statuses.map((status, i) => ({ status, at: new Date(base + i * 60_000).toISOString(), durationMs: 1000 })) };
  await mkdir(path.join(stateDir, 'jobs', jobId), { recursive: true });
  await writeFile(path.join(stateDir, 'jobs', jobId, 'job.json'), JSON.stringify(record));
}

const TO_GATE = ['CRASH_DETECTED', 'PARSING', 'ANALYSIS_PENDING', 'ANALYZING', 'FIX_GENERATED', 'APPLYING_FIX', 'COMPILING', 'FIX_GENERATED', 'APPLYING_FIX', 'COMPILING', 'TESTING', 'VERIFIED', 'PR_CREATED', 'AWAITING_APPROVAL'];

describe('crash-autofix db import', () => {
  it('builds the crash database from the job records, and a second import changes nothing', async () => {
    const stateDir = await makeTempDir('db-import-');
    const rejected: StateOf<'REJECTED'> = { ...awaitingApproval(), status: 'REJECTED', rejection: { reviewer: 'bob', reason: 'Check the packet length instead of catching the fault', signature: SIG, module: 'src/game', at: '2026-12-04T12:00:00.000Z' } };
    await seed(stateDir, 'a'.repeat(16), rejected, [...TO_GATE, 'REJECTED'], '2026-12-04T09:00:00.000Z');
    const skipped: StateOf<'ANALYSIS_SKIPPED'> = { ...analysisPending(), report: sampleReport({ signature: OTHER }), status: 'ANALYSIS_SKIPPED', reason: 'No ANTHROPIC_API_KEY' };
    await seed(stateDir, 'b'.repeat(16), skipped, ['CRASH_DETECTED', 'PARSING', 'ANALYSIS_PENDING', 'ANALYSIS_SKIPPED'], '2026-12-05T09:00:00.000Z');
    const failedBuild: JobState = { status: 'FAILED', failedAt: 'COMPILING', error: { stage: 'compile', kind: 'tool-failed', message: 'the build failed', retryable: false }, resumeFrom: compiling() } as JobState;
    await seed(stateDir, 'c'.repeat(16), failedBuild, ['CRASH_DETECTED', 'PARSING', 'ANALYSIS_PENDING', 'ANALYZING', 'FIX_GENERATED', 'APPLYING_FIX', 'COMPILING', 'FAILED'], '2026-12-03T09:00:00.000Z');
    await seed(stateDir, 'd'.repeat(16), crashDetected(), ['CRASH_DETECTED'], '2026-12-06T10:00:00.000Z');

    const first = await runCli(['db', 'import', '--state-dir', stateDir, '--source-root', stateDir]);
    expect(first.stderr).toContain(`db import: 4 job record(s) in ${stateDir}, 1 without a crash report; 11 event(s), 2 crash record(s) changed in ${path.join(stateDir, 'crash-db.json')}`);
    expect(first.code).toBe(0);

    const db = await LocalCrashDatabase.create(path.join(stateDir, 'crash-db.json'));
    const record = await db.get(SIG);
    expect(record).toMatchObject({
      status: 'rejected',
      title: 'Segmentation fault in WorldSession::HandlePacket',
      module: 'src/game',
      occurrences: { count: 2, firstSeen: '2026-12-03T09:00:00.000Z', lastSeen: '2026-12-04T09:00:00.000Z' },
      jobs: ['c'.repeat(16), 'a'.repeat(16)],
      pr: { number: 7, url: 'https://github.com/acme/server/pull/7' },
      builds: { attempts: 3, compiled: 1 },
      touchpoints: { rejections: 1, reviews: 0 },
      lessons: [{ kind: 'rejection', author: 'bob', module: 'src/game', text: 'Check the packet length instead of catching the fault' }],
    });
    expect(record?.analyses.map((a) => a.outcome)).toEqual(['fix', 'fix']);
    expect(await db.get(OTHER)).toMatchObject({ status: 'new', occurrences: { count: 1 }, analyses: [{ outcome: 'skipped' }] });

    const again = await runCli(['db', 'import', '--state-dir', stateDir, '--source-root', stateDir]);
    expect(again.code).toBe(0);
    expect(again.stderr).toContain('11 event(s), 0 crash record(s) changed');
    expect((await db.get(SIG))?.occurrences.count).toBe(2);
  });

  it('says what is wrong with one line: an unknown action, github without a token', async () => {
    const stateDir = await makeTempDir('db-import-bad-');
    const unknown = await runCli(['db', 'export', '--state-dir', stateDir]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr.trim().split('\n')).toEqual([`error: 'crash-autofix db' takes one action, import, got "export": crash-autofix db import [--state-dir DIR]`]);
    const github = await runCli(['db', 'import', '--state-dir', stateDir, '--source-root', stateDir, '--crash-db', 'github', '--repository', 'acme/server']);
    expect(github.code).toBe(2);
    expect(github.stderr).toContain("Option '--crash-db' is github, which needs a token (GITHUB_TOKEN) and option '--repository' (owner/name); give both, or choose local or off");
  });
});
