import { describe, expect, it } from 'vitest';
import { ledgerWith, type BuildLedger } from '../../../src/domain/build-ledger.js';
import { CrashRecordSchema, type CrashEvent, type CrashRecord } from '../../../src/domain/crash-record.js';
import { applyCrashEvent, emptyRecord, RECORD_LIMITS, utcDay } from '../../../src/domain/crash-record-reducer.js';
import { analysed, approved, built, deployed, deployedBuild, issueOpened, occurrence, prOpened, rejected, review, rolledBack, SIG } from '../../fixtures/crash-events.js';

/** Applies events the way a store does: the ledger learns every deployment, the record every event. */
function replay(events: readonly CrashEvent[], start: { record?: CrashRecord | null; ledger?: BuildLedger } = {}): { record: CrashRecord; ledger: BuildLedger } {
  let record = start.record ?? null;
  let ledger = start.ledger ?? new Map<string, string>();
  for (const event of events) {
    ledger = ledgerWith(ledger, event);
    record = applyCrashEvent(record, event, ledger);
  }
  if (record === null) throw new Error('no events');
  // Whatever the reducer makes is a valid record.
  return { record: CrashRecordSchema.parse(record), ledger };
}

describe('applyCrashEvent: occurrences', () => {
  it('opens a new record from the first dump, counted per build, server and day', () => {
    const { record } = replay([occurrence('o1', '2026-03-01T10:00:00Z')]);
    expect(record).toMatchObject({
      signature: SIG,
      title: 'Access violation in parse_header',
      module: 'src/net',
      status: 'new',
      firstDumpAt: '2026-03-01T10:00:00Z',
      jobs: ['job-o1'],
      occurrences: {
        count: 1,
        firstSeen: '2026-03-01T10:00:00Z',
        lastSeen: '2026-03-01T10:00:00Z',
        byBuild: { 'build-1': { count: 1, firstSeen: '2026-03-01T10:00:00Z', lastSeen: '2026-03-01T10:00:00Z' } },
        byServer: { 'web-01': { count: 1 } },
        byDay: { '2026-03-01': 1 },
      },
      applied: ['o1'],
    });
  });

  it('keeps the earliest and latest times whatever order the dumps arrive in, and days in UTC', () => {
    const { record } = replay([
      occurrence('o1', '2026-03-02T10:00:00Z', { build: 'build-2', server: 'web-02' }),
      occurrence('o2', '2026-03-01T23:30:00-02:00'), // 2026-03-02T01:30Z
      occurrence('o3', '2026-02-28T08:00:00Z'),
      occurrence('o4', '2026-03-05T08:00:00+01:00', { build: null, server: null }),
    ]);
    expect(record.occurrences.count).toBe(4);
    expect(record.occurrences.firstSeen).toBe('2026-02-28T08:00:00Z');
    expect(record.occurrences.lastSeen).toBe('2026-03-05T08:00:00+01:00');
    expect(record.firstDumpAt).toBe('2026-02-28T08:00:00Z');
    expect(record.occurrences.byDay).toEqual({ '2026-03-02': 2, '2026-02-28': 1, '2026-03-05': 1 });
    expect(record.occurrences.byBuild).toEqual({
      'build-2': { count: 1, firstSeen: '2026-03-02T10:00:00Z', lastSeen: '2026-03-02T10:00:00Z' },
      'build-1': { count: 2, firstSeen: '2026-02-28T08:00:00Z', lastSeen: '2026-03-01T23:30:00-02:00' },
      unknown: { count: 1, firstSeen: '2026-03-05T08:00:00+01:00', lastSeen: '2026-03-05T08:00:00+01:00' },
    });
    expect(Object.keys(record.occurrences.byServer).sort()).toEqual(['unknown', 'web-01', 'web-02']);
    expect(utcDay('2026-03-01T23:30:00-02:00')).toBe('2026-03-02');
  });

  it('changes nothing for an event id already applied (a re-run reports it again)', () => {
    const once = replay([occurrence('o1', '2026-03-01T10:00:00Z'), analysed('a1', '2026-03-01T10:05:00Z')]).record;
    const again = applyCrashEvent(once, occurrence('o1', '2026-03-01T10:00:00Z'), new Map());
    expect(again).toBe(once);
    expect(applyCrashEvent(once, analysed('a1', '2026-03-01T10:05:00Z'), new Map()).usage.inputTokens).toBe(1000);
    expect(once.occurrences.count).toBe(1);
  });

  it('remembers the newest event ids only, up to its limit', () => {
    const events = Array.from({ length: RECORD_LIMITS.applied + 1 }, (_, i) => occurrence(`o${i}`, '2026-03-01T10:00:00Z', { jobId: null }));
    const { record } = replay(events);
    expect(record.applied).toHaveLength(RECORD_LIMITS.applied);
    expect(record.applied[0]).toBe('o1');
    expect(record.occurrences.count).toBe(RECORD_LIMITS.applied + 1);
    expect(record.jobs).toEqual([]);
  });

  it('refuses an event for another signature', () => {
    const record = emptyRecord('other-signature', '2026-03-01T10:00:00Z');
    expect(() => applyCrashEvent(record, occurrence('o1', '2026-03-01T10:00:00Z'), new Map())).toThrow(`The crash event o1 is for signature ${SIG}, not for the record of other-signature`);
  });

  it('starts a record from any event (an approval on a runner that never saw the dump), and the first dump then fills it', () => {
    const first = replay([approved('p1', '2026-03-03T09:00:00Z')]).record;
    expect(first).toMatchObject({ status: 'approved', title: SIG, module: null, occurrences: { count: 0 }, firstDumpAt: '2026-03-03T09:00:00Z' });
    const { record } = replay([occurrence('o1', '2026-03-01T10:00:00Z')], { record: first });
    expect(record).toMatchObject({ status: 'approved', title: 'Access violation in parse_header', module: 'src/net', firstDumpAt: '2026-03-01T10:00:00Z', occurrences: { count: 1, firstSeen: '2026-03-01T10:00:00Z' } });
  });
});

