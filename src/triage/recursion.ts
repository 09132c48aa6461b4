/**
 * Recursion handling for stacks: collapsing repeats so the same bug hit at a
 * different recursion depth reads the same, and spotting runaway recursion.
 */

/** Longest call cycle looked for: A→B→…→A with at most this many distinct frames. */
export const MAX_CYCLE_PERIOD = 8;

/** A cycle must cover at least this many frames to count as runaway recursion. */
export const RUNAWAY_MIN_FRAMES = 64;

/** A cycle must repeat at least this many times to count as runaway recursion. */
export const RUNAWAY_MIN_REPEATS = 8;

/**
 * Removes consecutive repeats (`A A A B` → `A B`) and repeated cycles
 * (`A B A B A B C` → `A B C`) of up to `maxPeriod` items, keeping the first copy.
 */
export function collapseRecursion(items: readonly string[], maxPeriod = MAX_CYCLE_PERIOD): string[] {
  const out: string[] = [];
  for (const item of items) {
    out.push(item);
    // Removing one copy can expose another repeat at the new end, so loop until stable.
    let changed = true;
    while (changed) {
      changed = false;
      for (let p = 1; p <= maxPeriod && 2 * p <= out.length; p++) {
        if (endsWithRepeat(out, p)) {
          out.length -= p;
          changed = true;
          break;
        }
      }
    }
  }
  return out;
}

function endsWithRepeat(items: readonly string[], period: number): boolean {
  const n = items.length;
  for (let k = 1; k <= period; k++) {
    if (items[n - k] !== items[n - k - period]) return false;
  }
  return true;
}

export interface RecursionCycle {
  /** Index of the first item of the first repetition. */
  start: number;
  /** The repeating items, in stack order (innermost first). */
  cycle: string[];
  repeats: number;
}

/**
 * The shortest cycle that repeats back to back over at least `minFrames` items
 * and `minRepeats` times, or null: the mark of a stack overflow by recursion.
 */
export function findRunawayRecursion(
  items: readonly string[],
  minFrames = RUNAWAY_MIN_FRAMES,
  minRepeats = RUNAWAY_MIN_REPEATS,
  maxPeriod = MAX_CYCLE_PERIOD,
): RecursionCycle | null {
  for (let p = 1; p <= maxPeriod; p++) {
    // run = how many consecutive positions i satisfy items[i] === items[i + p].
    let run = 0;
    for (let i = 0; i + p < items.length; i++) {
      run = items[i] === items[i + p] ? run + 1 : 0;
      const covered = run + p;
      if (covered >= minFrames && Math.floor(covered / p) >= minRepeats) {
        const start = i - run + 1;
        let end = i + p + 1;
        while (end < items.length && items[end] === items[end - p]) end++;
        const cycle = items.slice(start, start + p);
        // A run of period p made of a shorter cycle was already found at that shorter period.
        return { start, cycle, repeats: Math.floor((end - start) / p) };
      }
    }
  }
  return null;
}

/**
 * The rotation of a cycle that sorts first, so a recursion entered or
 * overflowing at a different point of the cycle gives the same sequence.
 */
export function canonicalRotation(cycle: readonly string[]): string[] {
  let best: string[] = [...cycle];
  for (let r = 1; r < cycle.length; r++) {
    const rotated = [...cycle.slice(r), ...cycle.slice(0, r)];
    if (compareSequences(rotated, best) < 0) best = rotated;
  }
  return best;
}

function compareSequences(a: readonly string[], b: readonly string[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const x = a[i] as string;
    const y = b[i] as string;
    if (x !== y) return x < y ? -1 : 1;
  }
  return a.length - b.length;
}
