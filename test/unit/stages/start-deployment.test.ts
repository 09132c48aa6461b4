import { copyFile, mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { PullRequestStatus } from '../../../src/domain/approval.js';
import { startDeployment, type StartDeploymentDeps } from '../../../src/stages/start-deployment.js';
import { FakeDeployments } from '../../fakes/fake-release.js';
import { approved } from '../../fakes/sample-release-states.js';

async function buildFolder(): Promise<{ buildDir: string; jobDir: string }> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'start-deploy-'));
  const buildDir = path.join(root, 'build');
  await mkdir(path.join(buildDir, 'bin'), { recursive: true });
  await mkdir(path.join(buildDir, 'CMakeFiles', 'x.dir'), { recursive: true });
  await copyFile('/bin/true', path.join(buildDir, 'bin', 'worldserver'));
  // An object file is ELF too, but not a program: never part of a release.
  await copyFile('/bin/true', path.join(buildDir, 'CMakeFiles', 'x.dir', 'main.o'));
  return { buildDir, jobDir: path.join(root, 'job') };
}

function deps(jobDir: string, over: Partial<StartDeploymentDeps> = {}): StartDeploymentDeps & { deployments: FakeDeployments } {
  return {
    releaseDir: path.join(jobDir, 'release'),
    releaseFiles: [],
    environment: 'crash-fix-test',
    jobId: '0123456789abcdef',
    github: null,
    deployments: new FakeDeployments(),
    headOf: () => Promise.resolve('f'.repeat(40)),
    now: () => new Date('2026-12-04T12:00:00.000Z'),
    ...over,
  } as StartDeploymentDeps & { deployments: FakeDeployments };
}

describe('startDeployment', () => {
  it('packs the verified build with its checksum and build id, and opens one deployment for the merge commit', async () => {
    const { buildDir, jobDir } = await buildFolder();
    const state = { ...approved(), build: { ...approved().build, buildDir } };
    const d = deps(jobDir);
    const next = await startDeployment(state, d);
    expect(next.status).toBe('DEPLOYING');
    expect(next.release.files).toBe(1);
    expect(next.release.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(next.release.commit).toBe('a'.repeat(40));
    expect(next.release.fixCommit).toBe('f'.repeat(40));
    expect(next.release.dir).toBe(path.join(jobDir, 'release'));
    expect(d.deployments.created).toHaveLength(1);
    expect(d.deployments.created[0]).toMatchObject({ ref: 'a'.repeat(40), environment: 'crash-fix-test', jobId: '0123456789abcdef', production: false });
    expect(next.test).toMatchObject({ target: 'test', id: 100, deployedAt: null });
    // A re-run (the job killed before its state was saved) finds the same deployment.
    const again = await startDeployment(state, d);
    expect(d.deployments.created).toHaveLength(1);
    expect(again.test.id).toBe(100);
    expect(again.release.sha256).toBe(next.release.sha256);
  });

  it('takes only the release-files when they are set', async () => {
    const { buildDir, jobDir } = await buildFolder();
    await writeFile(path.join(buildDir, 'bin', 'worldserver.conf.dist'), 'WorldServerPort = 8085\n');
    expect((await startDeployment({ ...approved(), build: { ...approved().build, buildDir } }, deps(jobDir))).release.files).toBe(1);
    const next = await startDeployment({ ...approved(), build: { ...approved().build, buildDir } }, deps(jobDir, { releaseFiles: ['bin/*'] }));
    expect(next.release.files).toBe(2);
    // Build-system folders are never walked, whatever the globs say.
    await expect(startDeployment({ ...approved(), build: { ...approved().build, buildDir } }, deps(jobDir, { releaseFiles: ['**/*.o'] }))).rejects.toThrow(/no file matches/);
    await expect(startDeployment({ ...approved(), build: { ...approved().build, buildDir } }, deps(jobDir, { releaseFiles: ['*.exe'] }))).rejects.toThrow(/no file matches release-files \(\*\.exe\)/);
  });

  it('refuses a work tree that moved off the fix commit, and a build that is not on this runner', async () => {
    const { buildDir, jobDir } = await buildFolder();
    const state = { ...approved(), build: { ...approved().build, buildDir } };
    await expect(startDeployment(state, deps(jobDir, { headOf: () => Promise.resolve('b'.repeat(40)) }))).rejects.toThrow(/is at bbbbbbbbbbbb, not at the verified fix commit ffffffffffff/);
    await expect(startDeployment(state, deps(jobDir, { headOf: () => Promise.resolve(null) }))).rejects.toThrow(/is not on this runner: run 'deploy' \(deploy-target test\) on the runner that built the fix/);
  });

  it('waits, retryably, for an auto-merge that has not merged yet, and reads its commit once it has', async () => {
    const { buildDir, jobDir } = await buildFolder();
    const state = { ...approved(), build: { ...approved().build, buildDir }, merge: { method: 'squash' as const, auto: true, commit: null, at: '2026-12-04T11:00:00.000Z' } };
    let status: Partial<PullRequestStatus> = { merged: false, mergeCommitSha: null };
    const github = { getPullRequest: () => Promise.resolve(status as PullRequestStatus) };
    await expect(startDeployment(state, deps(jobDir, { github }))).rejects.toMatchObject({ retryable: true, message: expect.stringMatching(/has not merged yet/) as unknown });
    status = { merged: true, mergeCommitSha: 'c'.repeat(40) };
    expect((await startDeployment(state, deps(jobDir, { github }))).release.commit).toBe('c'.repeat(40));
  });
});