describe('applyCrashEvent: status', () => {
  it('walks new → analysing → pr-open → approved → deployed-test → deployed', () => {
    const fix = deployedBuild('c0ffee', ['build-2']);
    const steps: [CrashEvent, CrashRecord['status']][] = [
      [occurrence('o1', '2026-03-01T10:00:00Z'), 'new'],
      [analysed('a1', '2026-03-01T10:05:00Z'), 'analysing'],
      [built('b1', '2026-03-01T10:10:00Z', false), 'analysing'],
      [built('b2', '2026-03-01T10:12:00Z', true, { attempt: 2 }), 'analysing'],
      [prOpened('p1', '2026-03-01T10:20:00Z'), 'pr-open'],
      [approved('ok', '2026-03-02T09:00:00Z'), 'approved'],
      [deployed('dt', '2026-03-02T10:00:00Z', 'test', fix), 'deployed-test'],
      [deployed('dp', '2026-03-03T10:00:00Z', 'production', fix), 'deployed'],
    ];
    let record: CrashRecord | null = null;
    let ledger: BuildLedger = new Map();
    for (const [event, status] of steps) {
      ledger = ledgerWith(ledger, event);
      record = applyCrashEvent(record, event, ledger);
      expect([event.kind, record.status]).toEqual([event.kind, status]);
    }
    expect(record).toMatchObject({
      pr: { number: 7, url: 'https://github.com/acme/server/pull/7', openedAt: '2026-03-01T10:20:00Z', severity: 'high' },
      builds: { attempts: 2, compiled: 1 },
      approvals: [{ reviewers: ['alice'], at: '2026-03-02T09:00:00Z' }],
      fixedIn: { commit: 'c0ffee', buildIds: ['build-2'], at: '2026-03-03T10:00:00Z' },
      deployments: [
        { target: 'test', environment: 'staging', url: 'https://github.com/acme/server/deployments/11', id: 11, at: '2026-03-02T10:00:00Z' },
        { target: 'production', environment: 'production', at: '2026-03-03T10:00:00Z' },
      ],
    });
  });

  it('goes low-confidence from the analysis or the issue it opened; a skipped or failed analysis leaves the status', () => {
    expect(replay([occurrence('o1', '2026-03-01T10:00:00Z'), analysed('a1', '2026-03-01T10:05:00Z', { outcome: 'skipped', usage: null })]).record.status).toBe('new');
    expect(replay([occurrence('o1', '2026-03-01T10:00:00Z'), analysed('a1', '2026-03-01T10:05:00Z', { outcome: 'failed' })]).record.status).toBe('new');
    expect(replay([occurrence('o1', '2026-03-01T10:00:00Z'), analysed('a1', '2026-03-01T10:05:00Z', { outcome: 'low-confidence' })]).record.status).toBe('low-confidence');
    const viaIssue = replay([occurrence('o1', '2026-03-01T10:00:00Z'), issueOpened('i1', '2026-03-01T10:06:00Z')]).record;
    expect(viaIssue).toMatchObject({ status: 'low-confidence', issue: { number: 3, url: 'https://github.com/acme/server/issues/3' } });
  });

  it('keeps a pull request in flight when a revision is analysed, and an approved one when its opening is reported late', () => {
    const open = replay([occurrence('o1', '2026-03-01T10:00:00Z'), analysed('a1', '2026-03-01T10:05:00Z'), prOpened('p1', '2026-03-01T10:20:00Z')]).record;
    expect(replay([analysed('a2', '2026-03-02T10:05:00Z', { jobId: 'job-2' })], { record: open }).record.status).toBe('pr-open');
    const approvedRecord = replay([approved('ok', '2026-03-02T09:00:00Z')], { record: open }).record;
    expect(replay([prOpened('p1-again', '2026-03-02T10:00:00Z')], { record: approvedRecord }).record.status).toBe('approved');
    // Another pull request for the signature is a new attempt.
    expect(replay([prOpened('p2', '2026-03-02T10:00:00Z', 8)], { record: approvedRecord }).record).toMatchObject({ status: 'pr-open', pr: { number: 8 } });
  });

  it('lets a rejected fix be tried again: a new analysis, then a new pull request', () => {
    const { record } = replay([
      occurrence('o1', '2026-03-01T10:00:00Z'),
      analysed('a1', '2026-03-01T10:05:00Z'),
      prOpened('p1', '2026-03-01T10:20:00Z'),
      rejected('r1', '2026-03-02T10:00:00Z', 'Hides the bug instead of fixing the bounds check'),
    ]);
    expect(record.status).toBe('rejected');
    expect(replay([analysed('a2', '2026-03-03T10:00:00Z', { jobId: 'job-2' })], { record }).record.status).toBe('analysing');
    expect(replay([prOpened('p2', '2026-03-03T11:00:00Z', 9)], { record }).record.status).toBe('pr-open');
  });

  it('sums tokens and cost, counting the runs without a price', () => {
    const { record } = replay([
      analysed('a1', '2026-03-01T10:05:00Z'),
      analysed('a2', '2026-03-01T11:05:00Z', { jobId: 'job-2', usage: { inputTokens: 500, outputTokens: 50, costUsd: null } }),
      analysed('a3', '2026-03-01T12:05:00Z', { jobId: 'job-3', outcome: 'skipped', usage: null, lessons: ['review-1'] }),
    ]);
    expect(record.usage).toEqual({ inputTokens: 1500, outputTokens: 250, costUsd: 0.05, unpricedRuns: 1 });
    expect(record.analyses.map((a) => [a.jobId, a.outcome, a.lessons])).toEqual([
      ['job-1', 'fix', []],
      ['job-2', 'fix', []],
      ['job-3', 'skipped', ['review-1']],
    ]);
    expect(record.jobs).toEqual(['job-1', 'job-2', 'job-3']);
  });

  it('rolls back: a production rollback takes the fix out, so later dumps are only counted', () => {
    const fix = deployedBuild('c0ffee', ['build-2']);
    const { record } = replay([occurrence('o1', '2026-03-01T10:00:00Z'), deployed('dp', '2026-03-03T10:00:00Z', 'production', fix), rolledBack('rb', '2026-03-03T12:00:00Z', 'production')]);
    expect(record).toMatchObject({ status: 'rolled-back', fixedIn: null, rollbacks: [{ target: 'production', reason: 'stress run crashed', dumpSignature: null, at: '2026-03-03T12:00:00Z' }] });
    const after = replay([occurrence('o2', '2026-03-04T10:00:00Z', { build: 'build-2' })], { record }).record;
    expect(after).toMatchObject({ status: 'rolled-back', regressions: [], unplaced: [], occurrences: { count: 2 } });
    // A test rollback keeps whatever is in production.
    const test = replay([deployed('dp', '2026-03-03T10:00:00Z', 'production', fix), rolledBack('rt', '2026-03-04T12:00:00Z', 'test')]).record;
    expect(test).toMatchObject({ status: 'rolled-back', fixedIn: { commit: 'c0ffee' } });
  });
});

