import { describe, expect, it } from 'vitest';
import { culpritModule, lessonsFor } from '../../../src/domain/crash-lessons.js';
import { crashRecord, lesson } from '../../fakes/crash-records.js';
import { sampleReport } from '../../fakes/fake-repo-crash-report.js';

const day = (d: number): string => `2026-11-${String(d).padStart(2, '0')}T10:00:00.000Z`;

function seeded() {
  return [
    crashRecord('S1', { '2026-11-01': 1 }, {
      lessons: [
        lesson('s1:rejected', { signature: 'S1', module: 'src/game', text: 'Fix the owner, not the caller.', at: day(3) }),
        lesson('s1:review', { kind: 'review', author: 'ana', signature: 'S1', module: 'src/game', text: 'Use ObjectGuid checks.', at: day(5) }),
      ],
    }),
    crashRecord('S2', { '2026-11-02': 1 }, { lessons: [lesson('s2:rejected', { signature: 'S2', module: 'src/game/spells', text: 'Spell auras are freed by the owner.', at: day(4) })] }),
    crashRecord('S3', { '2026-11-02': 1 }, { lessons: [lesson('s3:rejected', { signature: 'S3', module: 'src/gameplay', text: 'Not this module.', at: day(9) })] }),
    crashRecord('S4', { '2026-11-02': 1 }, { lessons: [lesson('s4:rejected', { signature: 'S4', module: null, text: 'Signature only.', at: day(8) })] }),
  ];
}

describe('lessonsFor', () => {
  it("takes the module's lessons and those of folders above it, newest first, never a sibling folder", () => {
    const picked = lessonsFor(seeded(), { signature: 'NEW', module: 'src/game/spells' });
    expect(picked.map((l) => l.id)).toEqual(['s1:review', 's2:rejected', 's1:rejected']);
    // src/gameplay shares the prefix text but is another folder.
    expect(lessonsFor(seeded(), { signature: 'NEW', module: 'src/game' }).map((l) => l.id)).toEqual(['s1:review', 's1:rejected']);
  });

  it('takes the lessons of the same signature whatever the module, and none for another module', () => {
    expect(lessonsFor(seeded(), { signature: 'S4', module: null }).map((l) => l.id)).toEqual(['s4:rejected']);
    expect(lessonsFor(seeded(), { signature: 'NEW', module: 'src/net' })).toEqual([]);
    expect(lessonsFor(seeded(), { signature: 'NEW', module: null })).toEqual([]);
  });

  it('bounds the count, each text and the total', () => {
    const many = crashRecord('M', { '2026-11-01': 1 }, {
      lessons: Array.from({ length: 8 }, (_, i) => lesson(`m${i}`, { signature: 'M', module: 'src/x', text: `${i}`.repeat(100), at: day(i + 1) })),
    });
    expect(lessonsFor([many], { signature: 'Z', module: 'src/x' }, { count: 3, perLesson: 1000, total: 10_000 }).map((l) => l.id)).toEqual(['m7', 'm6', 'm5']);
    const cut = lessonsFor([many], { signature: 'Z', module: 'src/x' }, { count: 10, perLesson: 40, total: 10_000 });
    expect(cut).toHaveLength(8);
    expect(cut[0]?.text).toBe(`${'7'.repeat(40)}…`);
    // 100 characters each: 250 holds two.
    expect(lessonsFor([many], { signature: 'Z', module: 'src/x' }, { count: 10, perLesson: 1000, total: 250 }).map((l) => l.id)).toEqual(['m7', 'm6']);
  });
});

describe('culpritModule', () => {
  it("is the folder of an in-app culprit's file, else null", () => {
    const report = sampleReport();
    expect(report.culprit?.file).toBe('src/server/handler.cpp');
    expect(culpritModule(report)).toBe('src/server');
    const frames = report.frames.map((f) => ({ ...f, inApp: false }));
    expect(culpritModule({ ...report, frames })).toBeNull();
    expect(culpritModule({ ...report, culprit: null })).toBeNull();
  });
});
