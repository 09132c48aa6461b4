import { describe, expect, it } from 'vitest';
import { ledgerOfRecords, ledgerWith, placeBuild, type BuildLedger } from '../../../src/domain/build-ledger.js';
import type { CrashEvent, CrashRecord } from '../../../src/domain/crash-record.js';
import { applyCrashEvent } from '../../../src/domain/crash-record-reducer.js';
import { analysed, approved, deployed, deployedBuild, occurrence, prOpened, SIG } from '../../fixtures/crash-events.js';

/** Events of every signature in time order, as a store sees them; returns this signature's record. */
function replay(events: readonly CrashEvent[]): { record: CrashRecord; ledger: BuildLedger } {
  let record: CrashRecord | null = null;
  let ledger: BuildLedger = new Map();
  for (const event of events) {
    ledger = ledgerWith(ledger, event);
    if (event.signature === SIG) record = applyCrashEvent(record, event, ledger);
  }
  if (record === null) throw new Error('no events for the signature');
  return { record, ledger };
}

const OLD = deployedBuild('0ld', ['build-1']);
const FIX = deployedBuild('f1x', ['build-2', 'tool-2']);
const LATER = deployedBuild('1a7e', ['build-3']);

/** build-1 deployed on March 1 (another signature's fix), the fix (build-2) on March 10, build-3 on March 20. */
const HISTORY: CrashEvent[] = [
  { ...deployed('other:deployed', '2026-03-01T00:00:00Z', 'production', OLD), signature: 'other-signature' },
  occurrence('o1', '2026-03-05T10:00:00Z'),
  analysed('a1', '2026-03-05T10:05:00Z'),
  prOpened('p1', '2026-03-05T10:20:00Z'),
  approved('ok', '2026-03-09T09:00:00Z'),
  deployed('fix:test', '2026-03-09T12:00:00Z', 'test', FIX),
  deployed('fix:production', '2026-03-10T00:00:00Z', 'production', FIX),
];

