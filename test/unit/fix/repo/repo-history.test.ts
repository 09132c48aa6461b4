import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ToolInputError } from '../../../../src/base/errors.js';
import { NodeProcessRunner } from '../../../../src/adapters/exec/process-runner.js';
import { createRepoHistory } from '../../../../src/fix/repo/repo-history.js';
import { ExecGitClient } from '../../../../src/adapters/git/exec-git-client.js';
import { createGitRepo, type GitRepoFixture } from '../../../fixtures/git-repo.js';

describe('createRepoHistory', () => {
  let repo: GitRepoFixture;
  let git: ExecGitClient;
  beforeAll(async () => {
    repo = await createGitRepo({
      commits: Array.from({ length: 60 }, (_, i) => ({ message: `Change ${i + 1}`, files: { 'src/a.cpp': `int a = ${i};\n` }, date: `2024-02-01T00:${String(i).padStart(2, '0')}:00Z` })),
    });
    git = await ExecGitClient.create({ runner: new NodeProcessRunner(process.env), repoDir: repo.dir });
  });
  afterAll(async () => {
    await repo.remove();
  });

  it("returns the fixture's commits through the adapter, clamped to 50", async () => {
    const history = createRepoHistory(git);
    const log = await history.log('src/a.cpp', 500);
    expect(log).toHaveLength(50);
    expect(log[0]).toMatchObject({ hash: repo.commits[59], subject: 'Change 60', author: 'Fixture Author' });
    expect((await history.log('', 0)).map((c) => c.subject)).toEqual(['Change 60']);
  });

  it('refuses hostile paths with a ToolInputError', async () => {
    const history = createRepoHistory(git);
    await expect(history.log('../../etc', 5)).rejects.toBeInstanceOf(ToolInputError);
    await expect(history.log('--output=/tmp/x', 5)).resolves.toEqual([]);
  });
});
