import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { createAdapters } from '../../../src/composition/create-adapters.js';
import { reviseRecords } from '../../../src/composition/revise-records.js';
import { runRevise } from '../../../src/composition/run-revise.js';
import type { JobState } from '../../../src/domain/job-state.js';
import { FolderJobStore } from '../../../src/pipeline/folder-job-store.js';
import { MemoryLogger } from '../../../src/pipeline/logger.js';
import { newJobRecord } from '../../../src/pipeline/runner.js';
import { buildSettings } from '../../../src/settings/build-settings.js';
import { fakeEnvironment } from '../../fakes/environment.js';
import { FakeGateClient } from '../../fakes/fake-gate-client.js';
import { prCreated } from '../../fakes/sample-states.js';

const FIX = 'f'.repeat(40);
const JOB = 'a1b2c3d4e5f60718';
const SIGNATURE = 'access-violation-0123456789ab';
const BODY = `The fix.\n\nCrash-Autofix-Job: ${JOB}\nCrash-Signature: ${SIGNATURE}`;
let stateDir: string;
let github: FakeGateClient;
const asked: string[] = [];

beforeEach(async () => {
  stateDir = await mkdtemp(path.join(os.tmpdir(), 'revise-'));
  await saveState(prCreated());
  github = new FakeGateClient().openPull(7, FIX, { headRef: `crash-autofix/${SIGNATURE}`, body: BODY });
  github.permissions.set('lead', 'write');
  github.permissions.set('visitor', 'read');
  github.pullReviews.set(41, { id: 41, reviewer: 'lead', state: 'CHANGES_REQUESTED', body: 'Log it.', comments: [{ path: 'src/game/session.cpp', line: 33, body: 'Warn here.' }] });
  asked.length = 0;
});

async function saveState(state: JobState): Promise<void> {
  await new FolderJobStore(stateDir).save(newJobRecord(JOB, state, new Date('2026-12-04T10:00:00Z')));
}

async function revise(options: { actor?: string | null; values?: Record<string, string | number>; event?: { name: string; payload: unknown }; origin?: 'cli' | 'action' } = {}) {
  const github_ = options.event ? { serverUrl: 'https://github.com', repository: 'acme/server', runId: '99', runAttempt: '1', workflow: 'revise', sha: null, eventName: options.event.name, eventPath: '/tmp/event.json' } : null;
  const environment = fakeEnvironment({ githubActor: options.actor === undefined ? 'lead' : options.actor, githubToken: 'ghs_TEST0123456789abcdefghij', githubRepository: 'acme/server', github: github_ });
  const settings = await buildSettings({ origin: options.origin ?? 'cli', command: 'revise', values: { 'state-dir': stateDir, ...(options.event ? {} : { 'pr-number': 7, 'review-id': 41 }), ...options.values }, environment, readTextFile: async () => null });
  const log = new MemoryLogger();
  const outcome = await runRevise(settings, {
    github,
    adapters: createAdapters(settings, (t) => t),
    findRecord: reviseRecords(stateDir, null),
    event: options.event ?? null,
    log,
    revise: () => (asked.push('model'), Promise.reject(new Error('the model must not be asked'))),
  });
  return { outcome, log };
}

const failure = (promise: Promise<unknown>): Promise<Error> => promise.then(() => new Error('resolved'), (e: unknown) => e as Error);

