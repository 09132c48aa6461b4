import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { oldSideEdits, touchesGroundTruth } from '../../../scripts/fix-bench/ground-truth.js';
import { createGitRepo, type GitRepoFixture } from '../../fixtures/git-repo.js';

const FILE = 'src/world.cpp';
const ORIGINAL = Array.from({ length: 30 }, (_, i) => `line ${i + 1}`);

let repo: GitRepoFixture;

beforeAll(async () => {
  repo = await createGitRepo({ commits: [{ message: 'base', files: { [FILE]: `${ORIGINAL.join('\n')}\n`, 'src/other.cpp': '-- not a header\nint x;\n' } }] });
});

afterAll(async () => {
  await repo?.remove();
});

/** The diff git writes for these edits to the base files (as the fix stage's fix.diff is). */
async function diffOf(files: Record<string, string | null>): Promise<string> {
  for (const [file, text] of Object.entries(files)) {
    if (text === null) await repo.git('rm', '-q', file);
    else await repo.write(file, text);
  }
  await repo.git('add', '--all');
  const diff = await repo.git('diff', '--cached', 'HEAD');
  await repo.git('reset', '-q', '--hard', 'HEAD');
  await repo.git('clean', '-qfd');
  return diff;
}

const range = (startLine: number, endLine: number, file = FILE) => ({ file, startLine, endLine });

describe('oldSideEdits', () => {
  it('reads removed lines and insertion points on the old side, by file', async () => {
    const lines = [...ORIGINAL];
    lines.splice(11, 1, 'changed 12'); // line 12 replaced
    lines.splice(20, 0, 'guard a', 'guard b'); // two lines before old line 21
    const diff = await diffOf({ [FILE]: `${lines.join('\n')}\n`, 'src/other.cpp': 'int x;\n', 'src/new.cpp': 'int y;\n' });
    const edits = oldSideEdits(diff);
    expect(edits.get(FILE)).toEqual({ removed: [12], insertedBefore: [13, 21, 21] });
    // The removed `-- not a header` is a line of the hunk, not a file header.
    expect(edits.get('src/other.cpp')).toEqual({ removed: [1], insertedBefore: [] });
    expect(edits.get('src/new.cpp')).toEqual({ removed: [], insertedBefore: [1] });
  });

  it('places an insertion git writes without context after the line it names', () => {
    const diff = ['--- a/src/world.cpp', '+++ b/src/world.cpp', '@@ -5,0 +6,2 @@', '+a', '+b', ''].join('\n');
    expect(oldSideEdits(diff).get(FILE)).toEqual({ removed: [], insertedBefore: [6, 6] });
  });
});

describe('touchesGroundTruth', () => {
  it('counts a guard added right before a ground-truth line', async () => {
    const lines = [...ORIGINAL];
    lines.splice(14, 0, 'if (!p) return;'); // before old line 15
    const diff = await diffOf({ [FILE]: `${lines.join('\n')}\n` });
    expect(touchesGroundTruth(diff, [range(15, 15)])).toBe(true);
    expect(touchesGroundTruth(diff, [range(14, 14)])).toBe(false);
    expect(touchesGroundTruth(diff, [range(16, 20)])).toBe(false);
  });

  it('counts a changed or removed line inside any one range, in the right file', async () => {
    const lines = ORIGINAL.filter((_, i) => i !== 24); // old line 25 removed
    const diff = await diffOf({ [FILE]: `${lines.join('\n')}\n` });
    expect(touchesGroundTruth(diff, [range(1, 3), range(23, 25)])).toBe(true);
    expect(touchesGroundTruth(diff, [range(1, 3), range(26, 30)])).toBe(false);
    expect(touchesGroundTruth(diff, [range(23, 25, 'src/other.cpp')])).toBe(false);
  });

  it('is false for an empty diff', () => {
    expect(touchesGroundTruth('', [range(1, 30)])).toBe(false);
  });
});
