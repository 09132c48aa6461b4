import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { copyFile, mkdir } from 'node:fs/promises';
import type { StateOf } from '../../src/domain/job-state.js';
import { packRelease } from '../../src/release/pack-release.js';
import { awaitingApproval } from './sample-states.js';

const MERGE = 'a'.repeat(40);

/** #7 approved by @lead and squash-merged as `aaaa…`. */
export function approved(): StateOf<'APPROVED'> {
  return {
    ...awaitingApproval(),
    status: 'APPROVED',
    approval: { reviewers: [{ login: 'lead', comment: 'ship it' }], at: '2026-12-04T11:00:00.000Z' },
    merge: { method: 'squash', auto: false, commit: MERGE, at: '2026-12-04T11:00:01.000Z' },
  };
}

/** A real build folder with one small ELF program (a copy of /bin/true), and its release packed into `jobDir/release`. */
export async function packedRelease(): Promise<{ buildDir: string; jobDir: string; release: StateOf<'DEPLOYING'>['release'] }> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'release-'));
  const buildDir = path.join(root, 'build');
  await mkdir(path.join(buildDir, 'bin'), { recursive: true });
  await copyFile('/bin/true', path.join(buildDir, 'bin', 'worldserver'));
  const jobDir = path.join(root, 'job');
  const packed = await packRelease(buildDir, [], path.join(jobDir, 'release'));
  return {
    buildDir,
    jobDir,
    release: { dir: packed.dir, sha256: packed.sha256, files: packed.files.length, bytes: packed.bytes, buildIds: packed.buildIds, commit: MERGE, fixCommit: 'f'.repeat(40), packedAt: '2026-12-04T11:01:00.000Z' },
  };
}

export function deploying(release: StateOf<'DEPLOYING'>['release']): StateOf<'DEPLOYING'> {
  return {
    ...approved(),
    status: 'DEPLOYING',
    release,
    test: { target: 'test', environment: 'crash-fix-test', id: 100, url: 'https://api.github.test/deployments/100', createdAt: '2026-12-04T11:01:00.000Z', deployStartedAt: null, deployedAt: null, healthyAt: null },
  };
}

export function stressTesting(release: StateOf<'DEPLOYING'>['release']): StateOf<'STRESS_TESTING'> {
  const d = deploying(release);
  return { ...d, status: 'STRESS_TESTING', test: { ...d.test, deployStartedAt: d.test.createdAt, deployedAt: '2026-12-04T11:02:00.000Z', healthyAt: '2026-12-04T11:02:05.000Z' }, stress: null };
}