describe('runRevise refuses', () => {
  it('a user without write permission, before reading the pull request', async () => {
    const error = await failure(revise({ actor: 'visitor' }));
    expect(error.message).toBe("@visitor has 'read' permission on acme/server; revise acts only for users with write, maintain or admin permission. Nothing was changed");
    expect(github.calls).toEqual(['permission visitor']);
    expect(github.comments.size).toBe(0);
  });

  it('a pull request this tool did not open: another branch, or no trailer', async () => {
    github.openPull(7, FIX, { headRef: 'feature/faster-bots', body: BODY });
    expect((await failure(revise())).message).toBe("Pull request #7 was not opened by crash-autofix (its branch 'feature/faster-bots' does not start with 'crash-autofix/'); revise changes only its own pull requests. Nothing was changed");
    github.openPull(7, FIX, { headRef: `crash-autofix/${SIGNATURE}`, body: 'A human wrote this.' });
    expect((await failure(revise())).message).toMatch(/^Pull request #7 was not opened by crash-autofix \(its body has no Crash-Signature trailer\)/);
    expect(asked).toEqual([]);
  });

  it('a branch someone else pushed to since', async () => {
    github.openPull(7, 'e'.repeat(40), { headRef: `crash-autofix/${SIGNATURE}`, body: BODY });
    expect((await failure(revise())).message).toMatch(/^The branch of #7 is at eeeeeeeeeeee, not at ffffffffffff that crash-autofix pushed: someone else changed it/);
  });

  it('a review with nothing in it, and a job that is not in the state folder', async () => {
    github.pullReviews.set(42, { id: 42, reviewer: 'lead', state: 'CHANGES_REQUESTED', body: ' ', comments: [] });
    expect((await failure(revise({ values: { 'review-id': 42 } }))).message).toMatch(/^Review 42 on #7 has no text and no line comments/);
    github.openPull(7, FIX, { headRef: `crash-autofix/${SIGNATURE}`, body: BODY.replace(JOB, '0000000000000000') });
    expect((await failure(revise())).message).toMatch(/^Job 0000000000000000 of #7 is neither in .* nor in an unexpired artifact 'crash-autofix-0000000000000000' of acme\/server; nothing was changed$/);
  });
});

describe('runRevise at max-revisions', () => {
  it('comments once that the limit is reached and asks the model nothing', async () => {
    await saveState({ ...prCreated(), revision: { count: 3, request: { kind: 'review', id: 40, author: 'lead' }, attempt: 4 } });
    const { outcome } = await revise();
    expect(outcome).toMatchObject({ status: 'LIMIT_REACHED', message: "#7 was revised 3 time(s), 'max-revisions' is 3: nothing was changed" });
    const comments = github.comments.get(7) ?? [];
    expect(comments).toHaveLength(1);
    expect(comments[0]).toContain('**Revision limit reached:** this fix was revised 3 time(s), `max-revisions` is 3.');
    // The same request again (a re-run) writes no second comment.
    await revise();
    expect(github.comments.get(7)).toHaveLength(1);
    expect(asked).toEqual([]);
    expect((await new FolderJobStore(stateDir).load(JOB))?.state.status).toBe('PR_CREATED');
  });

  it('a higher max-revisions lets the revision go on (to the checkout check here)', async () => {
    await saveState({ ...prCreated(), revision: { count: 3, request: null, attempt: 4 } });
    const error = await failure(revise({ values: { 'max-revisions': 4, 'source-root': stateDir } }));
    expect(error.message).not.toContain('limit');
    expect(github.comments.size).toBe(0);
  });
});

describe('runRevise in Actions', () => {
  it('takes the request from an issue_comment event, and ignores comments that are not the command', async () => {
    await saveState({ ...prCreated(), revision: { count: 3, request: null, attempt: 4 } });
    const event = (body: string) => ({ name: 'issue_comment', payload: { issue: { number: 7, pull_request: {} }, comment: { id: 555, body, user: { login: 'lead' } } } });
    const ignored = await revise({ origin: 'action', event: event('Looks good to me') });
    expect(ignored.outcome).toMatchObject({ status: 'IGNORED', message: "Nothing to revise: comment 555 does not start with '/crash-autofix revise'" });
    const { outcome } = await revise({ origin: 'action', event: event('/crash-autofix revise log the skipped packet') });
    expect(outcome.status).toBe('LIMIT_REACHED');
    expect(github.comments.get(7)?.[0]).toContain("Nothing was changed for @lead's comment");
    expect(github.comments.get(7)?.[0]).toContain('<!-- crash-autofix:limit comment-555 -->');
  });

  it('refuses to run without knowing who asked', async () => {
    const error = await failure(revise({ origin: 'action', actor: null, event: { name: 'pull_request_review', payload: { review: { id: 41 }, pull_request: { number: 7 } } } }));
    expect(error.message).toBe('GITHUB_ACTOR is not set, so who asked for the revision is unknown; run revise in a GitHub Actions job');
  });
});
