import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { excludeFromCheckout } from '../../../../src/adapters/git/info-exclude.js';
import { createGitRepo, makeTempDir, runGit, writeFixtureFile, type GitRepoFixture } from '../../../fixtures/git-repo.js';

describe('excludeFromCheckout', () => {
  let repo: GitRepoFixture;
  beforeEach(async () => {
    repo = await createGitRepo({ commits: [{ message: 'Base', files: { 'src/a.cpp': 'int a;\n' } }] });
  });
  afterEach(async () => repo.remove());

  it('keeps a state folder inside the checkout out of git status, once', async () => {
    const state = path.join(repo.dir, '.crash-autofix');
    await repo.write('.crash-autofix/jobs/x/job.json', '{}');
    expect(await repo.git('status', '--porcelain')).toBe('?? .crash-autofix/\n');
    expect(await excludeFromCheckout(repo.dir, state)).toBe(path.join(repo.dir, '.git', 'info', 'exclude'));
    expect(await repo.git('status', '--porcelain')).toBe('');
    expect(await excludeFromCheckout(repo.dir, state)).toBeNull();
    const lines = (await readFile(path.join(repo.dir, '.git', 'info', 'exclude'), 'utf8')).split('\n');
    expect(lines.filter((l) => l === '/.crash-autofix/')).toHaveLength(1);
  });

  it('names a nested folder from the top of the checkout, with glob characters taken literally', async () => {
    const sourceRoot = path.join(repo.dir, 'src');
    await excludeFromCheckout(sourceRoot, path.join(repo.dir, 'out', 'state[1]'));
    await repo.write('out/state[1]/job.json', '{}');
    await repo.write('out/state1/keep.txt', 'x');
    expect(await repo.git('status', '--porcelain', '--untracked-files=all')).toBe('?? out/state1/keep.txt\n');
  });

  it('writes the shared exclude file of a linked work tree', async () => {
    const linked = path.join(await makeTempDir('linked-'), 'tree');
    await runGit(repo.dir, ['worktree', 'add', '--quiet', '--detach', linked]);
    expect(await excludeFromCheckout(linked, path.join(linked, '.crash-autofix'))).toBe(path.join(repo.dir, '.git', 'info', 'exclude'));
    await writeFixtureFile(linked, '.crash-autofix/job.json', '{}');
    expect(await runGit(linked, ['status', '--porcelain'])).toBe('');
  });

  it('leaves folders outside the checkout, and the checkout itself, alone', async () => {
    const outside = await makeTempDir('state-');
    expect(await excludeFromCheckout(repo.dir, outside)).toBeNull();
    expect(await excludeFromCheckout(repo.dir, repo.dir)).toBeNull();
    expect(await excludeFromCheckout(outside, path.join(outside, '.crash-autofix'))).toBeNull();
    expect(await readFile(path.join(repo.dir, '.git', 'info', 'exclude'), 'utf8').catch(() => '')).not.toContain('crash-autofix');
  });
});
