import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { JobState } from '../../src/domain/job-state.js';
import { FolderJobStore } from '../../src/pipeline/folder-job-store.js';
import { newJobRecord } from '../../src/pipeline/runner.js';
import { GitHubApiServer } from '../fakes/github-api-server.js';
import { prCreated } from '../fakes/sample-states.js';
import { makeTempDir } from '../fixtures/git-repo.js';
import { inputs, runAction } from '../fixtures/run-action.js';

const GH_TOKEN = 'ghs_ACTIONREVISE0123456789abcdefghij';
const JOB = 'a1b2c3d4e5f60718';
const SIGNATURE = 'access-violation-0123456789ab';
const HEAD = 'f'.repeat(40);
const REVISE_SOURCE = path.resolve('src/entrypoints/revise.ts');

let github: GitHubApiServer;
let stateDir: string;

beforeEach(async () => {
  github = await GitHubApiServer.start({ token: GH_TOKEN, owner: 'acme', repo: 'server', branches: ['main', `crash-autofix/${SIGNATURE}`], collaborators: ['lead-dev'] });
  github.state.setRole('visitor', 'read');
  const created = await fetch(`${github.baseUrl}/repos/acme/server/pulls`, {
    method: 'POST',
    headers: { authorization: `token ${GH_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ head: `crash-autofix/${SIGNATURE}`, base: 'main', title: 'fix(game): null-pointer', body: `The fix.\n\nCrash-Autofix-Job: ${JOB}\nCrash-Signature: ${SIGNATURE}`, draft: true }),
  });
  expect(created.status).toBe(201);
  const pr = github.state.pulls[0];
  if (!pr) throw new Error('pull request expected');
  pr.headSha = HEAD;
  stateDir = await makeTempDir('action-revise-state-');
  const base = prCreated();
  const state: JobState = { ...base, pr: { ...base.pr, number: pr.number, commit: HEAD }, revision: { count: 3, request: { kind: 'review', id: 40, author: 'lead-dev' }, attempt: 4 } };
  await new FolderJobStore(stateDir).save(newJobRecord(JOB, state, new Date('2026-12-04T10:00:00Z')));
});

afterEach(async () => {
  await github.close();
});

async function commentEvent(body: string): Promise<string> {
  const file = path.join(await makeTempDir('event-'), 'event.json');
  await writeFile(file, JSON.stringify({ action: 'created', issue: { number: 1, pull_request: { url: `${github.baseUrl}/repos/acme/server/pulls/1` } }, comment: { id: 9001, body, user: { login: 'lead-dev' } } }));
  return file;
}

async function revise(actor: string, eventFile: string) {
  return runAction(
    { ...inputs({ 'github-token': GH_TOKEN, 'state-dir': stateDir }), GITHUB_API_URL: github.baseUrl, GITHUB_REPOSITORY: 'acme/server', GITHUB_ACTOR: actor, GITHUB_EVENT_NAME: 'issue_comment', GITHUB_EVENT_PATH: eventFile, GITHUB_RUN_ID: '77' },
    { entry: REVISE_SOURCE },
  );
}

describe('the revise action on an issue_comment event', () => {
  it('at max-revisions: one comment, outputs say so, no model key needed', async () => {
    const run = await revise('lead-dev', await commentEvent('/crash-autofix revise log the skipped packet'));
    expect(run.code).toBe(0);
    expect(run.outputs).toMatchObject({ status: 'LIMIT_REACHED', 'job-id': JOB, 'pr-number': '1', revision: '3' });
    const comments = github.state.comments.filter((c) => c.issueNumber === 1);
    expect(comments).toHaveLength(1);
    expect(comments[0]?.body).toContain("Nothing was changed for @lead-dev's comment");
    expect(run.summary).toContain("#1 was revised 3 time(s), 'max-revisions' is 3: nothing was changed");
    github.assertNoInvalidRequests();
  });

  it('a commenter without write permission is refused in one line; a comment that is not the command is ignored', async () => {
    const refused = await revise('visitor', await commentEvent('/crash-autofix revise do it'));
    expect(refused.code).toBe(1);
    expect(refused.outputs.status).toBe('FAILED');
    expect(refused.outputs.error).toBe("@visitor has 'read' permission on acme/server; revise acts only for users with write, maintain or admin permission. Nothing was changed");
    const ignored = await revise('lead-dev', await commentEvent('Thanks, looks good'));
    expect(ignored.code).toBe(0);
    expect(ignored.outputs.status).toBe('IGNORED');
    expect(github.state.comments).toHaveLength(0);
  });
});
