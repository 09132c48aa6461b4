import { describe, expect, it } from 'vitest';
import { jobCrashEvents } from '../../../src/domain/job-crash-events.js';
import { newJobRecord } from '../../../src/pipeline/runner.js';
import { lesson } from '../../fakes/crash-records.js';
import { fixGenerated } from '../../fakes/sample-states.js';

describe('jobCrashEvents: the analysed event', () => {
  it("names the lessons the analysis's prompt carried, by id", () => {
    const state = fixGenerated();
    const given = [lesson('job-b:rejected', { signature: 'B', module: 'src/game', text: 'Fix the owner.', at: '2026-11-04T10:00:00.000Z' })];
    const analysed = (analysis: typeof state.analysis) => jobCrashEvents(newJobRecord('0123456789abcdef', { ...state, analysis }, new Date('2026-11-05T10:00:00Z'))).find((e) => e.kind === 'analysed');
    expect(analysed({ ...state.analysis, lessons: given })).toMatchObject({ outcome: 'fix', lessons: ['job-b:rejected'] });
    expect(analysed(state.analysis)).toMatchObject({ outcome: 'fix', lessons: [] });
  });
});
