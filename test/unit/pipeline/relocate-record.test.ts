import { describe, expect, it } from 'vitest';
import { relocateRecord } from '../../../src/pipeline/relocate-record.js';
import { newJobRecord } from '../../../src/pipeline/runner.js';
import type { StateOf } from '../../../src/domain/job-state.js';
import { verified } from '../../fakes/sample-states.js';

const JOB = '0123456789abcdef';

/** A VERIFIED job whose files sit in `<old>/jobs/<JOB>/`, as FolderJobStore wrote them on the first runner. */
function restoredState(old: string, sep = '/'): StateOf<'VERIFIED'> {
  const dir = [old, 'jobs', JOB].join(sep);
  const at = (name: string): string => `${dir}${sep}${name}`;
  const state = verified();
  return {
    ...state,
    files: { json: at('report.json'), markdown: at('report.md') },
    analysis: { ...state.analysis, files: { transcript: at('transcript-1.json'), conversation: at('conversation.json'), json: at('analysis.json'), markdown: at('analysis.md') } },
    worktree: { ...state.worktree, dir: '/runner1/work/tree', diffFile: at('fix.diff') },
    build: { ...state.build, buildDir: '/runner1/work/build', logFile: at('build-1.log') },
  };
}

describe('relocateRecord', () => {
  it("points the job folder's files at the new folder and leaves every other path alone", () => {
    const record = newJobRecord(JOB, restoredState('/runner1/state'), new Date());
    const moved = relocateRecord(record, `/runner2/state/jobs/${JOB}`);
    const state = moved.state as StateOf<'VERIFIED'>;
    expect(state.files).toEqual({ json: `/runner2/state/jobs/${JOB}/report.json`, markdown: `/runner2/state/jobs/${JOB}/report.md` });
    expect(state.analysis.files.transcript).toBe(`/runner2/state/jobs/${JOB}/transcript-1.json`);
    expect(state.worktree.diffFile).toBe(`/runner2/state/jobs/${JOB}/fix.diff`);
    expect(state.build.logFile).toBe(`/runner2/state/jobs/${JOB}/build-1.log`);
    // Outside the job folder: the work tree, the build folder, the dump.
    expect(state.worktree.dir).toBe('/runner1/work/tree');
    expect(state.build.buildDir).toBe('/runner1/work/build');
    expect(state.dump.path).toBe((record.state as StateOf<'VERIFIED'>).dump.path);
    // Everything but the paths is unchanged.
    expect({ ...moved, state: null }).toEqual({ ...record, state: null });
    expect(state.gates).toEqual((record.state as StateOf<'VERIFIED'>).gates);
  });

  it('rewrites a Windows runner\'s paths too, and not a path that steps out of the folder or names another job', () => {
    const state = restoredState('D:\\a\\_temp\\state', '\\');
    const record = newJobRecord(JOB, { ...state, worktree: { ...state.worktree, dir: `/x/jobs/${JOB}/../tree` } }, new Date());
    const other = { ...record, history: [{ status: `/s/jobs/fedcba9876543210/report.json`, at: 'x', durationMs: null }] };
    const moved = relocateRecord(other, `/new/jobs/${JOB}`);
    const s = moved.state as StateOf<'VERIFIED'>;
    expect(s.worktree.diffFile).toBe(`/new/jobs/${JOB}/fix.diff`);
    expect(s.files.json).toBe(`/new/jobs/${JOB}/report.json`);
    expect(s.worktree.dir).toBe(`/x/jobs/${JOB}/../tree`);
    expect(moved.history[0]?.status).toBe('/s/jobs/fedcba9876543210/report.json');
  });
});
