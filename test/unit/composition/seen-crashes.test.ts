import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createSeenCrashes, seenFirst } from '../../../src/composition/seen-crashes.js';
import type { JobState, StateOf } from '../../../src/domain/job-state.js';
import type { PullRequestRef, Sightings } from '../../../src/domain/seen-crashes.js';
import type { Stage } from '../../../src/domain/stage.js';
import { FolderJobStore } from '../../../src/pipeline/folder-job-store.js';
import { MemoryLogger } from '../../../src/pipeline/logger.js';
import { COMMAND_STATES, type Route } from '../../../src/pipeline/route.js';
import { newJobRecord, runJob } from '../../../src/pipeline/runner.js';
import type { SightingClient } from '../../../src/publish/github-sightings.js';
import { analysisPending, verified } from '../../fakes/sample-states.js';

const SIG = 'access-violation-0123456789ab';
const BRANCH = `crash-autofix/${SIG}`;
const OPEN: PullRequestRef = { number: 4, url: 'https://github.com/acme/server/pull/4', state: 'open', draft: true, merged: false, headBranch: BRANCH };

/** GitHub as the look-ups see it: answers given up front, every call recorded. */
function fakeGitHub(answers: { open?: PullRequestRef; closed?: PullRequestRef; merged?: PullRequestRef } = {}): SightingClient & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    findOpenPullRequest: async (head) => (calls.push(`open ${head}`), answers.open ?? null),
    findClosedPullRequest: async (head) => (calls.push(`closed ${head}`), answers.closed ?? null),
    findMergedFixForSignature: async (signature) => (calls.push(`merged ${signature}`), answers.merged ?? null),
  };
}

async function tempStore(): Promise<FolderJobStore> {
  return new FolderJobStore(await mkdtemp(path.join(os.tmpdir(), 'seen-')));
}

describe('createSeenCrashes', () => {
  it('finds the job of the same input by its content fingerprint, and nothing for another', async () => {
    const store = await tempStore();
    const fingerprint = `0123456789abcdef${'0'.repeat(48)}`;
    const record = newJobRecord('0123456789abcdef', verified(), new Date('2026-12-01T00:00:00Z'));
    await store.save(record);
    const seen = createSeenCrashes(store, null);
    expect(await seen.byFingerprint(fingerprint)).toEqual(record);
    expect(await seen.byFingerprint('f'.repeat(64))).toBeNull();
  });

  it('answers by signature from the jobs here and GitHub, asking for closed pull requests only when none is open', async () => {
    const store = await tempStore();
    await store.save(newJobRecord('000000000000000a', verified(), new Date()));
    await store.save(newJobRecord('000000000000000b', analysisPending(), new Date()));
    const withOpen = fakeGitHub({ open: OPEN });
    const seen = await createSeenCrashes(store, async () => withOpen).bySignature(SIG, '000000000000000b');
    expect(seen).toEqual({ signature: SIG, jobs: [{ jobId: '000000000000000a', status: 'VERIFIED', failed: false, pr: null }], github: { openPullRequest: OPEN, mergedFix: null, closedPullRequest: null } });
    expect(withOpen.calls).toEqual([`open ${BRANCH}`, `merged ${SIG}`]);

    const none = fakeGitHub();
    expect((await createSeenCrashes(store, async () => none).bySignature(SIG, null)).github).toEqual({ openPullRequest: null, mergedFix: null, closedPullRequest: null });
    expect(none.calls).toEqual([`open ${BRANCH}`, `merged ${SIG}`, `closed ${BRANCH}`]);
    expect((await createSeenCrashes(store, null).bySignature(SIG, null)).github).toBeNull();
  });
});

