import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LocalCrashDatabase } from '../../../src/adapters/crash-db/local-crash-database.js';
import { GitHubCrashDatabase } from '../../../src/adapters/github/github-crash-database.js';
import type { CrashIssue, CrashIssueClient } from '../../../src/adapters/github/crash-issue-client.js';
import { openCrashDatabase } from '../../../src/composition/crash-database.js';
import { buildSettings } from '../../../src/settings/build-settings.js';
import { fakeEnvironment } from '../../fakes/environment.js';
import { occurrence, SIG } from '../../fixtures/crash-events.js';
import { makeTempDir } from '../../fixtures/git-repo.js';

const noConfig = (): Promise<string | null> => Promise.resolve(null);

/** GitHub's issues in memory: enough for the store's list, create and edit. */
function issuesInMemory(): CrashIssueClient & { issues: CrashIssue[] } {
  const issues: CrashIssue[] = [];
  return {
    repository: 'acme/server',
    issues,
    listIssuesWithLabel: (label) => Promise.resolve(issues.filter((i) => i.labels.includes(label))),
    createIssue: (issue) => {
      const created: CrashIssue = { number: issues.length + 1, url: `https://github.com/acme/server/issues/${issues.length + 1}`, state: 'open', title: issue.title, body: issue.body, labels: [...issue.labels] };
      issues.push(created);
      return Promise.resolve({ number: created.number, url: created.url, state: 'open' });
    },
    editIssue: (number, fields) => {
      const issue = issues.find((i) => i.number === number);
      if (issue !== undefined) Object.assign(issue, { ...fields, labels: fields.labels === undefined ? issue.labels : [...fields.labels] });
      return Promise.resolve();
    },
  };
}

describe('openCrashDatabase', () => {
  it('opens the state folder’s file by default', async () => {
    const stateDir = await makeTempDir('open-crash-db-');
    const settings = await buildSettings({ origin: 'cli', command: 'db', values: { 'state-dir': stateDir }, environment: fakeEnvironment(), readTextFile: noConfig });
    expect(settings.crashDbFile).toBe(path.join(stateDir, 'crash-db.json'));
    const db = await openCrashDatabase(settings);
    expect(db).toBeInstanceOf(LocalCrashDatabase);
    await db?.record([occurrence('o1', '2026-03-01T00:00:00Z')]);
    expect((await (await LocalCrashDatabase.create(settings.crashDbFile)).get(SIG))?.occurrences.count).toBe(1);
  });

  it('opens none when off, and the GitHub issues when github', async () => {
    const off = await buildSettings({ origin: 'cli', command: 'fix', values: { dump: '/d/core', 'crash-db': 'off' }, environment: fakeEnvironment(), readTextFile: noConfig });
    expect(await openCrashDatabase(off)).toBeNull();
    const github = await buildSettings({ origin: 'cli', command: 'db', values: { 'crash-db': 'github', repository: 'acme/server' }, environment: fakeEnvironment({ githubToken: 'ghp_test' }), readTextFile: noConfig });
    const client = issuesInMemory();
    const db = await openCrashDatabase(github, client);
    expect(db).toBeInstanceOf(GitHubCrashDatabase);
    await db?.record([occurrence('o1', '2026-03-01T00:00:00Z')]);
    expect(client.issues.map((i) => i.labels)).toEqual([['crash-db', 'crash:new']]);
  });

  it('refuses a crash-db value it does not know, naming the setting', async () => {
    await expect(buildSettings({ origin: 'cli', command: 'db', values: { 'crash-db': 'sqlite' }, environment: fakeEnvironment(), readTextFile: noConfig })).rejects.toThrow(
      `Option '--crash-db' must be one of 'local', 'github', 'off', got "sqlite"`,
    );
  });
});
