import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CrashIssueClient } from '../../src/adapters/github/crash-issue-client.js';
import { GitHubCrashDatabase } from '../../src/adapters/github/github-crash-database.js';
import { OctokitGitHubClient } from '../../src/adapters/github/octokit-github-client.js';
import type { CrashEvent } from '../../src/domain/crash-record.js';
import { analysed, approved, deployed, deployedBuild, occurrence, prOpened, SIG } from '../fixtures/crash-events.js';
import { GitHubApiServer } from '../fakes/github-api-server.js';

const TOKEN = 'ghs_crashDatabaseTestToken0123456789';

let server: GitHubApiServer;
let github: OctokitGitHubClient;

beforeEach(async () => {
  server = await GitHubApiServer.start({ token: TOKEN, owner: 'acme', repo: 'engine' });
  github = await OctokitGitHubClient.create({ token: TOKEN, baseUrl: server.baseUrl, owner: 'acme', repo: 'engine' });
});

afterEach(async () => {
  server.assertNoInvalidRequests();
  await server.close();
});

const crashIssues = (): typeof server.state.issues => server.state.issues.filter((i) => i.labels.includes('crash-db'));

describe('GitHubCrashDatabase on the GitHub stand-in', () => {
  it('opens one issue per signature and updates it in place: table, status label, record read back, no comments', async () => {
    const db = await GitHubCrashDatabase.create(github);
    await db.record([occurrence('o1', '2026-03-01T10:00:00Z'), occurrence('o2', '2026-03-02T10:00:00Z', { build: 'build-9', server: 'web-02' })]);
    expect(crashIssues()).toHaveLength(1);
    const issue = crashIssues()[0];
    expect(issue?.labels.sort()).toEqual(['crash-db', 'crash:new']);
    expect(issue?.title).toBe('Crash: Access violation in parse_header');
    // A person's own label stays through later updates.
    issue?.labels.push(server.state.addLabel('team-net').name);

    const [record] = await db.record([analysed('a1', '2026-03-02T10:05:00Z'), prOpened('p1', '2026-03-02T10:20:00Z', 41), occurrence('o3', '2026-03-03T10:00:00Z')]);
    expect(server.calls('issues/create')).toHaveLength(1);
    expect(crashIssues()).toHaveLength(1);
    expect(issue?.labels.sort()).toEqual(['crash-db', 'crash:pr-open', 'team-net']);
    expect(issue?.body).toContain('| Status | **pr-open** |');
    expect(issue?.body).toContain('| Occurrences | 3 (first 2026-03-01T10:00:00Z, last 2026-03-03T10:00:00Z) |');
    expect(issue?.body).toContain('| Pull request | [#41](https://github.com/acme/server/pull/41), high, opened 2026-03-02T10:20:00Z |');
    expect(issue?.body).toContain('| `build-1` | 2 | 2026-03-01T10:00:00Z | 2026-03-03T10:00:00Z |');
    expect(issue?.body).toContain('| `web-02` | 1 | 2026-03-02T10:00:00Z | 2026-03-02T10:00:00Z |');
    expect(server.state.comments).toEqual([]);
    expect(server.calls('issues/create-comment')).toEqual([]);

    const again = await GitHubCrashDatabase.create(github);
    expect(await again.get(SIG)).toEqual(record);
    expect(await again.list()).toEqual([record]);
    // Events already applied change nothing, and write nothing.
    const updates = server.calls('issues/update').length;
    expect(await again.record([occurrence('o3', '2026-03-03T10:00:00Z')])).toEqual([]);
    expect(server.calls('issues/update')).toHaveLength(updates);
  });

  it('orders builds across signatures from every issue’s deployments: a regression', async () => {
    const db = await GitHubCrashDatabase.create(github);
    await db.record([occurrence('o1', '2026-03-01T00:00:00Z'), approved('ok', '2026-03-02T00:00:00Z'), deployed('d1', '2026-03-03T00:00:00Z', 'production', deployedBuild('f1x', ['build-2']))]);
    await db.record([{ ...deployed('x:d', '2026-03-05T00:00:00Z', 'production', deployedBuild('0th3r', ['build-3'])), signature: 'other-signature' }]);
    const [record] = await (await GitHubCrashDatabase.create(github)).record([occurrence('o2', '2026-03-06T00:00:00Z', { build: 'build-3' })]);
    expect(record).toMatchObject({ status: 'regressed', regressions: [{ build: 'build-3', fixedIn: { commit: 'f1x' } }] });
    expect(crashIssues().map((i) => i.labels.filter((l) => l.startsWith('crash:')))).toEqual([['crash:regressed'], ['crash:deployed']]);
  });

  it('never keeps a second issue for a signature: when another runner opened one first, the events go there', async () => {
    const other = await GitHubCrashDatabase.create(github);
    let raced = false;
    // This runner listed no issue; before its create lands, the other runner's does.
    const racing: CrashIssueClient = {
      repository: github.repository,
      listIssuesWithLabel: (label) => github.listIssuesWithLabel(label),
      editIssue: (number, fields) => github.editIssue(number, fields),
      createIssue: async (issue) => {
        if (!raced) {
          raced = true;
          await other.record([occurrence('theirs', '2026-03-01T09:00:00Z', { server: 'runner-b' })]);
        }
        return github.createIssue(issue);
      },
    };
    const db = await GitHubCrashDatabase.create(racing);
    const [record] = await db.record([occurrence('mine', '2026-03-01T10:00:00Z', { server: 'runner-a' })]);
    expect(record?.occurrences.count).toBe(2);
    expect(crashIssues()).toHaveLength(1);
    const [winner, loser] = server.state.issues;
    expect(winner?.labels).toContain('crash-db');
    expect(loser).toMatchObject({ state: 'closed', labels: ['crash-db-duplicate'], body: `Duplicate of #${winner?.number}, the crash record of ${SIG}: two runners opened it at once.` });
    expect(Object.keys((await db.get(SIG))?.occurrences.byServer ?? {}).sort()).toEqual(['runner-a', 'runner-b']);
  });

  it('keeps a large record within GitHub’s body limit', async () => {
    const events: CrashEvent[] = Array.from({ length: 800 }, (_, i) =>
      occurrence(`occurrence-${i}-${'x'.repeat(40)}`, new Date(Date.UTC(2025, 0, 1 + i)).toISOString(), { build: `build-${i % 120}-${'b'.repeat(30)}`, server: `server-${i % 60}`, jobId: `job-${i}` }),
    );
    await (await GitHubCrashDatabase.create(github)).record(events);
    const body = crashIssues()[0]?.body ?? '';
    expect(body.length).toBeLessThan(65_536);
    expect(body).toContain('| 110 more | | | |');
    expect((await (await GitHubCrashDatabase.create(github)).get(SIG))?.occurrences.count).toBe(800);
  });

  it('says which issue is damaged and what to do, and still serves the other signatures', async () => {
    const db = await GitHubCrashDatabase.create(github);
    await db.record([occurrence('o1', '2026-03-01T00:00:00Z'), occurrence('x1', '2026-03-01T00:00:00Z', { signature: 'other-signature' })]);
    const issue = crashIssues()[0];
    if (issue === undefined) throw new Error('no issue');
    issue.body = (issue.body ?? '').replace(/ (H4sI[A-Za-z0-9+/=]{20})/, ' Zm9v$1');
    await expect(db.record([occurrence('o2', '2026-03-02T00:00:00Z')])).rejects.toThrow(
      `The crash record in issue #${issue.number} (${server.baseUrl}/web/acme/engine/issues/${issue.number}) is damaged (its hidden record line was edited); restore the body from the issue's edit history, or remove the 'crash-db' label to start a new record`,
    );
    expect((await db.list()).map((r) => r.signature)).toEqual(['other-signature']);
    await db.record([occurrence('x2', '2026-03-02T00:00:00Z', { signature: 'other-signature' })]);
    expect((await db.get('other-signature'))?.occurrences.count).toBe(2);
    expect(server.calls('issues/create')).toHaveLength(2);
  });
});