/** A fix route whose every state rests, except ANALYSIS_PENDING, which records that it ran. */
function fixRoute(ran: string[]): Route<'fix'> {
  const rests = Object.fromEntries(COMMAND_STATES.fix.map((s) => [s, { rest: `rest at ${s}` }])) as unknown as Route<'fix'>;
  return {
    ...rests,
    ANALYSIS_PENDING: {
      name: 'Prepare the analysis',
      run: async (s) => {
        ran.push('start-analysis');
        const { status: _s, ...reported } = s;
        return { ...reported, status: 'ANALYSIS_SKIPPED', reason: 'no key' };
      },
    },
  };
}

function stageOf(route: Route<'fix'>): Stage<'ANALYSIS_PENDING'> {
  const entry = route.ANALYSIS_PENDING;
  if ('rest' in entry) throw new Error('expected a stage at ANALYSIS_PENDING');
  return entry.run;
}

const answer = (github: Sightings['github'], jobs: Sightings['jobs'] = []): { bySignature: (s: string, except: string | null) => Promise<Sightings>; asked: [string, string | null][] } => {
  const asked: [string, string | null][] = [];
  return { asked, bySignature: async (signature, except) => (asked.push([signature, except]), { signature, jobs, github }) };
};

describe('seenFirst: the fix route asks before the analysis', () => {
  it('ends another dump of a crash with an open pull request as DUPLICATE, without running the analysis stage', async () => {
    const ran: string[] = [];
    const seen = answer({ openPullRequest: OPEN, closedPullRequest: null, mergedFix: null }, [{ jobId: '000000000000000a', status: 'PR_CREATED', failed: false, pr: { number: 4, url: OPEN.url } }]);
    const saved: JobState[] = [];
    const log = new MemoryLogger();
    const outcome = await runJob(newJobRecord('000000000000000b', analysisPending(), new Date()), seenFirst(fixRoute(ran), seen, { jobId: '000000000000000b', fresh: false, log }), { save: async (r) => void saved.push(r.state), log });

    expect(ran).toEqual([]);
    expect(seen.asked).toEqual([[SIG, '000000000000000b']]);
    const state = outcome.record.state as StateOf<'DUPLICATE'>;
    expect(state.status).toBe('DUPLICATE');
    expect(state.duplicateOf).toEqual({ why: 'open-pull-request', jobId: '000000000000000a', pr: { number: 4, url: OPEN.url } });
    expect(state.reason).toContain('no second pull request was opened');
    // The report stays with the job: the summary and outputs still show the crash.
    expect(state.report.signature).toBe(SIG);
    expect(saved.at(-1)?.status).toBe('DUPLICATE');
    expect(log.groups).toEqual(['Prepare the analysis']);
  });

  it('runs the analysis stage when nothing was seen, and with --fresh even when it was, saying so', async () => {
    const ran: string[] = [];
    const nothing = answer({ openPullRequest: null, closedPullRequest: null, mergedFix: null });
    const log = new MemoryLogger();
    const route = seenFirst(fixRoute(ran), nothing, { jobId: '000000000000000b', fresh: false, log });
    expect(await stageOf(route)(analysisPending(), async () => undefined)).toMatchObject({ status: 'ANALYSIS_SKIPPED' });
    expect(ran).toEqual(['start-analysis']);
    expect(log.lines).toEqual([]);

    const open = answer({ openPullRequest: OPEN, closedPullRequest: null, mergedFix: null });
    const fresh = seenFirst(fixRoute(ran), open, { jobId: '000000000000000b', fresh: true, log });
    expect(await stageOf(fresh)(analysisPending(), async () => undefined)).toMatchObject({ status: 'ANALYSIS_SKIPPED' });
    expect(ran).toEqual(['start-analysis', 'start-analysis']);
    expect(log.lines).toEqual([`Crash signature ${SIG} already has the open pull request #4 (${OPEN.url}); analysing this dump anyway (--fresh)`]);
  });

  it('leaves a route that rests at ANALYSIS_PENDING as it is', () => {
    const resting = { ...fixRoute([]), ANALYSIS_PENDING: { rest: 'not this run' } };
    expect(seenFirst(resting, answer(null), { jobId: '000000000000000b', fresh: false, log: new MemoryLogger() })).toBe(resting);
  });
});
