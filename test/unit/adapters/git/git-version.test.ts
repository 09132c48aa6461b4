import { describe, expect, it } from 'vitest';
import { isSupportedGit, parseGitVersion } from '../../../../src/adapters/git/git-version.js';

describe('parseGitVersion', () => {
  it.each([
    ['git version 2.39.5\n', 2, 39, 5],
    ['git version 2.45.1.windows.1\n', 2, 45, 1],
    ['git version 2.39.3 (Apple Git-145)\n', 2, 39, 3],
    ['git version 3.0\n', 3, 0, 0],
  ])('reads %j', (text, major, minor, patch) => {
    expect(parseGitVersion(text)).toMatchObject({ major, minor, patch });
  });

  it('keeps the vendor suffix in the text it shows', () => {
    expect(parseGitVersion('git version 2.45.1.windows.1\n')).toMatchObject({ parts: [2, 45, 1], text: '2.45.1.windows.1' });
  });

  it('returns null for anything else', () => {
    expect(parseGitVersion('hub version 2.14.2')).toBeNull();
  });

  it('supports 2.25 and newer only', () => {
    const at = (text: string) => isSupportedGit(parseGitVersion(`git version ${text}`) ?? expect.unreachable(text));
    expect(at('2.24.9')).toBe(false);
    expect(at('2.25.0')).toBe(true);
    expect(at('3.0')).toBe(true);
  });
});