describe('applyCrashEvent: lessons', () => {
  it('keeps a rejection reason as a lesson for the module, and counts the touchpoint', () => {
    const { record } = replay([occurrence('o1', '2026-03-01T10:00:00Z'), rejected('r1', '2026-03-02T10:00:00Z', 'Do not catch the exception; check the length before memcpy')]);
    expect(record.lessons).toEqual([{ id: 'r1', kind: 'rejection', signature: SIG, module: 'src/net', author: 'bob', text: 'Do not catch the exception; check the length before memcpy', at: '2026-03-02T10:00:00Z' }]);
    expect(record.touchpoints).toEqual({ rejections: 1, reviews: 0 });
    // The event's own module wins over the record's.
    const moduled = replay([rejected('r2', '2026-03-02T11:00:00Z', 'Wrong layer', { module: 'src/http' })], { record }).record;
    expect(moduled.lessons.map((l) => l.module)).toEqual(['src/net', 'src/http']);
  });

  it('turns a review into one lesson: the body, then each line comment as path:line', () => {
    const { record } = replay([
      occurrence('o1', '2026-03-01T10:00:00Z'),
      prOpened('p1', '2026-03-01T10:20:00Z'),
      review('v1', '2026-03-02T10:00:00Z', '  Please keep the fast path.  ', {
        comments: [
          { path: 'src/net/parse.c', line: 42, body: 'Use size_t here.' },
          { path: 'src/net/parse.h', line: null, body: 'Document the limit.' },
        ],
      }),
    ]);
    expect(record.status).toBe('pr-open');
    expect(record.touchpoints).toEqual({ rejections: 0, reviews: 1 });
    expect(record.lessons).toEqual([
      { id: 'v1', kind: 'review', signature: SIG, module: 'src/net', author: 'carol', text: 'Please keep the fast path.\nsrc/net/parse.c:42: Use size_t here.\nsrc/net/parse.h: Document the limit.', at: '2026-03-02T10:00:00Z' },
    ]);
  });

  it('keeps no lesson for an empty reason or review, but still counts the person', () => {
    const { record } = replay([rejected('r1', '2026-03-02T10:00:00Z', '   '), review('v1', '2026-03-02T11:00:00Z', '')]);
    expect(record.lessons).toEqual([]);
    expect(record.touchpoints).toEqual({ rejections: 1, reviews: 1 });
  });

  it('keeps the newest lessons, each bounded in size', () => {
    const events = Array.from({ length: RECORD_LIMITS.lessons + 3 }, (_, i) => review(`v${i}`, `2026-03-02T10:${String(i).padStart(2, '0')}:00Z`, `lesson ${i} ${'x'.repeat(i === RECORD_LIMITS.lessons + 2 ? 5000 : 0)}`));
    const { record } = replay(events);
    expect(record.lessons).toHaveLength(RECORD_LIMITS.lessons);
    expect(record.lessons[0]?.id).toBe('v3');
    const last = record.lessons.at(-1);
    expect(last?.text).toHaveLength(RECORD_LIMITS.lessonChars);
    expect(last?.text.endsWith('…')).toBe(true);
    expect(record.touchpoints.reviews).toBe(RECORD_LIMITS.lessons + 3);
  });
});
