import { describe, expect, it } from 'vitest';
import { labelColor } from '../../../src/adapters/github/label-color.js';
import { missingAssignees, pullRequestBody, regressionNote, uniqueLabels } from '../../../src/publish/open-pull-request.js';

const sig = 'divide-by-zero-aaaaaaaaaaaa';
const merged = { number: 7, url: 'https://github.com/acme/engine/pull/7', state: 'closed' as const, draft: false, merged: true, headBranch: 'crash-autofix/old' };

describe('pullRequestBody', () => {
  it('replaces any trailer in the text with one at the end', () => {
    expect(pullRequestBody(`Fix.\n\nCrash-Signature: other-bbbbbbbbbbbb\n`, sig, null)).toBe(`Fix.\n\nCrash-Signature: ${sig}`);
  });

  it('starts with the regression warning when a fix was merged before', () => {
    expect(pullRequestBody('Fix.', sig, merged)).toBe(`${regressionNote(sig, merged)}\n\nFix.\n\nCrash-Signature: ${sig}`);
    expect(regressionNote(sig, merged)).toContain('was fixed before by #7 (https://github.com/acme/engine/pull/7), which was merged;');
  });
});

describe('uniqueLabels', () => {
  it('drops blanks and case-insensitive repeats, keeping the first spelling and the order', () => {
    expect(uniqueLabels(['crash-autofix', ' Bug ', 'bug', '', 'Crash-Autofix', 'ui'])).toEqual(['crash-autofix', 'Bug', 'ui']);
  });
});

describe('missingAssignees', () => {
  it('names who GitHub skipped, ignoring case', () => {
    expect(missingAssignees(3, ['Alice', 'bob'], ['alice'])).toEqual(["GitHub did not assign bob to #3: only users with access to the repository can be assigned; check the 'assignees' setting"]);
    expect(missingAssignees(3, [], [])).toEqual([]);
  });
});

describe('labelColor', () => {
  it('is fixed for known labels and stable, six hex digits, for others', () => {
    expect(labelColor('regression')).toBe('b60205');
    expect(labelColor('Crash-Autofix')).toBe('5319e7');
    expect(labelColor('team:render')).toBe(labelColor('team:render'));
    expect(labelColor('team:render')).toMatch(/^[0-9a-f]{6}$/);
  });
});
