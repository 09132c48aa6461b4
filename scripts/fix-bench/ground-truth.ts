/**
 * Whether a fix's unified diff touches a scenario's ground truth: the lines
 * of the crashed commit a correct fix changes. Read on the diff's old side,
 * so the line numbers are those of the scenario file.
 */
import type { LineRange } from './scenario-file.js';

export interface OldSideEdits {
  /** Old-side lines removed or replaced. */
  removed: number[];
  /** Old-side lines that new lines were added right before (one past the end for an append). */
  insertedBefore: number[];
}

/** Per file (repository-relative, the old side's name; the new name for an added file), what the diff changes. */
export function oldSideEdits(diff: string): Map<string, OldSideEdits> {
  const edits = new Map<string, OldSideEdits>();
  let oldName: string | null = null;
  let current: OldSideEdits | null = null;
  let oldLine = 0;
  // Lines left in the hunk on each side: a removed `-- x` line is not a file header.
  let oldLeft = 0;
  let newLeft = 0;
  for (const line of diff.split('\n')) {
    if (current !== null && (oldLeft > 0 || newLeft > 0)) {
      if (line.startsWith('-')) {
        current.removed.push(oldLine++);
        oldLeft--;
      } else if (line.startsWith('+')) {
        current.insertedBefore.push(oldLine);
        newLeft--;
      } else if (line.startsWith(' ') || line === '') {
        oldLine++;
        oldLeft--;
        newLeft--;
      }
      continue;
    }
    if (line.startsWith('--- ')) {
      oldName = diffPath(line.slice(4));
      current = null;
    } else if (line.startsWith('+++ ')) {
      const name = oldName ?? diffPath(line.slice(4));
      current = name === null ? null : (edits.get(name) ?? { removed: [], insertedBefore: [] });
      if (name !== null && current !== null) edits.set(name, current);
    } else {
      const hunk = /^@@ -(\d+)(?:,(\d+))? \+\d+(?:,(\d+))? @@/.exec(line);
      if (!hunk) continue;
      oldLeft = hunk[2] === undefined ? 1 : Number(hunk[2]);
      newLeft = hunk[3] === undefined ? 1 : Number(hunk[3]);
      // An empty old side (`-5,0`) names the line the new lines come after.
      oldLine = oldLeft === 0 ? Number(hunk[1]) + 1 : Number(hunk[1]);
    }
  }
  return edits;
}

/** `a/src/x.cpp` → `src/x.cpp`; `/dev/null` → null. Git quotes unusual names: those are unquoted. */
function diffPath(raw: string): string | null {
  let name = raw.replace(/\t.*$/, '').trim();
  if (name.startsWith('"') && name.endsWith('"')) name = JSON.parse(name) as string;
  if (name === '/dev/null') return null;
  return name.replace(/^[ab]\//, '');
}

/**
 * True when the diff removes or changes a line of one of the ranges, or adds
 * lines right before one of them (a guard above the crashing line).
 */
export function touchesGroundTruth(diff: string, groundTruth: readonly LineRange[]): boolean {
  const edits = oldSideEdits(diff);
  return groundTruth.some((range) => {
    const file = edits.get(range.file);
    if (!file) return false;
    const inside = (n: number): boolean => n >= range.startLine && n <= range.endLine;
    return file.removed.some(inside) || file.insertedBefore.some(inside);
  });
}