describe('regressions: a dump of a fixed signature, placed by build', () => {
  it('marks the signature regressed and reopens it for a dump from one of the fix builds', () => {
    const { record } = replay([...HISTORY, occurrence('o2', '2026-03-12T10:00:00Z', { build: 'tool-2' })]);
    expect(record).toMatchObject({ status: 'regressed', fixedIn: null, unplaced: [], occurrences: { count: 2 } });
    expect(record.regressions).toEqual([{ at: '2026-03-12T10:00:00Z', build: 'tool-2', fixedIn: { ...FIX, at: '2026-03-10T00:00:00Z' } }]);
  });

  it('marks it regressed for a dump from a build first deployed after the fix (any signature deployed it)', () => {
    const later = { ...deployed('third:deployed', '2026-03-20T00:00:00Z', 'production', LATER), signature: 'third-signature' };
    const { record } = replay([...HISTORY, later, occurrence('o2', '2026-03-21T10:00:00Z', { build: 'build-3' })]);
    expect(record.status).toBe('regressed');
    expect(record.regressions.map((r) => r.build)).toEqual(['build-3']);
  });

  it('only counts a dump from an older build, even one that arrives after the fix', () => {
    const { record } = replay([...HISTORY, occurrence('o2', '2026-03-12T10:00:00Z', { build: 'build-1', server: 'old-box' })]);
    expect(record).toMatchObject({ status: 'deployed', fixedIn: { commit: 'f1x' }, regressions: [], unplaced: [] });
    expect(record.occurrences.byBuild['build-1']?.count).toBe(2);
    expect(record.occurrences.byServer['old-box']?.count).toBe(1);
  });

  it('only counts a dump from a build no deployment named, and lists it as unplaced', () => {
    const { record } = replay([...HISTORY, occurrence('o2', '2026-03-12T10:00:00Z', { build: 'home-made', jobId: 'job-x' })]);
    expect(record).toMatchObject({ status: 'deployed', regressions: [], occurrences: { count: 2 } });
    expect(record.unplaced).toEqual([{ at: '2026-03-12T10:00:00Z', build: 'home-made', jobId: 'job-x' }]);
  });

  it('only counts a dump that names no build, and lists it as unplaced', () => {
    const { record } = replay([...HISTORY, occurrence('o2', '2026-03-12T10:00:00Z', { build: null, jobId: null })]);
    expect(record).toMatchObject({ status: 'deployed', regressions: [] });
    expect(record.unplaced).toEqual([{ at: '2026-03-12T10:00:00Z', build: null, jobId: null }]);
    expect(record.occurrences.byBuild.unknown?.count).toBe(1);
  });

  it('places nothing before a fix is deployed: dumps of any build are counted, none unplaced', () => {
    const { record } = replay([...HISTORY.slice(0, 5), occurrence('o2', '2026-03-09T10:00:00Z', { build: 'home-made' }), occurrence('o3', '2026-03-09T10:30:00Z', { build: null })]);
    expect(record).toMatchObject({ status: 'approved', fixedIn: null, regressions: [], unplaced: [], occurrences: { count: 3 } });
  });

  it('lets a later fix go through after a regression, and orders builds against that newer fix', () => {
    const { record } = replay([
      ...HISTORY,
      occurrence('o2', '2026-03-12T10:00:00Z', { build: 'build-2' }),
      analysed('a2', '2026-03-12T10:05:00Z', { jobId: 'job-2' }),
      prOpened('p2', '2026-03-12T10:30:00Z', 12, { jobId: 'job-2' }),
      approved('ok2', '2026-03-13T09:00:00Z'),
      deployed('fix2:production', '2026-03-20T00:00:00Z', 'production', LATER),
      // The first fix's build is older than the second fix now: only counted.
      occurrence('o3', '2026-03-21T10:00:00Z', { build: 'build-2' }),
    ]);
    expect(record).toMatchObject({ status: 'deployed', pr: { number: 12 }, fixedIn: { commit: '1a7e', at: '2026-03-20T00:00:00Z' }, occurrences: { count: 3 } });
    expect(record.regressions).toHaveLength(1);
    const again = applyCrashEvent(record, occurrence('o4', '2026-03-22T10:00:00Z', { build: 'build-3' }), new Map());
    expect(again.status).toBe('regressed');
    expect(again.regressions.map((r) => [r.build, r.fixedIn.commit])).toEqual([
      ['build-2', 'f1x'],
      ['build-3', '1a7e'],
    ]);
  });

  it('counts a second dump of the regressed build without a second regression (the record is open again)', () => {
    const { record } = replay([...HISTORY, occurrence('o2', '2026-03-12T10:00:00Z', { build: 'build-2' }), occurrence('o3', '2026-03-12T11:00:00Z', { build: 'build-2' })]);
    expect(record).toMatchObject({ status: 'regressed', occurrences: { count: 3 } });
    expect(record.regressions).toHaveLength(1);
  });
});

describe('the build ledger', () => {
  it('keeps the first deployment of each build id, from test or production, of any signature', () => {
    const test = deployed('t', '2026-03-09T12:00:00Z', 'test', FIX);
    const production = deployed('p', '2026-03-10T00:00:00Z', 'production', FIX);
    const ledger = ledgerWith(ledgerWith(new Map(), production), test);
    expect([...ledger]).toEqual([
      ['build-2', '2026-03-09T12:00:00Z'],
      ['tool-2', '2026-03-09T12:00:00Z'],
    ]);
    expect(ledgerWith(ledger, production)).toBe(ledger);
    expect(ledgerWith(ledger, occurrence('o', '2026-03-11T00:00:00Z'))).toBe(ledger);
  });

  it('compares times as instants, whatever their offset', () => {
    const fixedIn = { ...FIX, at: '2026-03-10T00:00:00Z' };
    // 23:30 on March 9 at -02:00 is 01:30 UTC on March 10: after the fix.
    expect(placeBuild('b', fixedIn, new Map([['b', '2026-03-09T23:30:00-02:00']]))).toBe('fixed');
    expect(placeBuild('b', fixedIn, new Map([['b', '2026-03-10T00:30:00+02:00']]))).toBe('older');
    expect(placeBuild('b', fixedIn, new Map([['b', '2026-03-10T00:00:00Z']]))).toBe('fixed');
    expect(placeBuild('', fixedIn, new Map())).toBe('none');
    expect(placeBuild('b', fixedIn, new Map())).toBe('unknown');
  });

  it('can be rebuilt from the records’ deployments', () => {
    const { record, ledger } = replay(HISTORY);
    const other: CrashRecord = { ...record, signature: 'other-signature', deployments: [{ target: 'production', environment: 'production', url: null, id: null, at: '2026-03-01T00:00:00Z', build: OLD }] };
    expect(ledgerOfRecords([record, other])).toEqual(ledger);
  });
});
