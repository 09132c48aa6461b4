import { describe, expect, it } from 'vitest';
import { ActionsArtifactStore } from '../../../../src/adapters/artifact/actions-artifact-store.js';
import { artifactNameForJob } from '../../../../src/adapters/artifact/artifact-store.js';

describe('artifactNameForJob', () => {
  it('builds one stable name per job', () => {
    expect(artifactNameForJob('3f9a1c02b7d4e681')).toBe('crash-autofix-3f9a1c02b7d4e681');
  });

  it('replaces characters the artifact service refuses', () => {
    expect(artifactNameForJob('a/b\\c:d*e?f|g"h<i>j\nk')).toBe('crash-autofix-a-b-c-d-e-f-g-h-i-j-k');
  });
});

describe('ActionsArtifactStore.create', () => {
  it.each([0, 91, 2.5, Number.NaN])('refuses a retention of %s days', (days) => {
    expect(() => ActionsArtifactStore.create({ retentionDays: days })).toThrow(`Artifact retention must be a whole number of days from 1 to 90, got ${String(days)}`);
  });

  it('refuses an invalid artifact name before anything is read or sent', async () => {
    await expect(ActionsArtifactStore.create().upload('jobs/1', ['/nonexistent'], '/')).rejects.toThrow('Artifact name "jobs/1" is not valid');
  });
});
