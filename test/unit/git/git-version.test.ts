import { describe, expect, it } from 'vitest';
import { isSupportedGit, parseGitVersion } from '../../../src/git/git-version.js';

describe('parseGitVersion', () => {
  it.each([
    ['git version 2.39.5\n', 2, 39, 5],
    ['git version 2.45.1.windows.1\n', 2, 45, 1],
    ['git version 2.39.3 (Apple Git-145)\n', 2, 39, 3],
    ['git version 3.0\n', 3, 0, 0],
  ])('reads %j', (text, major, minor, patch) => {
    expect(parseGitVersion(text)).toMatchObject({ major, minor, patch });
  });

  it('returns null for anything else', () => {
    expect(parseGitVersion('hub version 2.14.2')).toBeNull();
  });

  it('supports 2.25 and newer only', () => {
    expect(isSupportedGit({ major: 2, minor: 24, patch: 9, text: '' })).toBe(false);
    expect(isSupportedGit({ major: 2, minor: 25, patch: 0, text: '' })).toBe(true);
    expect(isSupportedGit({ major: 3, minor: 0, patch: 0, text: '' })).toBe(true);
  });
});
