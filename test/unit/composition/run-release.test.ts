import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runRelease } from '../../../src/composition/run-release.js';
import type { JobRecord } from '../../../src/domain/job-state.js';
import { FolderJobStore } from '../../../src/pipeline/folder-job-store.js';
import { MemoryLogger } from '../../../src/pipeline/logger.js';
import { newJobRecord } from '../../../src/pipeline/runner.js';
import { buildSettings } from '../../../src/settings/build-settings.js';
import { fakeEnvironment } from '../../fakes/environment.js';
import { FakeClock } from '../../fakes/fake-release.js';
import { packedRelease, stressTesting } from '../../fakes/sample-release-states.js';

describe('runRelease', () => {
  it('puts the release job and a new crash’s intake job back for the next jobs', async () => {
    const stateDir = await mkdtemp(path.join(os.tmpdir(), 'run-release-'));
    const { release } = await packedRelease();
    const record = newJobRecord('0123456789abcdef', stressTesting(release), new Date('2026-12-04T12:00:00.000Z'));
    await new FolderJobStore(stateDir).save(record);
    const settings = await buildSettings({
      origin: 'cli',
      command: 'stress',
      values: { 'source-root': stateDir, 'state-dir': stateDir, 'stress-duration': '2', 'stress-interval': '1', 'rollback-command': 'true', 'crash-db': 'off' },
      environment: fakeEnvironment(),
      readTextFile: async () => null,
    });
    const published: string[] = [];
    const records = { find: (): Promise<JobRecord[]> => Promise.resolve([record]), publish: (id: string): Promise<void> => Promise.resolve(void published.push(id)) };
    let listings = 0;
    const watch = {
      listDumps: () => Promise.resolve(listings++ === 0 ? [] : ['/dumps/core.9']),
      triage: () => Promise.resolve({ sha256: 'e'.repeat(64), signature: 'abort-222222222222', jobId: 'fedcba9876543210', note: 'job fedcba9876543210' }),
    };
    const clock = new FakeClock();
    const outcome = await runRelease('stress', settings, { records, log: new MemoryLogger(), now: clock.now, sleep: clock.sleep, watch });
    expect(outcome.status).toBe('ROLLED_BACK');
    expect(outcome.message).toMatch(/rolled back from test: the server crashed during the stress run: a new crash abort-222222222222 \(intake job fedcba9876543210\)/);
    expect(published).toEqual(['0123456789abcdef', 'fedcba9876543210']);
  });
});
