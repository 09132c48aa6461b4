import { CrashRecordSchema, type CrashRecord, type Lesson } from '../../src/domain/crash-record.js';
import { emptyRecord } from '../../src/domain/crash-record-reducer.js';

/**
 * Crash records seeded by hand for the stats and lessons tests: a record with
 * dumps on the given days (`{ '2026-11-02': 3 }`), everything else empty
 * unless the test says. Parsed by the schema, so a seed is a valid record.
 */
export function crashRecord(signature: string, byDay: Record<string, number>, more: Partial<CrashRecord> = {}): CrashRecord {
  const days = Object.keys(byDay).sort();
  const first = `${days[0] ?? '2026-11-01'}T08:00:00.000Z`;
  const last = `${days.at(-1) ?? '2026-11-01'}T20:00:00.000Z`;
  const count = Object.values(byDay).reduce((a, b) => a + b, 0);
  const counted = { count, firstSeen: first, lastSeen: last };
  return CrashRecordSchema.parse({
    ...emptyRecord(signature, first),
    title: `crash ${signature}`,
    occurrences: { ...counted, byBuild: { unknown: counted }, byServer: { 'realm-1': counted }, byDay },
    // People's acts as the reducer counts them: one per lesson unless the seed says.
    touchpoints: { rejections: (more.lessons ?? []).filter((l) => l.kind === 'rejection').length, reviews: (more.lessons ?? []).filter((l) => l.kind === 'review').length },
    ...more,
  });
}

export function lesson(id: string, more: Partial<Lesson> & Pick<Lesson, 'signature' | 'module' | 'text' | 'at'>): Lesson {
  return { id, kind: 'rejection', author: 'reviewer-1', ...more };
}

/** A pull request opened `minutes` after the record's first dump. */
export function prAfter(record: Pick<CrashRecord, 'firstDumpAt'>, minutes: number, number: number, severity: 'critical' | 'high' | 'medium' | 'low' = 'high'): NonNullable<CrashRecord['pr']> {
  return { number, url: `https://github.com/acme/realm/pull/${number}`, openedAt: new Date(Date.parse(record.firstDumpAt) + minutes * 60_000).toISOString(), severity };
}

export function analysis(jobId: string, outcome: 'fix' | 'low-confidence' | 'skipped' | 'failed', at = '2026-11-02T09:00:00.000Z'): CrashRecord['analyses'][number] {
  return { jobId, at, outcome, lessons: [] };
}
